/**
 * The loader's working state for one file: the source map for positions and
 * the errors found so far. Every check reports here and carries on, so one
 * pass reports every problem in the file.
 */
import type { z } from 'zod';
import type { SourceMap } from './positions.js';
import type { ScenarioError, SourcePosition } from './types.js';
import { issuesToErrors } from './zod-issues.js';
import { didYouMean, listWords, renderPath, type KeyPath } from './words.js';

export class LoadContext {
  readonly errors: ScenarioError[] = [];

  constructor(
    readonly file: string,
    readonly source: SourceMap,
  ) {}

  error(path: KeyPath, message: string, target: 'value' | 'key' = 'value'): void {
    this.errorAt(this.source.locate(path, target), path, message);
  }

  errorAt(position: SourcePosition, path: KeyPath, message: string): void {
    this.errors.push({ file: this.file, line: position.line, col: position.col, path: renderPath(path), message });
  }

  /** Validate `value` with `schema`; report its issues under `path`; the parsed value or undefined. */
  check<T>(schema: z.ZodType<T>, value: unknown, path: KeyPath): T | undefined {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const error of issuesToErrors(schema, result.error.issues, value, path)) {
      this.error(error.path, error.message, error.target);
    }
    return undefined;
  }

  /** Report each key of `record` not in `allowed` (with a did-you-mean hint). */
  unknownKeys(record: Readonly<Record<string, unknown>>, allowed: readonly string[], path: KeyPath): void {
    for (const key of Object.keys(record)) {
      if (allowed.includes(key)) continue;
      const hint = didYouMean(key, allowed);
      this.error([...path, key], hint === '' ? `unknown key, expected ${listWords(allowed)}` : `unknown key${hint}`, 'key');
    }
  }

  position(path: KeyPath, target: 'value' | 'key' = 'value'): SourcePosition {
    return this.source.locate(path, target);
  }

  /** Errors sorted by position (then by the order found). */
  sortedErrors(): ScenarioError[] {
    return this.errors
      .map((error, order) => ({ error, order }))
      .sort((a, b) => a.error.line - b.error.line || a.error.col - b.error.col || a.order - b.order)
      .map(({ error }) => error);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
