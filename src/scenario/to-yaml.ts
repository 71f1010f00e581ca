/**
 * `scenarioToYaml`: write a scenario object (the file's shape, e.g. one a
 * property test generated and shrank) as a replayable YAML file, keys in the
 * documented order and short lists inline, so it reads like a hand-written one.
 */
import { Document, isCollection, isMap, isPair, isScalar, isSeq, visit, type Node } from 'yaml';
import { TOP_LEVEL_KEYS } from './load.js';

/** A scenario in the file's own shape (strings for durations, ratios, latencies). */
export interface ScenarioDocument {
  readonly name?: string;
  readonly description?: string;
  readonly seed?: number;
  readonly cluster: unknown;
  readonly network?: { readonly latency?: string; readonly loss?: string };
  readonly images?: unknown;
  readonly files?: Readonly<Record<string, string>>;
  readonly steps: readonly Readonly<Record<string, unknown>>[];
  readonly invariants?: readonly string[];
  readonly limits?: { readonly maxEvents?: number; readonly maxTime?: string };
}

export interface ToYamlOptions {
  /** Adds `# yaml-language-server: $schema=<path>` as the first line (e.g. `./schema.json`). */
  readonly schemaPath?: string;
  /** Comment lines written after the schema line (e.g. how the file was found). */
  readonly comment?: string;
}

const STEP_KEY_ORDER = ['id', 'at', 'wait'];
const STEP_KEY_LAST = ['on', 'tty', 'env', 'stdin', 'took', 'within', 'for', 'save'];

function ordered(record: Readonly<Record<string, unknown>>, first: readonly string[], last: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(record);
  const middle = keys.filter((key) => !first.includes(key) && !last.includes(key));
  for (const key of [...first, ...middle, ...last]) if (record[key] !== undefined && keys.includes(key)) out[key] = record[key];
  return out;
}

/** A collection of scalars (or of such collections) that fits on one short line. */
function isShort(node: Node): boolean {
  if (isScalar(node)) return typeof node.value !== 'string' || !node.value.includes('\n');
  if (!isCollection(node)) return false;
  return node.items.every((item) => (isPair(item) ? isScalar(item.key) && isShort(item.value as Node) : isShort(item as Node)));
}

function scalarLength(node: Node): number {
  return JSON.stringify(node.toJSON()).length;
}

export function scenarioToYaml(scenario: ScenarioDocument, options: ToYamlOptions = {}): string {
  const top = ordered(scenario as unknown as Record<string, unknown>, TOP_LEVEL_KEYS.filter((key) => key !== 'steps'), ['steps']);
  if (Array.isArray(top.steps)) top.steps = (top.steps as Record<string, unknown>[]).map((step) => ordered(step, STEP_KEY_ORDER, STEP_KEY_LAST));
  const doc = new Document(top);
  visit(doc, {
    Map: (_, node) => {
      if (isShort(node) && scalarLength(node) <= 70) node.flow = true;
    },
    Seq: (_, node) => {
      if (isShort(node) && scalarLength(node) <= 70) node.flow = true;
    },
  });
  // The file itself, `steps:` and each step stay in block style: one key per line.
  if (isMap(doc.contents)) doc.contents.flow = false;
  const steps = doc.get('steps', true);
  if (isSeq(steps)) {
    steps.flow = false;
    for (const step of steps.items) if (isMap(step)) step.flow = false;
  }
  const header: string[] = [];
  if (options.schemaPath !== undefined) header.push(`# yaml-language-server: $schema=${options.schemaPath}`);
  if (options.comment !== undefined) for (const line of options.comment.split('\n')) header.push(`# ${line}`.trimEnd());
  const body = doc.toString({ lineWidth: 0 });
  return header.length === 0 ? body : `${header.join('\n')}\n${body}`;
}
