/**
 * The one place for stable iteration order. Anything that emits messages,
 * effects or trace lines iterates a view sorted with these comparators.
 * No `localeCompare`: its result depends on the ICU build.
 */

/** Order by UTF-16 code units (what `<` does on strings): the same everywhere. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** End (exclusive) of the run of digits or non-digits starting at `start`. */
function runEnd(text: string, start: number): number {
  const digits = isDigitCode(text.charCodeAt(start));
  let end = start + 1;
  while (end < text.length && isDigitCode(text.charCodeAt(end)) === digits) end++;
  return end;
}

/** Compare two runs of decimal digits by value, without parsing (any length). */
function compareDigitRuns(a: string, b: string): number {
  const aTrim = a.replace(/^0+/, '');
  const bTrim = b.replace(/^0+/, '');
  if (aTrim.length !== bTrim.length) return aTrim.length < bTrim.length ? -1 : 1;
  return compareStrings(aTrim, bTrim);
}

/**
 * Natural order: digit runs compare by value, so `node2 < node10`. A total
 * order: names equal by value (`node01`, `node1`) fall back to code-unit order.
 */
export function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const iEnd = runEnd(a, i);
    const jEnd = runEnd(b, j);
    const aRun = a.slice(i, iEnd);
    const bRun = b.slice(j, jEnd);
    const bothDigits = isDigitCode(a.charCodeAt(i)) && isDigitCode(b.charCodeAt(j));
    const c = bothDigits ? compareDigitRuns(aRun, bRun) : compareStrings(aRun, bRun);
    if (c !== 0) return c;
    i = iEnd;
    j = jEnd;
  }
  if (i < a.length || j < b.length) return i < a.length ? 1 : -1;
  return compareStrings(a, b);
}

/**
 * Binary search: the first position in `sorted` (ascending by `keyOf` in
 * code-unit order) whose key is not before `key`; `sorted.length` when
 * every key is before it.
 */
export function lowerBound<T>(sorted: readonly T[], key: string, keyOf: (item: T) => string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareStrings(keyOf(sorted[mid] as T), key) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `keyOf` for a list of the strings themselves. */
export const itself = (value: string): string => value;

/** A record's own keys in code-unit order. */
export function sortedKeys(record: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(record).sort(compareStrings);
}

/** A record's own entries in code-unit order of their keys. */
export function sortedEntries<V>(record: Readonly<Record<string, V>>): [string, V][] {
  return sortedKeys(record).map((key) => [key, record[key] as V]);
}

/** A sorted copy of a list of strings (code-unit order), for iterating a Set or Map's keys. */
export function sortedStrings(values: Iterable<string>): string[] {
  return [...values].sort(compareStrings);
}
