/**
 * Validate `steps:`: each step has at most one of `at`/`wait`, an optional
 * `id`, exactly one action, and only the modifiers that belong to its action
 * (`on` to run/show, `within` to expect, `for` to always/never, `took` to
 * run and expect, `tty`/`env`/`stdin` to run, `save` to every action that
 * has an output: run, show, expect and model steps). `at` never goes backwards. The action's own checks live
 * in step-actions.ts.
 */
import { z } from 'zod';
import { formatDuration, parseDuration, sortedKeys, type AnyModelPlugin, type Micros } from '../sim/index.js';
import { isRecord, type LoadContext } from './context.js';
import { FAULT_KEYS, durationSchema, groupCount, saveSchema, stepIdSchema } from './schemas.js';
import { validateAction } from './step-actions.js';
import type { SaveSpec, Step, StepAction, StepTiming, VariableInfo } from './types.js';
import { noteSaved, variableInfos } from './variables.js';
import { listWords } from './words.js';

/** What every step's checks need: the model, the cluster's node names, the context. */
export interface StepEnv {
  readonly ctx: LoadContext;
  readonly model: AnyModelPlugin;
  /** undefined when `cluster:` was invalid: node names are not checked then. */
  readonly nodes: readonly string[] | undefined;
}

/** What carries from one step to the next while validating. */
export interface StepState {
  lastAt: { us: Micros; index: number } | undefined;
  /** Variable name -> the steps whose `save:` sets it. */
  readonly saved: Map<string, number[]>;
  /** Variable name -> the steps that use `${name}`. */
  readonly used: Map<string, number[]>;
  readonly ids: Map<string, number>;
}

/** Modifier -> the actions it goes with (`save` goes with every action that is not a fault or a watch). */
const MODIFIERS: Readonly<Record<string, readonly string[]>> = {
  on: ['run', 'show'],
  within: ['expect'],
  for: ['always', 'never'],
  took: ['run', 'expect'],
  tty: ['run'],
  env: ['run'],
  stdin: ['run'],
};
const NO_SAVE = [...FAULT_KEYS, 'always', 'never'];
const BUILTIN_ACTIONS = ['run', 'show', 'expect', 'always', 'never', ...FAULT_KEYS];
const STEP_KEYS = ['at', 'wait', 'id', 'save', ...Object.keys(MODIFIERS)];

export function actionKeys(model: AnyModelPlugin): string[] {
  const own = sortedKeys(model.steps).filter((key) => !BUILTIN_ACTIONS.includes(key));
  return [...BUILTIN_ACTIONS, ...own];
}

const stepsListSchema = z.array(z.unknown(), { error: 'expected a list of steps' });

export function validateSteps(raw: unknown, env: StepEnv): { steps: Step[]; variables: VariableInfo[] } {
  const list = env.ctx.check(stepsListSchema, raw, ['steps']);
  if (list === undefined) return { steps: [], variables: [] };
  const state: StepState = { lastAt: undefined, saved: new Map(), used: new Map(), ids: new Map() };
  const steps: Step[] = [];
  list.forEach((item, index) => {
    const step = validateStep(item, index, env, state);
    if (step !== undefined) steps.push(step);
  });
  return { steps, variables: variableInfos(state) };
}

function validateStep(raw: unknown, index: number, env: StepEnv, state: StepState): Step | undefined {
  const { ctx } = env;
  const path = ['steps', index];
  const actions = actionKeys(env.model);
  if (!isRecord(raw)) {
    ctx.check(z.record(z.string(), z.unknown(), { error: 'expected a step (a mapping with one action such as crash or expect)' }), raw, path);
    return undefined;
  }
  ctx.unknownKeys(raw, [...STEP_KEYS, ...actions], path);
  const present = Object.keys(raw).filter((key) => actions.includes(key));
  if (present.length === 0) {
    const unknown = Object.keys(raw).some((key) => !STEP_KEYS.includes(key));
    if (!unknown) ctx.error(path, `expected one action (${listWords(actions, 24)}), got none`);
    return undefined;
  }
  if (present.length > 1) {
    ctx.error([...path, present[1] ?? ''], `expected one action per step, got both \`${present[0] ?? ''}\` and \`${present[1] ?? ''}\``, 'key');
    return undefined;
  }
  const key = present[0] as string;
  checkModifiers(raw, key, path, ctx);
  const timing = validateTiming(raw, index, env, state);
  const id = validateId(raw, index, ctx, state);
  const action = validateAction({ raw, key, index, env, state });
  const save = validateSave(raw, index, env, state);
  if (timing === undefined || action === undefined || save === false) return undefined;
  const withSave: StepAction = save === undefined ? action : ({ ...action, save } as StepAction);
  const step: Step = { index, key, position: ctx.position([...path, key], 'key'), timing, action: withSave };
  return id === undefined ? step : { ...step, id };
}

function checkModifiers(raw: Record<string, unknown>, key: string, path: (string | number)[], ctx: LoadContext): void {
  for (const [modifier, owners] of Object.entries(MODIFIERS)) {
    if (raw[modifier] === undefined || owners.includes(key)) continue;
    ctx.error([...path, modifier], `\`${modifier}\` goes with ${listWords([...owners])}, not with ${key}`, 'key');
  }
  if (raw.save !== undefined && NO_SAVE.includes(key)) {
    ctx.error([...path, 'save'], `\`save\` goes with a step that has an output (run, show, expect or a model step), not with ${key}`, 'key');
  }
}

/** `save: name` or `save: { name, match }`; undefined when absent, false when invalid. Notes the name as saved. */
function validateSave(raw: Record<string, unknown>, index: number, env: StepEnv, state: StepState): SaveSpec | false | undefined {
  if (raw.save === undefined) return undefined;
  const parsed = env.ctx.check(saveSchema, raw.save, ['steps', index, 'save']);
  if (parsed === undefined) return false;
  const save: SaveSpec = typeof parsed === 'string' ? { name: parsed } : parsed;
  if (save.match !== undefined && groupCount(save.match) !== 1) return false;
  noteSaved(state, save.name, index);
  return save;
}

function validateTiming(raw: Record<string, unknown>, index: number, env: StepEnv, state: StepState): StepTiming | undefined {
  const { ctx } = env;
  const path = ['steps', index];
  if (raw.at !== undefined && raw.wait !== undefined) {
    ctx.error([...path, 'wait'], 'expected at most one of `at` and `wait`, got both', 'key');
    return undefined;
  }
  if (raw.wait !== undefined) {
    const text = ctx.check(durationSchema, raw.wait, [...path, 'wait']);
    return text === undefined ? undefined : { kind: 'wait', us: parseDuration(text) };
  }
  if (raw.at === undefined) return { kind: 'next' };
  const text = ctx.check(durationSchema, raw.at, [...path, 'at']);
  if (text === undefined) return undefined;
  const us = parseDuration(text);
  const last = state.lastAt;
  if (last !== undefined && us < last.us) {
    ctx.error(
      [...path, 'at'],
      `expected a time at or after ${formatDuration(last.us)} (steps[${last.index}].at), got ${text}`,
    );
    return undefined;
  }
  state.lastAt = { us, index };
  return { kind: 'at', us };
}

function validateId(raw: Record<string, unknown>, index: number, ctx: LoadContext, state: StepState): string | undefined {
  if (raw.id === undefined) return undefined;
  const id = ctx.check(stepIdSchema, raw.id, ['steps', index, 'id']);
  if (id === undefined) return undefined;
  const earlier = state.ids.get(id);
  if (earlier !== undefined) {
    ctx.error(['steps', index, 'id'], `expected a unique step id, got ${JSON.stringify(id)} (also steps[${earlier}].id)`);
    return undefined;
  }
  state.ids.set(id, index);
  return id;
}
