/**
 * Simulated time: integer microseconds, parsed and printed the Go way.
 *
 * `parseDuration` accepts the syntax of Go's `time.ParseDuration` (what Docker
 * uses for `--update-delay 10s`, healthcheck intervals, ...), restricted to what
 * the simulator can represent: non-negative, whole microseconds, at most
 * Number.MAX_SAFE_INTEGER microseconds (about 285 years). Fractions are parsed
 * with BigInt integer arithmetic, never by accumulating floats.
 *
 * `formatDuration` prints exactly what Go's `time.Duration.String()` prints for
 * the same duration: `0s`, `250µs`, `1.5ms`, `1m30s`, `1h0m0s`, `1h2m3.5s`.
 */
import type { LatencyRange, Micros } from './types.js';

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const US_PER_MINUTE = 60 * US_PER_SECOND;
export const US_PER_HOUR = 60 * US_PER_MINUTE;

/** A user-facing duration syntax error; `message` says what was expected. */
export class DurationError extends Error {
  override readonly name = 'DurationError';
}

/** Brand an integer count of microseconds; throws on a float or an unsafe integer. */
export function micros(n: number): Micros {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`micros: ${String(n)} is not a safe integer number of microseconds`);
  }
  return n as Micros;
}

/** Whole milliseconds as Micros. */
export function ms(n: number): Micros {
  return micros(n * US_PER_MS);
}

/** Whole seconds as Micros. */
export function seconds(n: number): Micros {
  return micros(n * US_PER_SECOND);
}

const UNITS_HINT = '(use ns, us, ms, s, m, h)';

/** Nanoseconds per unit; µ is U+00B5 (micro sign) or U+03BC (Greek mu), as in Go. */
const NS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n],
  ['\u03bcs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const MAX_MICROS = BigInt(Number.MAX_SAFE_INTEGER);

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** One `<number><unit>` component as exact microseconds. */
function componentMicros(text: string, intPart: string, fracPart: string, unit: string): bigint {
  const nsPerUnit = NS_PER_UNIT.get(unit);
  if (nsPerUnit === undefined) {
    throw new DurationError(`invalid duration ${JSON.stringify(text)}: unknown unit ${JSON.stringify(unit)} ${UNITS_HINT}`);
  }
  const scale = 10n ** BigInt(fracPart.length);
  const scaledNs = BigInt(intPart || '0') * nsPerUnit * scale + BigInt(fracPart || '0') * nsPerUnit;
  const denominator = scale * 1_000n;
  if (scaledNs % denominator !== 0n) {
    const written = fracPart === '' ? `${intPart}${unit}` : `${intPart}.${fracPart}${unit}`;
    throw new DurationError(
      `invalid duration ${JSON.stringify(text)}: ${written} is not a whole number of microseconds (the simulator's resolution)`,
    );
  }
  return scaledNs / denominator;
}

/** Parse a Go duration (`500ms`, `1m30s`, `1h2m3.5s`, `250µs`, `0`) into Micros. */
export function parseDuration(text: string): Micros {
  const expected = `invalid duration ${JSON.stringify(text)}: expected a number followed by a unit, like 10s or 1m30s`;
  let i = 0;
  if (text[0] === '-') {
    throw new DurationError(`invalid duration ${JSON.stringify(text)}: negative durations are not allowed here`);
  }
  if (text[0] === '+') i = 1;
  if (text.slice(i) === '0') return micros(0);
  if (i >= text.length) throw new DurationError(expected);
  let total = 0n;
  while (i < text.length) {
    const start = i;
    while (isDigit(text[i])) i++;
    const intPart = text.slice(start, i);
    let fracPart = '';
    if (text[i] === '.') {
      const fracStart = ++i;
      while (isDigit(text[i])) i++;
      fracPart = text.slice(fracStart, i);
    }
    if (intPart === '' && fracPart === '') throw new DurationError(expected);
    const unitStart = i;
    while (i < text.length && text[i] !== '.' && !isDigit(text[i])) i++;
    const unit = text.slice(unitStart, i);
    if (unit === '') {
      throw new DurationError(
        `invalid duration ${JSON.stringify(text)}: missing unit after ${JSON.stringify(text.slice(start, i))} ${UNITS_HINT}`,
      );
    }
    total += componentMicros(text, intPart, fracPart, unit);
    if (total > MAX_MICROS) {
      throw new DurationError(`invalid duration ${JSON.stringify(text)}: too large (at most about 285 years)`);
    }
  }
  return micros(Number(total));
}

/** `value / unit` with the remainder as a decimal fraction without trailing zeros (`1500, 1000` → `1.5`). */
function withFraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  let rest = value - whole * unit;
  if (rest === 0) return String(whole);
  let digits = '';
  let div = unit / 10;
  while (rest > 0) {
    const d = Math.floor(rest / div);
    digits += String(d);
    rest -= d * div;
    div /= 10;
  }
  return `${whole}.${digits}`;
}

/** Print like Go's `time.Duration.String()`. */
export function formatDuration(t: Micros): string {
  if (!Number.isSafeInteger(t)) throw new RangeError(`formatDuration: ${String(t)} is not integer microseconds`);
  if (t < 0) return `-${formatDuration(-t as Micros)}`;
  if (t === 0) return '0s';
  if (t < US_PER_MS) return `${t}\u00b5s`;
  if (t < US_PER_SECOND) return `${withFraction(t, US_PER_MS)}ms`;
  const hours = Math.floor(t / US_PER_HOUR);
  const minutes = Math.floor((t - hours * US_PER_HOUR) / US_PER_MINUTE);
  const secondsPart = withFraction(t - hours * US_PER_HOUR - minutes * US_PER_MINUTE, US_PER_SECOND);
  if (hours > 0) return `${hours}h${minutes}m${secondsPart}s`;
  if (minutes > 0) return `${minutes}m${secondsPart}s`;
  return `${secondsPart}s`;
}

/** `'1ms..5ms'` (uniform, both ends included) or `'3ms'` (fixed). */
export function parseLatencyRange(text: string): LatencyRange {
  const parts = text.split('..');
  if (parts.length > 2) {
    throw new DurationError(`invalid latency ${JSON.stringify(text)}: expected a duration or a range like 1ms..5ms`);
  }
  const min = parseDuration((parts[0] ?? '').trim());
  const max = parts[1] === undefined ? min : parseDuration(parts[1].trim());
  if (max < min) {
    throw new DurationError(`invalid latency ${JSON.stringify(text)}: the minimum is larger than the maximum`);
  }
  return { min, max };
}

/** Format a latency range the way `parseLatencyRange` reads it. */
export function formatLatencyRange(range: LatencyRange): string {
  return range.min === range.max
    ? formatDuration(range.min)
    : `${formatDuration(range.min)}..${formatDuration(range.max)}`;
}
