/**
 * What `save:` keeps from a step's output, and the words of a `took:` that
 * did not hold. Pure functions; the runner applies them.
 */
import { formatDuration, type Micros } from '../sim/index.js';
import type { SaveSpec, TookSpec } from './types.js';

/** The value `save` keeps from `text`: the trimmed text, or the first group of `match`. */
export function capture(save: SaveSpec, text: string): { ok: true; value: string } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (save.match === undefined) return { ok: true, value: trimmed };
  const group = new RegExp(save.match).exec(trimmed)?.[1];
  if (group !== undefined) return { ok: true, value: group };
  return { ok: false, message: `save ${save.name}: the output does not match /${save.match}/ (output ${JSON.stringify(trimmed)})` };
}

/** undefined when `tookUs` is within the bounds; else `expected <what> to take at least 1s, took 3ms`. */
export function tookFailure(what: string, took: TookSpec, tookUs: Micros): string | undefined {
  const { atLeastUs, atMostUs } = took;
  if ((atLeastUs === undefined || tookUs >= atLeastUs) && (atMostUs === undefined || tookUs <= atMostUs)) return undefined;
  const bounds = [
    atLeastUs === undefined ? '' : `at least ${formatDuration(atLeastUs)}`,
    atMostUs === undefined ? '' : `at most ${formatDuration(atMostUs)}`,
  ].filter((bound) => bound !== '');
  return `expected ${what} to take ${bounds.join(' and ')}, took ${formatDuration(tookUs)}`;
}
