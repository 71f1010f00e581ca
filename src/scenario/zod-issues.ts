/**
 * Turn zod issues into load errors: `<key path>: expected <what>, got <what>`.
 * zod's default texts ("Invalid input: expected array, received string") are
 * replaced by our own words; a schema's custom message starting with
 * `expected` gets `, got <what was there>` appended. Unknown keys get a
 * "did you mean" hint from the keys the schema declares at that place.
 */
import type { z } from 'zod';
import { describeType, describeValue, didYouMean, listWords, type KeyPath } from './words.js';

/** One error before it has a position: the path, the message, and which part of the node to point at. */
export interface PathError {
  readonly path: KeyPath;
  readonly message: string;
  readonly target: 'value' | 'key';
}

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  null: 'nothing',
  undefined: 'nothing',
};

export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment as string];
  }
  return value;
}

function isCustom(message: string): boolean {
  return message.startsWith('expected');
}

function bound(issue: { origin: string; inclusive?: boolean }, limit: unknown, small: boolean, value: unknown): string {
  const origin = issue.origin;
  if (origin === 'array' || origin === 'set') {
    const count = Array.isArray(value) ? value.length : 0;
    return `expected ${small ? 'at least' : 'at most'} ${String(limit)} item${limit === 1 ? '' : 's'}, got ${count}`;
  }
  if (origin === 'string') {
    if (small && limit === 1) return `expected text that is not empty, got ${describeValue(value)}`;
    return `expected ${small ? 'at least' : 'at most'} ${String(limit)} characters, got ${describeValue(value)}`;
  }
  const op = small ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
  return `expected a number ${op} ${String(limit)}, got ${describeType(value)}`;
}

function typeMessage(issue: Issue & { code: 'invalid_type' }, value: unknown): string {
  if (isCustom(issue.message)) return `${issue.message}, got ${describeType(value)}`;
  const word = TYPE_WORDS[issue.expected] ?? issue.expected;
  return `expected ${word}, got ${describeType(value)}`;
}

function issueMessage(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue, value);
    case 'too_small':
      return bound(issue, issue.minimum, true, value);
    case 'too_big':
      return bound(issue, issue.maximum, false, value);
    case 'invalid_value': {
      if (isCustom(issue.message)) return `${issue.message}, got ${describeValue(value)}`;
      const choices = issue.values.map((choice) => String(choice));
      const hint = typeof value === 'string' ? didYouMean(value, choices) : '';
      return `expected ${choices.length === 1 ? '' : 'one of '}${listWords(choices)}, got ${describeValue(value)}${hint}`;
    }
    case 'invalid_union':
      if (isCustom(issue.message)) return `${issue.message}, got ${describeValue(value)}`;
      return `expected ${unionWords(issue.errors)}, got ${describeType(value)}`;
    case 'invalid_format':
      if (isCustom(issue.message)) return `${issue.message}, got ${describeValue(value)}`;
      return `expected text in the format ${issue.format}${issue.format === 'regex' ? ` ${String(issue.pattern)}` : ''}, got ${describeValue(value)}`;
    case 'custom':
      return isCustom(issue.message) ? `${issue.message}, got ${describeValue(value)}` : issue.message;
    default:
      return issue.message;
  }
}

/** `text or a mapping`: what each branch of a union wanted at its root. */
function unionWords(branches: readonly (readonly Issue[])[]): string {
  const words: string[] = [];
  for (const branch of branches) {
    const root = branch.find((issue) => issue.path.length === 0 && issue.code === 'invalid_type');
    let word = 'another form';
    if (root?.code === 'invalid_type') word = TYPE_WORDS[root.expected] ?? root.expected;
    else if (root === undefined && branch[0]?.code === 'invalid_value') word = `one of ${branch[0].values.map(String).join(', ')}`;
    if (!words.includes(word)) words.push(word);
  }
  return listWords(words);
}

/**
 * The branch of a failed union that the value matched in type (its issues are
 * deeper than the root, or about keys): its issues explain the mistake better
 * than "expected text or a mapping". undefined when no branch matched.
 */
function matchedBranch(issue: Issue): readonly Issue[] | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const matched = issue.errors.filter((branch) =>
    branch.every((inner) => !(inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value'))),
  );
  return matched.length === 1 ? matched[0] : undefined;
}

interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly items?: readonly z.ZodType[];
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schemas reachable at `path` from `schema` (several through unions). */
function schemasAt(schema: z.ZodType, path: readonly PropertyKey[], depth = 0): z.ZodType[] {
  if (depth > 64) return [];
  const def = defOf(schema);
  const again = (inner: z.ZodType | undefined, rest = path): z.ZodType[] =>
    inner === undefined ? [] : schemasAt(inner, rest, depth + 1);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return again(def.innerType);
    case 'pipe':
      return again(def.in);
    case 'lazy':
      return again(def.getter?.());
    case 'union':
      return (def.options ?? []).flatMap((option) => again(option));
    case 'intersection':
      return [...again(def.left), ...again(def.right)];
    default:
      break;
  }
  if (path.length === 0) return [schema];
  const [head, ...rest] = path;
  if (def.type === 'object') return again(def.shape?.[String(head)], rest);
  if (def.type === 'array') return again(def.element, rest);
  if (def.type === 'tuple') return again(def.items?.[Number(head)], rest);
  if (def.type === 'record') return again(def.valueType, rest);
  return [];
}

/** The keys a schema declares for the mapping at `path` (for "did you mean"). */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const found of schemasAt(schema, path)) {
    const def = defOf(found);
    if (def.type === 'object') for (const key of Object.keys(def.shape ?? {})) keys.add(key);
  }
  return [...keys];
}

/** Every issue as a PathError under `prefix`; `value` is what was validated. */
export function issuesToErrors(schema: z.ZodType, issues: readonly Issue[], value: unknown, prefix: KeyPath): PathError[] {
  const errors: PathError[] = [];
  for (const outer of issues) {
    const branch = matchedBranch(outer);
    if (branch !== undefined) {
      const inner = branch.map((issue) => ({ ...issue, path: [...outer.path, ...issue.path] }) as Issue);
      errors.push(...issuesToErrors(schema, inner, value, prefix));
      continue;
    }
    const issue = outer;
    const path = issue.path as readonly PropertyKey[];
    const full = [...prefix, ...path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, path);
      for (const key of issue.keys) {
        const expected = known.length > 0 ? `, expected ${listWords([...known].sort())}` : '';
        const hint = didYouMean(key, known);
        errors.push({ path: [...full, key], message: `unknown key${hint === '' ? expected : hint}`, target: 'key' });
      }
      continue;
    }
    const at = valueAt(value, path);
    errors.push({ path: full, message: issueMessage(issue, at), target: at === undefined ? 'key' : 'value' });
  }
  return errors;
}
