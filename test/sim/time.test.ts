/**
 * Durations parse and print like Go's time package (src/time/format.go:
 * ParseDuration and Duration.String), at microsecond resolution.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  DurationError,
  US_PER_HOUR,
  US_PER_MINUTE,
  US_PER_MS,
  US_PER_SECOND,
  formatDuration,
  formatLatencyRange,
  micros,
  ms,
  parseDuration,
  parseLatencyRange,
  seconds,
} from '../../src/sim/time.js';

describe('constants and helpers', () => {
  it('has the unit sizes in microseconds', () => {
    expect([US_PER_MS, US_PER_SECOND, US_PER_MINUTE, US_PER_HOUR]).toEqual([1_000, 1_000_000, 60_000_000, 3_600_000_000]);
    expect(ms(1500)).toBe(1_500_000);
    expect(seconds(90)).toBe(90_000_000);
  });
  it('micros rejects floats and unsafe integers', () => {
    expect(micros(7)).toBe(7);
    expect(() => micros(1.5)).toThrow(/not a safe integer/);
    expect(() => micros(2 ** 53)).toThrow(/not a safe integer/);
    expect(() => ms(0.0001)).toThrow(RangeError);
  });
});

// Go: fmt.Println(time.Duration(x)) for these values.
const goStrings: readonly [number, string][] = [
  [0, '0s'],
  [1, '1µs'],
  [250, '250µs'],
  [999, '999µs'],
  [1_000, '1ms'],
  [1_500, '1.5ms'],
  [1_001, '1.001ms'],
  [500_000, '500ms'],
  [999_999, '999.999ms'],
  [1_000_000, '1s'],
  [1_500_000, '1.5s'],
  [1_000_001, '1.000001s'],
  [10_000_000, '10s'],
  [60_000_000, '1m0s'],
  [90_000_000, '1m30s'],
  [3_600_000_000, '1h0m0s'],
  [3_723_500_000, '1h2m3.5s'],
  [100 * 3_600_000_000 + 1, '100h0m0.000001s'],
  [-1_500_000, '-1.5s'],
];

describe('formatDuration prints what Go prints', () => {
  it.each(goStrings)('%i µs -> %s', (us, text) => {
    expect(formatDuration(micros(us))).toBe(text);
  });
});

const goParses: readonly [string, number][] = [
  ['0', 0],
  ['+0', 0],
  ['0s', 0],
  ['500ms', 500_000],
  ['10s', 10_000_000],
  ['1m30s', 90_000_000],
  ['1h2m3.5s', 3_723_500_000],
  ['1.5s', 1_500_000],
  ['.5s', 500_000],
  ['5.s', 5_000_000],
  ['250us', 250],
  ['250µs', 250],
  ['250μs', 250], // Greek mu, also accepted by Go
  ['3000ns', 3],
  ['1.5ms', 1_500],
  ['0.000001s', 1],
  ['1h', 3_600_000_000],
  ['2h45m', 9_900_000_000],
  ['1m1m', 120_000_000], // Go sums repeated units
  ['1.000001000000000000000s', 1_000_001], // long fractions stay exact (BigInt), not float-rounded
];

describe('parseDuration reads Go syntax', () => {
  it.each(goParses)('%s -> %i µs', (text, us) => {
    expect(parseDuration(text)).toBe(us);
  });
});

const badInputs: readonly [string, string][] = [
  ['', 'invalid duration "": expected a number followed by a unit, like 10s or 1m30s'],
  ['10x', 'invalid duration "10x": unknown unit "x" (use ns, us, ms, s, m, h)'],
  ['10', 'invalid duration "10": missing unit after "10" (use ns, us, ms, s, m, h)'],
  ['1s5', 'invalid duration "1s5": missing unit after "5" (use ns, us, ms, s, m, h)'],
  ['s', 'invalid duration "s": expected a number followed by a unit, like 10s or 1m30s'],
  ['.s', 'invalid duration ".s": expected a number followed by a unit, like 10s or 1m30s'],
  ['+', 'invalid duration "+": expected a number followed by a unit, like 10s or 1m30s'],
  ['-1s', 'invalid duration "-1s": negative durations are not allowed here'],
  ['1500ns', 'invalid duration "1500ns": 1500ns is not a whole number of microseconds (the simulator\'s resolution)'],
  ['1.5us', 'invalid duration "1.5us": 1.5us is not a whole number of microseconds (the simulator\'s resolution)'],
  [
    '1.0000000000000000000001s',
    'invalid duration "1.0000000000000000000001s": 1.0000000000000000000001s is not a whole number of microseconds (the simulator\'s resolution)',
  ],
  ['10 s', 'invalid duration "10 s": unknown unit " s" (use ns, us, ms, s, m, h)'],
  ['1S', 'invalid duration "1S": unknown unit "S" (use ns, us, ms, s, m, h)'],
  ['300000000h', 'invalid duration "300000000h": too large (at most about 285 years)'],
];

describe('parseDuration rejects bad input with a clear message', () => {
  it.each(badInputs)('%j', (text, message) => {
    let caught: unknown;
    try {
      parseDuration(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DurationError);
    expect((caught as Error).message).toBe(message);
  });
});

describe('round trips', () => {
  const anyMicros = fc.oneof(
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: 0, max: 10 * US_PER_HOUR }),
    fc.integer({ min: 0, max: 2 * US_PER_SECOND }),
  );
  test.prop([anyMicros])('parse(format(t)) === t', (t) => {
    expect(parseDuration(formatDuration(micros(t)))).toBe(t);
  });
  test.prop([anyMicros])('format(parse(format(t))) === format(t)', (t) => {
    const text = formatDuration(micros(t));
    expect(formatDuration(parseDuration(text))).toBe(text);
  });
});

describe('latency ranges', () => {
  it('reads a range and a fixed value', () => {
    expect(parseLatencyRange('1ms..5ms')).toEqual({ min: 1_000, max: 5_000 });
    expect(parseLatencyRange('3ms')).toEqual({ min: 3_000, max: 3_000 });
    expect(formatLatencyRange(parseLatencyRange('1ms..5ms'))).toBe('1ms..5ms');
    expect(formatLatencyRange(parseLatencyRange('3ms'))).toBe('3ms');
  });
  it('rejects an inverted or malformed range', () => {
    expect(() => parseLatencyRange('5ms..1ms')).toThrow('invalid latency "5ms..1ms": the minimum is larger than the maximum');
    expect(() => parseLatencyRange('1ms..2ms..3ms')).toThrow(/expected a duration or a range like 1ms..5ms/);
    expect(() => parseLatencyRange('1ms..')).toThrow(DurationError);
  });
});
