/**
 * `${name}` in step strings: where each name is saved and used (checked at
 * load time, so a name no earlier step can set is an error with its place),
 * and the substitution at run time. Names are set by `save:`; a step sees
 * the names saved by the steps before it.
 */
import { isRecord } from './context.js';
import type { StepEnv, StepState } from './steps.js';
import type { VariableInfo } from './types.js';
import { didYouMean, type KeyPath } from './words.js';

export const VARIABLE_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Record that step `index` saves `name`. */
export function noteSaved(state: StepState, name: string, index: number): void {
  const setters = state.saved.get(name);
  if (setters === undefined) state.saved.set(name, [index]);
  else if (!setters.includes(index)) setters.push(index);
}

/**
 * Report every `${name}` in the strings of `value` (at `path`) that no earlier
 * step saves, pointing at the string itself; record the uses. True when all are known.
 */
export function checkVariables(env: StepEnv, state: StepState, index: number, value: unknown, path: KeyPath): boolean {
  if (typeof value === 'string') return checkText(env, state, index, value, path);
  let ok = true;
  if (Array.isArray(value)) value.forEach((item, i) => (ok = checkVariables(env, state, index, item, [...path, i]) && ok));
  else if (isRecord(value)) for (const key of Object.keys(value)) ok = checkVariables(env, state, index, value[key], [...path, key]) && ok;
  return ok;
}

function checkText(env: StepEnv, state: StepState, index: number, text: string, path: KeyPath): boolean {
  let ok = true;
  for (const match of text.matchAll(VARIABLE_PATTERN)) {
    const name = match[1] ?? '';
    if (state.saved.has(name)) {
      const users = state.used.get(name);
      if (users === undefined) state.used.set(name, [index]);
      else if (!users.includes(index)) users.push(index);
      continue;
    }
    ok = false;
    const known = [...state.saved.keys()];
    env.ctx.error(path, `expected a variable saved by an earlier step (save: ${name}), got \${${name}}${didYouMean(name, known)}`);
  }
  return ok;
}

/** Every saved name with its setters and users, in the order first saved. */
export function variableInfos(state: StepState): VariableInfo[] {
  return [...state.saved.entries()].map(([name, setBy]) => ({ name, setBy: [...setBy], usedBy: [...(state.used.get(name) ?? [])] }));
}

/** Replace each `${name}` that is set; leave the others as written. */
export function substitute(text: string, variables: ReadonlyMap<string, string>): string {
  if (variables.size === 0 || !text.includes('${')) return text;
  return text.replace(VARIABLE_PATTERN, (whole, name: string) => variables.get(name) ?? whole);
}

/** `substitute` in every string of a plain value (arrays and plain objects are copied). */
export function substituteDeep<T>(value: T, variables: ReadonlyMap<string, string>): T {
  if (variables.size === 0) return value;
  if (typeof value === 'string') return substitute(value, variables) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => substituteDeep(item, variables)) as T;
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteDeep(item, variables)])) as T;
  }
  return value;
}
