/**
 * Validate one step's action: a fault, `run` (with `took`, `tty`), `show`,
 * `expect`, a watch (`always` / `never` with `for`) or a model step kind.
 * Node names are checked against the cluster; `${name}` references against
 * the `save:` names of earlier steps (variables.ts).
 */
import type { z } from 'zod';
import { parseDuration, parseLatencyRange, sortedKeys, type Micros } from '../sim/index.js';
import { checkNodeRefs, flowText, validateExpectation } from './expectations.js';
import {
  commandLineSchema,
  durationSchema,
  faultSchemas,
  forSchema,
  nodeNameSchema,
  parsePort,
  showSchema,
  tookSchema,
  ttySchema,
  envSchema,
  stdinSchema,
  type FaultKey,
} from './schemas.js';
import type { StepEnv, StepState } from './steps.js';
import type { ExpectationSpec, FaultAction, StepAction, TookSpec } from './types.js';
import { checkVariables } from './variables.js';
import { describeValue, didYouMean, listWords, type KeyPath } from './words.js';

export interface ActionInput {
  readonly raw: Record<string, unknown>;
  readonly key: string;
  readonly index: number;
  readonly env: StepEnv;
  readonly state: StepState;
}

export function validateAction(input: ActionInput): StepAction | undefined {
  const { key } = input;
  if (key === 'run') return validateRun(input);
  if (key === 'show') return validateShow(input);
  if (key === 'expect') return validateExpect(input);
  if (key === 'always' || key === 'never') return validateWatch(input, key);
  if (key in faultSchemas) return validateFault(input, key as FaultKey);
  return validateModelStep(input);
}

/** Report a name the cluster does not define; true when it is known (or cannot be checked). */
function checkNode(env: StepEnv, name: string, path: KeyPath): boolean {
  if (env.nodes === undefined || env.nodes.includes(name)) return true;
  env.ctx.error(path, `expected a node of the cluster (${listWords(env.nodes, 8)}), got ${describeValue(name)}${didYouMean(name, env.nodes)}`);
  return false;
}


function validateOn(input: ActionInput, what: string): string | undefined {
  const path = ['steps', input.index, 'on'];
  if (input.raw.on === undefined) {
    input.env.ctx.error(['steps', input.index, input.key], `expected \`on: <node>\` beside \`${input.key}\` (the node to ${what}), got nothing`, 'key');
    return undefined;
  }
  const on = input.env.ctx.check(nodeNameSchema, input.raw.on, path);
  return on !== undefined && checkNode(input.env, on, path) ? on : undefined;
}

function validateRun(input: ActionInput): StepAction | undefined {
  const { ctx, model } = input.env;
  const path = ['steps', input.index, 'run'];
  if (model.commands === undefined) {
    ctx.error(path, 'this model does not run docker commands yet', 'key');
    return undefined;
  }
  const line = ctx.check(commandLineSchema, input.raw.run, path);
  const on = validateOn(input, 'run it on');
  const took = validateTook(input);
  const tty = input.raw.tty === undefined ? undefined : ctx.check(ttySchema, input.raw.tty, ['steps', input.index, 'tty']);
  if (input.raw.tty !== undefined && tty === undefined) return undefined;
  const env = input.raw.env === undefined ? undefined : ctx.check(envSchema, input.raw.env, ['steps', input.index, 'env']);
  if (input.raw.env !== undefined && env === undefined) return undefined;
  const stdin = input.raw.stdin === undefined ? undefined : ctx.check(stdinSchema, input.raw.stdin, ['steps', input.index, 'stdin']);
  if (input.raw.stdin !== undefined && stdin === undefined) return undefined;
  if (line === undefined || on === undefined || took === false || !checkVariables(input.env, input.state, input.index, line, path)) return undefined;
  for (const [name, value] of Object.entries(env ?? {})) {
    if (!checkVariables(input.env, input.state, input.index, value, ['steps', input.index, 'env', name])) return undefined;
  }
  if (stdin !== undefined && !checkVariables(input.env, input.state, input.index, stdin, ['steps', input.index, 'stdin'])) return undefined;
  return {
    kind: 'run',
    line,
    on,
    ...(took === undefined ? {} : { took }),
    ...(tty === undefined ? {} : { tty }),
    ...(env === undefined ? {} : { env }),
    ...(stdin === undefined ? {} : { stdin }),
  };
}

/** `took: { atLeast, atMost }`: undefined when absent, false when invalid. */
function validateTook(input: ActionInput): TookSpec | false | undefined {
  if (input.raw.took === undefined) return undefined;
  const path = ['steps', input.index, 'took'];
  const took = input.env.ctx.check(tookSchema, input.raw.took, path);
  if (took === undefined) return false;
  const atLeastUs = took.atLeast === undefined ? undefined : parseDuration(took.atLeast);
  const atMostUs = took.atMost === undefined ? undefined : parseDuration(took.atMost);
  if (atLeastUs === undefined && atMostUs === undefined) {
    input.env.ctx.error(path, 'expected `atLeast`, `atMost` or both, got neither');
    return false;
  }
  if (atLeastUs !== undefined && atMostUs !== undefined && atLeastUs > atMostUs) {
    input.env.ctx.error([...path, 'atMost'], `expected a duration at or above atLeast (${took.atLeast ?? ''}), got ${took.atMost ?? ''}`);
    return false;
  }
  return { ...(atLeastUs === undefined ? {} : { atLeastUs }), ...(atMostUs === undefined ? {} : { atMostUs }) };
}

function validateShow(input: ActionInput): StepAction | undefined {
  const { ctx, model } = input.env;
  const path = ['steps', input.index, 'show'];
  const text = ctx.check(showSchema, input.raw.show, path);
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const name = trimmed.split(/\s+/)[0] ?? '';
  const views = sortedKeys(model.views);
  if (views.includes(name)) {
    if (input.raw.on !== undefined) {
      ctx.error(['steps', input.index, 'on'], `\`on\` goes with a command line, not with the view ${name}`, 'key');
      return undefined;
    }
    if (!checkVariables(input.env, input.state, input.index, text, path)) return undefined;
    return { kind: 'show-view', view: name, args: trimmed.slice(name.length).trim() };
  }
  if (model.commands === undefined || input.raw.on === undefined) {
    const what = model.commands === undefined ? `a view name (${listWords(views)})` : `a view name (${listWords(views)}) or a command line with \`on: <node>\``;
    const hint = didYouMean(name, views);
    const why = hint === '' && model.commands === undefined ? ' (this model does not run docker commands yet)' : hint;
    ctx.error(path, `expected ${what}, got ${describeValue(text)}${why}`);
    return undefined;
  }
  const on = validateOn(input, 'run it on');
  if (on === undefined || !checkVariables(input.env, input.state, input.index, text, path)) return undefined;
  return { kind: 'show-command', line: trimmed, on };
}

function validateExpect(input: ActionInput): StepAction | undefined {
  const { ctx } = input.env;
  let withinUs: Micros | undefined;
  let withinOk = true;
  if (input.raw.within !== undefined) {
    const text = ctx.check(durationSchema, input.raw.within, ['steps', input.index, 'within']);
    if (text === undefined) withinOk = false;
    else withinUs = parseDuration(text);
  }
  const spec = validateExpectation(input, input.raw.expect, ['steps', input.index, 'expect']);
  const took = validateTook(input);
  if (spec === undefined || !withinOk || took === false) return undefined;
  if (took !== undefined && !expectationTimesCommand(input, spec)) return undefined;
  const text = flowText(input.raw.expect);
  return { kind: 'expect', spec, text, ...(withinUs === undefined ? {} : { withinUs }), ...(took === undefined ? {} : { took }) };
}

/** `took` beside `expect:` needs a kind that runs a command and says how long it took (the model's `took` hook). */
function expectationTimesCommand(input: ActionInput, spec: ExpectationSpec): boolean {
  const path = ['steps', input.index, 'took'];
  if (spec.form === 'not') {
    input.env.ctx.error(path, '`took` times the command of an expectation kind, not a `not:` (put the kind directly under `expect:`)', 'key');
    return false;
  }
  if (input.env.model.expectations[spec.expectation]?.took !== undefined) return true;
  const timed = sortedKeys(input.env.model.expectations).filter((name) => input.env.model.expectations[name]?.took !== undefined);
  const hint = timed.length === 0 ? 'this model times no expectation kind' : `use it with ${listWords(timed)}`;
  input.env.ctx.error(path, `\`took\` times a command, and \`${spec.expectation}\` runs none (${hint})`, 'key');
  return false;
}

/** `always: { <expectation> }` / `never: { <expectation> }` with an optional `for: <duration>`. */
function validateWatch(input: ActionInput, mode: 'always' | 'never'): StepAction | undefined {
  let forUs: Micros | undefined;
  let forOk = true;
  if (input.raw.for !== undefined) {
    const text = input.env.ctx.check(forSchema, input.raw.for, ['steps', input.index, 'for']);
    if (text === undefined) forOk = false;
    else forUs = parseDuration(text);
  }
  const spec = validateExpectation(input, input.raw[mode], ['steps', input.index, mode]);
  if (spec === undefined || !forOk) return undefined;
  const text = flowText(input.raw[mode]);
  return forUs === undefined ? { kind: 'watch', mode, spec, text } : { kind: 'watch', mode, spec, text, forUs };
}

/** A model step kind's schema validates `{ <kind>: <value> }` (like an expectation kind sees the whole `expect:`). */
function validateModelStep(input: ActionInput): StepAction | undefined {
  const { ctx, model } = input.env;
  const path = ['steps', input.index];
  const kind = model.steps[input.key];
  if (kind === undefined) return undefined;
  const args: unknown = ctx.check(kind.schema as z.ZodType, { [input.key]: input.raw[input.key] }, path);
  const varsOk = checkVariables(input.env, input.state, input.index, input.raw[input.key], [...path, input.key]);
  if (args === undefined) return undefined;
  if (!checkNodeRefs(input.env, kind.nodeRefs?.(args) ?? [], [...path, input.key]) || !varsOk) return undefined;
  return { kind: 'model', step: input.key, args };
}

function validateFault(input: ActionInput, key: FaultKey): FaultAction | undefined {
  const path = ['steps', input.index, key];
  const parsed: unknown = input.env.ctx.check(faultSchemas[key] as z.ZodType, input.raw[key], path);
  if (parsed === undefined) return undefined;
  return faultAction(input.env, key, parsed, path);
}

function distinct(env: StepEnv, a: string, b: string, path: KeyPath): boolean {
  if (a !== b) return true;
  env.ctx.error(path, `expected two different nodes, got ${describeValue(a)} twice`);
  return false;
}

function faultAction(env: StepEnv, key: FaultKey, parsed: unknown, path: KeyPath): FaultAction | undefined {
  switch (key) {
    case 'crash':
    case 'restart': {
      const node = parsed as string;
      return checkNode(env, node, path) ? { kind: key, node } : undefined;
    }
    case 'partition':
      return partitionAction(env, parsed as string[][], path);
    case 'cut': {
      const { from, to } = parsed as { from: string; to: string };
      const ok = [checkNode(env, from, [...path, 'from']), checkNode(env, to, [...path, 'to'])].every(Boolean);
      return ok && distinct(env, from, to, [...path, 'to']) ? { kind: 'cut', from, to } : undefined;
    }
    case 'block': {
      const rule = parsed as { node: string; port: string | number; direction: 'in' | 'out' | 'both'; mode?: 'reject' | 'drop' };
      const port = parsePort(rule.port);
      if (!checkNode(env, rule.node, [...path, 'node']) || port === undefined) return undefined;
      const base = { node: rule.node, port: port.port, direction: rule.direction, mode: rule.mode ?? 'reject' } as const;
      return { kind: 'block', rule: port.protocol === undefined ? base : { ...base, protocol: port.protocol }, port: String(rule.port) };
    }
    case 'slow': {
      const { between, latency } = parsed as { between: [string, string]; latency: string };
      const ok = [checkNode(env, between[0], [...path, 'between', 0]), checkNode(env, between[1], [...path, 'between', 1])].every(Boolean);
      if (!ok || !distinct(env, between[0], between[1], [...path, 'between', 1])) return undefined;
      return { kind: 'slow', between, latency: parseLatencyRange(latency) };
    }
    case 'heal':
      return { kind: 'heal' };
  }
}

function partitionAction(env: StepEnv, groups: string[][], path: KeyPath): FaultAction | undefined {
  const seen = new Set<string>();
  let ok = true;
  groups.forEach((group, g) => {
    group.forEach((node, n) => {
      const at = [...path, g, n];
      if (!checkNode(env, node, at)) ok = false;
      else if (seen.has(node)) {
        env.ctx.error(at, `expected each node in one group only, got ${describeValue(node)} again`);
        ok = false;
      }
      seen.add(node);
    });
  });
  return ok ? { kind: 'partition', groups } : undefined;
}
