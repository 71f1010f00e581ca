/**
 * Validate one step's action: a fault, `run`, `show`, `expect` or a model step
 * kind. Node names are checked against the cluster; `${name}` references
 * against the `save:` names of earlier steps.
 */
import type { z } from 'zod';
import { parseDuration, parseLatencyRange, sortedKeys, type Micros } from '../sim/index.js';
import { isRecord } from './context.js';
import {
  commandLineSchema,
  durationSchema,
  faultSchemas,
  nodeNameSchema,
  parsePort,
  saveSchema,
  showSchema,
  type FaultKey,
} from './schemas.js';
import type { StepEnv, StepState } from './steps.js';
import type { FaultAction, StepAction } from './types.js';
import { describeValue, didYouMean, listWords, type KeyPath } from './words.js';
import { knownKeys } from './zod-issues.js';

export interface ActionInput {
  readonly raw: Record<string, unknown>;
  readonly key: string;
  readonly index: number;
  readonly env: StepEnv;
  readonly state: StepState;
}

export const VARIABLE_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function validateAction(input: ActionInput): StepAction | undefined {
  const { key } = input;
  if (key === 'run') return validateRun(input);
  if (key === 'show') return validateShow(input);
  if (key === 'expect') return validateExpect(input);
  if (key in faultSchemas) return validateFault(input, key as FaultKey);
  return validateModelStep(input);
}

/** Report a name the cluster does not define; true when it is known (or cannot be checked). */
function checkNode(env: StepEnv, name: string, path: KeyPath): boolean {
  if (env.nodes === undefined || env.nodes.includes(name)) return true;
  env.ctx.error(path, `expected a node of the cluster (${listWords(env.nodes, 8)}), got ${describeValue(name)}${didYouMean(name, env.nodes)}`);
  return false;
}

/** Check the names a model kind's `nodeRefs` returned; point at the scalar that names them. */
function checkNodeRefs(env: StepEnv, names: readonly string[], path: KeyPath): boolean {
  let ok = true;
  for (const name of names) {
    if (env.nodes === undefined || env.nodes.includes(name)) continue;
    ok = false;
    const position = env.ctx.source.findScalar(path, name) ?? env.ctx.position(path);
    env.ctx.errorAt(position, path, `expected a node of the cluster (${listWords(env.nodes, 8)}), got ${describeValue(name)}${didYouMean(name, env.nodes)}`);
  }
  return ok;
}

/** Report `${name}` references that no earlier step saved. */
function checkVariables(input: ActionInput, text: string, path: KeyPath): boolean {
  let ok = true;
  for (const match of text.matchAll(VARIABLE_PATTERN)) {
    const name = match[1] ?? '';
    if (input.state.saved.has(name)) continue;
    ok = false;
    const known = [...input.state.saved];
    input.env.ctx.error(
      path,
      `expected a variable saved by an earlier step (save: ${name}), got \${${name}}${didYouMean(name, known)}`,
    );
  }
  return ok;
}

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (isRecord(value)) for (const key of Object.keys(value)) stringsIn(value[key], out);
  return out;
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
  let save: string | undefined;
  if (input.raw.save !== undefined) save = ctx.check(saveSchema, input.raw.save, ['steps', input.index, 'save']);
  if (line === undefined || on === undefined || !checkVariables(input, line, path)) return undefined;
  if (save !== undefined) input.state.saved.add(save);
  return save === undefined ? { kind: 'run', line, on } : { kind: 'run', line, on, save };
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
  if (on === undefined || !checkVariables(input, text, path)) return undefined;
  return { kind: 'show-command', line: trimmed, on };
}

function validateExpect(input: ActionInput): StepAction | undefined {
  const { ctx, model } = input.env;
  const path = ['steps', input.index, 'expect'];
  const kinds = sortedKeys(model.expectations);
  const raw = input.raw.expect;
  let withinUs: Micros | undefined;
  let withinOk = true;
  if (input.raw.within !== undefined) {
    const text = ctx.check(durationSchema, input.raw.within, ['steps', input.index, 'within']);
    if (text === undefined) withinOk = false;
    else withinUs = parseDuration(text);
  }
  if (!isRecord(raw)) {
    ctx.error(path, `expected a mapping with one expectation kind (${listWords(kinds)}), got ${describeValue(raw)}`);
    return undefined;
  }
  const present = Object.keys(raw).filter((key) => kinds.includes(key));
  if (present.length !== 1) return reportExpectKinds(input, raw, present, kinds);
  const expectation = present[0] as string;
  const kind = model.expectations[expectation];
  if (kind === undefined) return undefined;
  let own = raw;
  if ('within' in raw && !knownKeys(kind.schema as z.ZodType, []).includes('within')) {
    ctx.error([...path, 'within'], 'expected `within` beside `expect:` in the step, not inside it', 'key');
    const { within: _within, ...rest } = raw;
    own = rest;
    withinOk = false;
  }
  const args: unknown = ctx.check(kind.schema as z.ZodType, own, path);
  if (args === undefined) return undefined;
  const refsOk = checkNodeRefs(input.env, kind.nodeRefs?.(args) ?? [], path);
  const varsOk = stringsIn(raw).every((text) => checkVariables(input, text, path));
  if (!refsOk || !varsOk || !withinOk) return undefined;
  return withinUs === undefined ? { kind: 'expect', expectation, args } : { kind: 'expect', expectation, args, withinUs };
}

function reportExpectKinds(input: ActionInput, raw: Record<string, unknown>, present: string[], kinds: string[]): undefined {
  const { ctx } = input.env;
  const path = ['steps', input.index, 'expect'];
  if (present.length > 1) {
    ctx.error([...path, present[1] ?? ''], `expected one expectation kind per expect, got both \`${present[0] ?? ''}\` and \`${present[1] ?? ''}\``, 'key');
    return undefined;
  }
  const guessed = Object.keys(raw).filter((key) => didYouMean(key, kinds) !== '');
  for (const key of guessed) ctx.error([...path, key], `unknown expectation kind${didYouMean(key, kinds)}`, 'key');
  if (guessed.length === 0) ctx.error(path, `expected one expectation kind (${listWords(kinds)}), got none`);
  return undefined;
}

/** A model step kind's schema validates `{ <kind>: <value> }` (like an expectation kind sees the whole `expect:`). */
function validateModelStep(input: ActionInput): StepAction | undefined {
  const { ctx, model } = input.env;
  const path = ['steps', input.index];
  const kind = model.steps[input.key];
  if (kind === undefined) return undefined;
  const args: unknown = ctx.check(kind.schema as z.ZodType, { [input.key]: input.raw[input.key] }, path);
  if (args === undefined) return undefined;
  if (!checkNodeRefs(input.env, kind.nodeRefs?.(args) ?? [], [...path, input.key])) return undefined;
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
