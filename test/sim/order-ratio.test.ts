/** Stable iteration helpers (style.md #10) and integer ratios (style.md #8). */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compareNatural, compareStrings, sortedEntries, sortedKeys } from '../../src/sim/order.js';
import { RatioError, formatRatio, parseRatio } from '../../src/sim/ratio.js';

describe('order', () => {
  it('compareStrings is code-unit order (uppercase before lowercase, no locale)', () => {
    expect(['b', 'B', 'a', 'é', 'A', 'aa'].sort(compareStrings)).toEqual(['A', 'B', 'a', 'aa', 'b', 'é']);
  });
  it('compareNatural sorts numbers by value and stays total', () => {
    const names = ['node10', 'node2', 'node1', 'manager-10', 'manager-9', 'node01', 'worker', 'node'];
    expect([...names].sort(compareNatural)).toEqual([
      'manager-9',
      'manager-10',
      'node',
      'node01',
      'node1',
      'node2',
      'node10',
      'worker',
    ]);
    expect(compareNatural('a99999999999999999999', 'a100000000000000000000')).toBe(-1);
  });
  test.prop([fc.array(fc.stringMatching(/^[a-c0-9-]{0,6}$/), { maxLength: 12 })], { numRuns: 300 })('compareNatural is a total order', (names) => {
    const once = [...names].sort(compareNatural);
    const twice = [...once].reverse().sort(compareNatural);
    expect(twice).toEqual(once);
    for (let i = 1; i < once.length; i++) expect(compareNatural(once[i - 1]!, once[i]!)).toBeLessThanOrEqual(0);
    for (const a of names) for (const b of names) expect(Math.sign(compareNatural(a, b)) + Math.sign(compareNatural(b, a))).toBe(0);
    for (const a of names) for (const b of names) for (const c of names) {
      if (compareNatural(a, b) <= 0 && compareNatural(b, c) <= 0) expect(compareNatural(a, c)).toBeLessThanOrEqual(0);
    }
  });
  it('sortedKeys ignores insertion order and integer-key hoisting', () => {
    const record = { b: 1, 10: 2, a: 3, 2: 4 };
    expect(Object.keys(record)).toEqual(['2', '10', 'b', 'a']);
    expect(sortedKeys(record)).toEqual(['10', '2', 'a', 'b']);
    expect(sortedEntries({ y: 1, x: 2 })).toEqual([
      ['x', 2],
      ['y', 1],
    ]);
  });
});

describe('ratio', () => {
  it.each([
    ['1/100', { num: 1, den: 100 }],
    [' 3 / 4 ', { num: 3, den: 4 }],
    ['0', { num: 0, den: 1 }],
    ['1', { num: 1, den: 1 }],
    [0, { num: 0, den: 1 }],
    [1, { num: 1, den: 1 }],
  ] as const)('parses %j', (text, ratio) => {
    expect(parseRatio(text)).toEqual(ratio);
  });
  it.each([
    [0.01, 'invalid ratio 0.01: write a fraction of integers, like 1/100, not a decimal'],
    ['0.25', 'invalid ratio "0.25": write a fraction of integers, like 25/100, not a decimal'],
    ['1/0', 'invalid ratio "1/0": the denominator must not be 0'],
    ['3/2', 'invalid ratio "3/2": must be between 0 and 1 (numerator <= denominator)'],
    ['-1/2', 'invalid ratio "-1/2": expected a fraction of integers like 1/100, or 0 or 1'],
    ['half', 'invalid ratio "half": expected a fraction of integers like 1/100, or 0 or 1'],
    [2, 'invalid ratio 2: write a fraction of integers, like 1/100, not a decimal'],
  ] as const)('rejects %j', (text, message) => {
    expect(() => parseRatio(text)).toThrow(RatioError);
    expect(() => parseRatio(text)).toThrow(message);
  });
  test.prop([fc.integer({ min: 1, max: 1_000_000 }).chain((den) => fc.tuple(fc.integer({ min: 0, max: den }), fc.constant(den)))])(
    'formatRatio round trips',
    ([num, den]) => {
      expect(parseRatio(formatRatio({ num, den }))).toEqual({ num, den });
    },
  );
});
