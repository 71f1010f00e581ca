/**
 * Expectations as a scenario writes them, for `expect:`, `always:` and
 * `never:`: one kind the model registers (its mapping validated by the kind's
 * schema), optionally with output checks the scenario layer makes itself
 * (`equals`, `notEquals`, `notContains`, `notMatches` on the kind's trimmed
 * `output`), or `not: { <expectation> }` around any of them. Validation at
 * load time; evaluation against the world at run time.
 */
import type { z } from 'zod';
import { sortedKeys, type AnyModelPlugin, type Evaluation } from '../sim/index.js';
import { isRecord } from './context.js';
import { OUTPUT_CHECK_KEYS, outputCheckSchemas } from './schemas.js';
import type { StepEnv, StepState } from './steps.js';
import type { ExpectationSpec, OutputChecks } from './types.js';
import { checkVariables } from './variables.js';
import { describeValue, didYouMean, listWords, type KeyPath } from './words.js';
import { knownKeys } from './zod-issues.js';

export interface ExpectationInput {
  readonly env: StepEnv;
  readonly state: StepState;
  /** The step's index (variables it uses are recorded against it). */
  readonly index: number;
}

/** Validate an expectation mapping at `path`; report every problem; the spec or undefined. */
export function validateExpectation(input: ExpectationInput, raw: unknown, path: KeyPath): ExpectationSpec | undefined {
  const { ctx, model } = input.env;
  const kinds = sortedKeys(model.expectations);
  if (!isRecord(raw)) {
    ctx.error(path, `expected a mapping with one expectation kind (${listWords(kinds)}) or \`not\`, got ${describeValue(raw)}`);
    return undefined;
  }
  if ('not' in raw && !kinds.includes('not')) return validateNot(input, raw, path);
  const present = Object.keys(raw).filter((key) => kinds.includes(key));
  if (present.length !== 1) return reportKinds(input, raw, path, present, kinds);
  const expectation = present[0] as string;
  const kind = model.expectations[expectation];
  if (kind === undefined) return undefined;
  const own = knownKeys(kind.schema as z.ZodType, []);
  const { checks, rest, ok: checksOk } = splitChecks(input, raw, path, { expectation, own, hasOutput: kind.output !== undefined });
  let kindRaw = rest;
  let withinOk = true;
  if ('within' in kindRaw && !own.includes('within')) {
    ctx.error([...path, 'within'], 'expected `within` beside `expect:` in the step, not inside it', 'key');
    const { within: _within, ...others } = kindRaw;
    kindRaw = others;
    withinOk = false;
  }
  const args: unknown = ctx.check(kind.schema as z.ZodType, kindRaw, path);
  const varsOk = checkVariables(input.env, input.state, input.index, raw, path);
  if (args === undefined || !checksOk || !withinOk) return undefined;
  if (!checkNodeRefs(input.env, kind.nodeRefs?.(args) ?? [], path) || !varsOk) return undefined;
  return checks === undefined ? { form: 'kind', expectation, args } : { form: 'kind', expectation, args, checks };
}

function validateNot(input: ExpectationInput, raw: Record<string, unknown>, path: KeyPath): ExpectationSpec | undefined {
  const others = Object.keys(raw).filter((key) => key !== 'not');
  for (const key of others) input.env.ctx.error([...path, key], `expected \`not\` alone in its mapping (put \`${key}\` inside it), got \`${key}\` beside it`, 'key');
  const inner = validateExpectation(input, raw.not, [...path, 'not']);
  return inner === undefined || others.length > 0 ? undefined : { form: 'not', inner };
}

interface CheckOwner {
  readonly expectation: string;
  /** Keys the kind's schema declares itself (a kind may own `equals`; then it is the kind's). */
  readonly own: readonly string[];
  readonly hasOutput: boolean;
}

/** Take the output checks out of the mapping; a kind without `output` cannot have them. */
function splitChecks(input: ExpectationInput, raw: Record<string, unknown>, path: KeyPath, owner: CheckOwner) {
  const rest: Record<string, unknown> = {};
  const checks: Record<string, string> = {};
  let ok = true;
  for (const [key, value] of Object.entries(raw)) {
    const check = OUTPUT_CHECK_KEYS.find((name) => name === key);
    if (check === undefined || owner.own.includes(key)) {
      rest[key] = value;
      continue;
    }
    if (!owner.hasOutput) {
      input.env.ctx.error([...path, key], `\`${key}\` compares a kind's output, and \`${owner.expectation}\` has none (use it with a kind that prints, like a command)`, 'key');
      ok = false;
      continue;
    }
    const parsed = input.env.ctx.check(outputCheckSchemas[check] as z.ZodType<string>, value, [...path, key]);
    if (parsed === undefined) ok = false;
    else checks[key] = parsed;
  }
  const found = Object.keys(checks).length > 0 ? (checks as OutputChecks) : undefined;
  return { checks: found, rest, ok };
}

/** Check the node names a model kind's `nodeRefs` returned; point at the scalar that names each. */
export function checkNodeRefs(env: StepEnv, names: readonly string[], path: KeyPath): boolean {
  let ok = true;
  for (const name of names) {
    if (env.nodes === undefined || env.nodes.includes(name)) continue;
    ok = false;
    const position = env.ctx.source.findScalar(path, name) ?? env.ctx.position(path);
    env.ctx.errorAt(position, path, `expected a node of the cluster (${listWords(env.nodes, 8)}), got ${describeValue(name)}${didYouMean(name, env.nodes)}`);
  }
  return ok;
}

function reportKinds(input: ExpectationInput, raw: Record<string, unknown>, path: KeyPath, present: string[], kinds: string[]): undefined {
  const { ctx } = input.env;
  if (present.length > 1) {
    ctx.error([...path, present[1] ?? ''], `expected one expectation kind per expect, got both \`${present[0] ?? ''}\` and \`${present[1] ?? ''}\``, 'key');
    return undefined;
  }
  const choices = [...kinds, 'not'];
  const guessed = Object.keys(raw).filter((key) => didYouMean(key, choices) !== '');
  for (const key of guessed) ctx.error([...path, key], `unknown expectation kind${didYouMean(key, choices)}`, 'key');
  if (guessed.length === 0) ctx.error(path, `expected one expectation kind (${listWords(kinds)}), got none`);
  return undefined;
}

/** An evaluation plus, when asked for, the text `save:` keeps (the kind's output, else what it saw). */
export interface Judgement extends Evaluation {
  readonly output?: string;
}

/**
 * Evaluate a spec against the world now (variables already substituted). The
 * kind's `output` is rendered only when output checks need it or `withOutput`
 * asks for it (a `save:`), so a watch on a command kind renders once per event.
 */
export function judge(model: AnyModelPlugin, world: unknown, spec: ExpectationSpec, withOutput = false): Judgement {
  if (spec.form === 'not') {
    const inner = judge(model, world, spec.inner, withOutput);
    const judgement = { holds: !inner.holds, expected: `not (${inner.expected})`, seen: inner.seen };
    return inner.output === undefined ? judgement : { ...judgement, output: inner.output };
  }
  const kind = model.expectations[spec.expectation];
  if (kind === undefined) throw new Error(`expectation kind ${spec.expectation} is not registered`);
  const evaluation = kind.evaluate(world, spec.args);
  const needOutput = withOutput || spec.checks !== undefined;
  const output = needOutput ? kind.output?.(world, spec.args) : undefined;
  if (spec.checks === undefined || output === undefined) return withOutput ? { ...evaluation, output: output ?? evaluation.seen } : evaluation;
  const text = output.trim();
  const checked = checkOutput(text, spec.checks);
  const seen = evaluation.seen.includes(text) ? evaluation.seen : `${evaluation.seen}, output ${JSON.stringify(text)}`;
  const expected = evaluation.expected === '' ? checked.expected : `${evaluation.expected}, ${checked.expected}`;
  return { holds: evaluation.holds && checked.holds, expected, seen, output };
}

function checkOutput(text: string, checks: OutputChecks): { holds: boolean; expected: string } {
  const wants: string[] = [];
  let holds = true;
  if (checks.equals !== undefined) {
    wants.push(`output equal to ${JSON.stringify(checks.equals)}`);
    holds &&= text === checks.equals.trim();
  }
  if (checks.notEquals !== undefined) {
    wants.push(`output other than ${JSON.stringify(checks.notEquals)}`);
    holds &&= text !== checks.notEquals.trim();
  }
  if (checks.notContains !== undefined) {
    wants.push(`output not containing ${JSON.stringify(checks.notContains)}`);
    holds &&= !text.includes(checks.notContains);
  }
  if (checks.notMatches !== undefined) {
    wants.push(`output not matching /${checks.notMatches}/`);
    holds &&= !new RegExp(checks.notMatches).test(text);
  }
  return { holds, expected: wants.join(', ') };
}

/** A plain value in one line of YAML flow style: `{ leader: { not: manager-1 } }`. */
export function flowText(value: unknown): string {
  if (typeof value === 'string') return /^[A-Za-z0-9_./:-][A-Za-z0-9_./:@ -]*$/.test(value) && value.trim() === value ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (isRecord(value)) return `{ ${Object.entries(value).map(([key, item]) => `${key}: ${flowText(item)}`).join(', ')} }`;
  return String(value);
}
