/**
 * Go value parsing and printing the docker CLI relies on, reimplemented with
 * the same accepted inputs and the same error texts (docker-cli.md §8):
 * `time.ParseDuration`, `Duration.String`, `strconv.ParseBool/ParseInt/ParseUint`
 * (base 0, as pflag calls them) and Go's `%q`.
 *
 * Durations are exact: nanoseconds as `bigint`. The only float arithmetic is
 * the fraction term of ParseDuration, done exactly as Go does it (float64).
 */

/** A Go-style error: the text is what `err.Error()` prints. */
export class GoValueError extends Error {}

const NS_PER_US = 1_000n;
const MAX_INT64 = (1n << 63n) - 1n;

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // µ (U+00B5 micro symbol)
  ['\u03bcs', 1_000n], // μ (U+03BC Greek small letter mu)
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const HEX = '0123456789abcdef';

/** The `time` package's own quote(): ASCII printable kept, other bytes as `\xNN`. */
export function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of new TextEncoder().encode(ch)) out += `\\x${HEX[byte >> 4]}${HEX[byte & 15]}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

/** `strconv.Quote` for the strings the CLI quotes in errors (printable Unicode kept). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${HEX[code >> 4]}${HEX[code & 15]}`;
    else out += ch;
  }
  return `${out}"`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Go's `leadingInt`: digits as an exact integer, or null on overflow. */
function leadingInt(s: string): { value: bigint; rest: string } | null {
  let i = 0;
  let x = 0n;
  for (; i < s.length && isDigit(s[i]); i++) {
    x = x * 10n + BigInt(s.charCodeAt(i) - 48);
    if (x > 1n << 63n) return null;
  }
  return { value: x, rest: s.slice(i) };
}

/** Go's `leadingFraction`: digits after the dot until they would overflow. */
function leadingFraction(s: string): { value: bigint; scale: number; rest: string } {
  let i = 0;
  let x = 0n;
  let scale = 1;
  let overflow = false;
  for (; i < s.length && isDigit(s[i]); i++) {
    if (overflow) continue;
    if (x > MAX_INT64 / 10n) {
      overflow = true;
      continue;
    }
    const y = x * 10n + BigInt(s.charCodeAt(i) - 48);
    if (y > 1n << 63n) {
      overflow = true;
      continue;
    }
    x = y;
    scale *= 10;
  }
  return { value: x, scale, rest: s.slice(i) };
}

/** `time.ParseDuration`, in nanoseconds. Throws GoValueError with Go's text. */
export function parseGoDuration(orig: string): bigint {
  const invalid = (): GoValueError => new GoValueError(`time: invalid duration ${timeQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    const before = s.length;
    const int = leadingInt(s);
    if (int === null) throw invalid();
    s = int.rest;
    const pre = before !== s.length;
    let post = false;
    let fraction = { value: 0n, scale: 1 };
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      const len = s.length;
      const f = leadingFraction(s);
      fraction = f;
      s = f.rest;
      post = len !== s.length;
    }
    if (!pre && !post) throw invalid();
    let i = 0;
    while (i < s.length && !(s[i] === '.' || isDigit(s[i]))) i++;
    if (i === 0) throw new GoValueError(`time: missing unit in duration ${timeQuote(orig)}`);
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNITS.get(u);
    if (unit === undefined) throw new GoValueError(`time: unknown unit ${timeQuote(u)} in duration ${timeQuote(orig)}`);
    if (int.value > (1n << 63n) / unit) throw invalid();
    let v = int.value * unit;
    if (fraction.value > 0n) {
      // Go: v += uint64(float64(f) * (float64(unit) / scale))
      v += BigInt(Math.trunc(Number(fraction.value) * (Number(unit) / fraction.scale)));
      if (v > 1n << 63n) throw invalid();
    }
    d += v;
    if (d > 1n << 63n) throw invalid();
  }
  if (neg) return -d;
  if (d > MAX_INT64) throw invalid();
  return d;
}

/** Fraction digits of `v` below `precision` decimal places, trailing zeros dropped. */
function fractionText(v: bigint, digits: number): string {
  const text = v.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const frac = text.slice(text.length - digits).replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

/** `time.Duration.String()` of a nanosecond count (`5s`, `1m30s`, `2160h0m0s`, `500ms`, `1.5µs`). */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  const u = neg ? -ns : ns;
  let text: string;
  if (u < 1_000_000_000n) {
    if (u < 1_000n) text = `${u}ns`;
    else if (u < 1_000_000n) text = `${fractionText(u, 3)}\u00b5s`;
    else text = `${fractionText(u, 6)}ms`;
  } else {
    const hours = u / 3_600_000_000_000n;
    const minutes = (u / 60_000_000_000n) % 60n;
    const secondsNs = u % 60_000_000_000n;
    const secs = `${fractionText(secondsNs, 9)}s`;
    if (hours > 0n) text = `${hours}h${minutes}m${secs}`;
    else if (minutes > 0n) text = `${minutes}m${secs}`;
    else text = secs;
  }
  return neg ? `-${text}` : text;
}

/** Nanoseconds to simulated microseconds (truncating, like Go's `Duration.Microseconds`). */
export function nanosToMicros(ns: bigint): number {
  return Number(ns / NS_PER_US);
}

/** Microseconds back to nanoseconds, for printing a `Micros` value Go-style. */
export function microsToNanos(us: number): bigint {
  return BigInt(us) * NS_PER_US;
}

const BOOL_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const BOOL_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean {
  if (BOOL_TRUE.has(s)) return true;
  if (BOOL_FALSE.has(s)) return false;
  throw new GoValueError(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
}

/** Digits of an unsigned literal in base 0 (`0x1f`, `0o17`, `017`, `0b11`, `1_000` after a prefix), or null. */
function parseUnsignedBase0(s: string): bigint | null {
  let base = 10;
  let body = s;
  let prefixed = false;
  const lower = s.toLowerCase();
  if (lower.startsWith('0x')) [base, body, prefixed] = [16, s.slice(2), true];
  else if (lower.startsWith('0o')) [base, body, prefixed] = [8, s.slice(2), true];
  else if (lower.startsWith('0b')) [base, body, prefixed] = [2, s.slice(2), true];
  else if (s.length > 1 && s[0] === '0') [base, body, prefixed] = [8, s.slice(1), true];
  if (body.includes('_')) {
    // Underscores only between digits and only with a base prefix (strconv.underscoreOK).
    if (!prefixed || /(^_|__|_$)/.test(body)) return null;
    body = body.replace(/_/g, '');
  }
  if (body === '') return null;
  const digitSet = '0123456789abcdef'.slice(0, base);
  let value = 0n;
  for (const ch of body.toLowerCase()) {
    const digit = digitSet.indexOf(ch);
    if (digit < 0) return null;
    value = value * BigInt(base) + BigInt(digit);
  }
  return value;
}

/** `strconv.ParseInt(s, 0, bits)`. */
export function parseGoInt(s: string, bits: 32 | 64): bigint {
  const fn = 'strconv.ParseInt';
  const neg = s.startsWith('-');
  const body = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s;
  const magnitude = parseUnsignedBase0(body);
  if (magnitude === null) throw new GoValueError(`${fn}: parsing ${goQuote(s)}: invalid syntax`);
  const limit = 1n << BigInt(bits - 1);
  if ((!neg && magnitude >= limit) || (neg && magnitude > limit)) {
    throw new GoValueError(`${fn}: parsing ${goQuote(s)}: value out of range`);
  }
  return neg ? -magnitude : magnitude;
}

/** `strconv.ParseUint(s, 0, bits)`. */
export function parseGoUint(s: string, bits: 32 | 64): bigint {
  const fn = 'strconv.ParseUint';
  const magnitude = parseUnsignedBase0(s);
  if (magnitude === null) throw new GoValueError(`${fn}: parsing ${goQuote(s)}: invalid syntax`);
  if (magnitude >= 1n << BigInt(bits)) throw new GoValueError(`${fn}: parsing ${goQuote(s)}: value out of range`);
  return magnitude;
}
