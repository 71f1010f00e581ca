/**
 * Reading parsed flag values when a command builds its request: one set of
 * helpers for every command table (swarm, node, service, stack).
 */
import type { Micros } from '../../sim/types.js';
import type { BuildInput } from './commands.js';
import { nanosToMicros } from './goValues.js';
import type { FilterTerm } from './requests.js';

export function flagBool(input: BuildInput, name: string): boolean {
  return input.values.get(name) === true;
}

export function flagString(input: BuildInput, name: string): string | undefined {
  const value = input.values.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function flagList(input: BuildInput, name: string): readonly string[] {
  const value = input.values.get(name);
  return Array.isArray(value) ? (value as readonly string[]) : [];
}

export function flagNumber(input: BuildInput, name: string): number | undefined {
  const value = input.values.get(name);
  return typeof value === 'bigint' ? Number(value) : undefined;
}

export function flagMicros(input: BuildInput, name: string): Micros | undefined {
  const value = input.values.get(name);
  return typeof value === 'bigint' ? (nanosToMicros(value) as Micros) : undefined;
}

/** `--filter key=value` terms, in the order given. */
export function filterTerms(input: BuildInput): FilterTerm[] {
  return flagList(input, 'filter').map((term) => {
    const eq = term.indexOf('=');
    return { key: term.slice(0, eq), value: term.slice(eq + 1) };
  });
}

/** Strip undefined members so requests hold only given flags. */
export function defined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
