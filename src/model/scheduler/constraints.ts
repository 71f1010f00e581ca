/**
 * Placement constraints as SwarmKit parses and matches them
 * (`swarmkit manager/constraint/constraint.go#Parse`, `#Match`, `#NodeMatches`;
 * swarm-services.md §9.5).
 *
 * Parse: the operators are tried in the order `==`, `!=`; the first one the
 * expression contains splits it at its first occurrence. Key and value are
 * trimmed (Go's `strings.TrimSpace`), then checked against SwarmKit's two
 * regular expressions. The error texts are SwarmKit's, byte for byte.
 *
 * Match: case-insensitive whole-string equality (no globbing). A missing
 * attribute compares as '' (so `node.labels.x!=y` matches a node without the
 * label); an unknown key never matches, for either operator.
 */
import type { Node } from '../store/objects.js';

export type ConstraintOperator = '==' | '!=';

export interface Constraint {
  /** As written (trimmed); compared case-insensitively, label names case-sensitively. */
  readonly key: string;
  readonly operator: ConstraintOperator;
  readonly exp: string;
}

export type ParseResult =
  | { readonly ok: true; readonly constraints: readonly Constraint[] }
  | { readonly ok: false; readonly error: string };

const OPERATORS: readonly ConstraintOperator[] = ['==', '!='];

/** `^(?i)[a-z_][a-z0-9\-_.]+$` */
const KEY_PATTERN = /^[a-z_][a-z0-9\-_.]+$/i;
/** `^(?i)[a-z0-9:\-_\s\.\*\(\)\?\+\[\]\\\^\$\|\/]+$` with Go's ASCII `\s` = [\t\n\f\r ]. */
const VALUE_PATTERN = /^[a-z0-9:\-_\t\n\f\r .*()?+[\]\\^$|/]+$/i;

/** Go's unicode.IsSpace set, which `strings.TrimSpace` trims (JS `trim` also trims U+FEFF; Go does not). */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

export function goTrimSpace(text: string): string {
  return text.replace(GO_TRIM, '');
}

export const NODE_LABEL_PREFIX = 'node.labels.';
export const ENGINE_LABEL_PREFIX = 'engine.labels.';

function parseOne(expression: string): Constraint | string {
  for (const operator of OPERATORS) {
    const at = expression.indexOf(operator);
    if (at < 0) continue;
    const key = goTrimSpace(expression.slice(0, at));
    if (!KEY_PATTERN.test(key)) return `key '${key}' is invalid`;
    const exp = goTrimSpace(expression.slice(at + operator.length));
    if (!VALUE_PATTERN.test(exp)) return `value '${exp}' is invalid`;
    return { key, operator, exp };
  }
  return `constraint expected one operator from ${OPERATORS.join(', ')}`;
}

/** Parse every expression; the first error stops (SwarmKit returns it as is). */
export function parseConstraints(expressions: readonly string[]): ParseResult {
  const constraints: Constraint[] = [];
  for (const expression of expressions) {
    const parsed = parseOne(expression);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    constraints.push(parsed);
  }
  return { ok: true, constraints };
}

/** Go's strings.EqualFold, to the precision the simulator needs. */
export function equalFold(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** `Constraint.Match`: any candidate equal (case-insensitively) decides `==`; `!=` is its negation. */
export function constraintMatches(constraint: Constraint, ...whats: readonly string[]): boolean {
  const match = whats.some((what) => equalFold(constraint.exp, what));
  return constraint.operator === '==' ? match : !match;
}

function hasPrefixFold(key: string, prefix: string): boolean {
  return key.length > prefix.length && equalFold(key.slice(0, prefix.length), prefix);
}

function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** `node.ip`: an IPv4 address or CIDR against the node's address; malformed ⇒ no match (either operator). */
function ipMatches(constraint: Constraint, nodeAddr: string): boolean {
  const node = parseIPv4(nodeAddr);
  const single = parseIPv4(constraint.exp);
  let inside: boolean;
  if (single !== undefined) {
    inside = node === single;
  } else {
    const [base, bits] = constraint.exp.split('/');
    const network = base === undefined ? undefined : parseIPv4(base);
    const size = bits !== undefined && /^\d{1,2}$/.test(bits) ? Number(bits) : -1;
    if (network === undefined || size < 0 || size > 32) return false;
    const block = 2 ** (32 - size);
    inside = node !== undefined && Math.floor(node / block) === Math.floor(network / block);
  }
  return constraint.operator === '==' ? inside : !inside;
}

/** The node attribute a key names, or undefined for an unknown key. */
function attribute(key: string, node: Node): string | undefined {
  const description = node.description;
  if (equalFold(key, 'node.id')) return node.id;
  if (equalFold(key, 'node.hostname')) return description?.hostname ?? '';
  if (equalFold(key, 'node.role')) return node.role;
  if (equalFold(key, 'node.platform.os')) return description?.platform.os ?? '';
  if (equalFold(key, 'node.platform.arch')) return description?.platform.architecture ?? '';
  if (hasPrefixFold(key, NODE_LABEL_PREFIX)) return node.spec.labels[key.slice(NODE_LABEL_PREFIX.length)] ?? '';
  if (hasPrefixFold(key, ENGINE_LABEL_PREFIX)) {
    return description?.engine.labels[key.slice(ENGINE_LABEL_PREFIX.length)] ?? '';
  }
  return undefined;
}

/** `constraint.NodeMatches`: every constraint must hold. */
export function nodeMatches(constraints: readonly Constraint[], node: Node): boolean {
  for (const constraint of constraints) {
    if (equalFold(constraint.key, 'node.ip')) {
      if (!ipMatches(constraint, node.status.addr)) return false;
      continue;
    }
    const value = attribute(constraint.key, node);
    if (value === undefined || !constraintMatches(constraint, value)) return false;
  }
  return true;
}

/** Parse and match in one go; unparsable constraints match every node (the filter is disabled). */
export function nodeMatchesExpressions(expressions: readonly string[], node: Node): boolean {
  const parsed = parseConstraints(expressions);
  return !parsed.ok || nodeMatches(parsed.constraints, node);
}
