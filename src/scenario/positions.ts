/**
 * From a key path to a place in the YAML text. The loader validates the plain
 * JavaScript value of the document; errors come back as key paths, and this
 * module walks the YAML node tree along the same path to find the line and
 * column: the value for a wrong value, the key for an unknown key, the key
 * that owns the mapping for a missing key.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { SourcePosition } from './types.js';
import type { KeyPath } from './words.js';

export type Target = 'value' | 'key';

export class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Position of an offset in the text. */
  at(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, col };
  }

  /** Where the node at `path` sits (see the module header for which part). */
  locate(path: KeyPath, target: Target = 'value'): SourcePosition {
    let node: unknown = this.doc.contents;
    let owner: Pair | undefined;
    for (let i = 0; i < path.length; i++) {
      const next = child(node, path[i] as string | number);
      if (next === undefined) return this.ofNode(owner?.key) ?? this.ofNode(node) ?? START;
      if (next.pair !== undefined && target === 'key' && i === path.length - 1) {
        return this.ofNode(next.pair.key) ?? START;
      }
      owner = next.pair;
      node = next.node;
    }
    if (isEmptyScalar(node)) return this.ofNode(owner?.key) ?? START;
    return this.ofNode(node) ?? this.ofNode(owner?.key) ?? START;
  }

  /** Every scalar under `path` whose value is `text` (for node names a model's nodeRefs returned). */
  findScalar(path: KeyPath, text: string): SourcePosition | undefined {
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      const next = child(node, segment);
      if (next === undefined) return undefined;
      node = next.node;
    }
    return this.searchScalar(node, text);
  }

  private searchScalar(node: unknown, text: string): SourcePosition | undefined {
    if (isScalar(node)) return String(node.value) === text ? this.ofNode(node) : undefined;
    if (isMap(node)) {
      for (const pair of node.items) {
        const found = this.searchScalar(pair.value, text);
        if (found !== undefined) return found;
      }
    }
    if (isSeq(node)) {
      for (const item of node.items) {
        const found = this.searchScalar(item, text);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  private ofNode(node: unknown): SourcePosition | undefined {
    const range = (node as Node | null | undefined)?.range;
    if (range === undefined || range === null) return undefined;
    return this.at(range[0]);
  }

}

const START: SourcePosition = { line: 1, col: 1 };

/** `crash:` with nothing after it parses as an empty null scalar placed after the colon. */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.source === '';
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

function child(node: unknown, segment: string | number): { node: unknown; pair?: Pair } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && keyText(item) === String(segment));
    return pair === undefined ? undefined : { node: pair.value, pair };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { node: item };
  }
  return undefined;
}
