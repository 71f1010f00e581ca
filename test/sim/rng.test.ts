/**
 * Random streams: forks depend only on (root seed, label path); draws are
 * integers, in range and unbiased; a snapshot pins the first draws so a change
 * in draw order or seeding shows as a diff (style.md #12).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createRng, streamKey } from '../../src/sim/rng.js';
import type { Rng } from '../../src/sim/types.js';

function draws(rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.intBelow(1_000_000));
}

const labelArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);

describe('fork independence', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 40 }), labelArb, labelArb, fc.nat({ max: 20 })])(
    "fork('a') draws the same whether or not another fork was made or drew first",
    (seed, a, b, parentDraws) => {
      fc.pre(a !== b);
      const alone = draws(createRng(seed).fork(a), 8);
      const root = createRng(seed);
      draws(root, parentDraws);
      const other = root.fork(b);
      draws(other, 5);
      const late = root.fork(a);
      expect(draws(late, 8)).toEqual(alone);
    },
  );

  test.prop([fc.integer({ min: 0, max: 2 ** 40 }), labelArb, labelArb])('different labels give different streams', (seed, a, b) => {
    fc.pre(a !== b);
    const rng = createRng(seed);
    expect(draws(rng.fork(a), 6)).not.toEqual(draws(rng.fork(b), 6));
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 40 }), labelArb])('different seeds give different streams', (seed, a) => {
    expect(draws(createRng(seed).fork(a), 6)).not.toEqual(draws(createRng(seed + 1).fork(a), 6));
  });

  it('names streams by label path; nested and slashed paths are the same stream', () => {
    const rng = createRng(7);
    const nested = rng.fork('raft').fork('manager-2');
    expect(nested.label).toBe('raft/manager-2');
    expect(rng.label).toBe('');
    expect(draws(nested, 5)).toEqual(draws(createRng(7).fork('raft/manager-2'), 5));
    expect(() => rng.fork('')).toThrow(/non-empty/);
  });

  it('seeds with a digest, so short repeated labels do not collide', () => {
    const rng = createRng(1);
    expect(draws(rng.fork('ab'), 5)).not.toEqual(draws(rng.fork('abab'), 5));
    expect(streamKey(1, 'ab')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('snapshot of first draws (update with vitest -u only when the change is intended)', () => {
  it('pins seeds 0, 1 and 42', () => {
    const pinned = [0, 1, 42].map((seed) => {
      const rng = createRng(seed);
      return {
        seed,
        root: draws(rng, 4),
        net: draws(rng.fork('net'), 4),
        raft: draws(rng.fork('raft').fork('manager-1'), 4),
        big: rng.fork('big').intBelow(2 ** 53),
      };
    });
    expect(pinned).toMatchSnapshot();
  });
});

describe('intBelow, intBetween, chance, pick', () => {
  test.prop([fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })])(
    'intBelow(n) is an integer in [0, n)',
    (seed, n) => {
      const rng = createRng(seed);
      for (let i = 0; i < 20; i++) {
        const x = rng.intBelow(n);
        expect(Number.isSafeInteger(x)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(n);
      }
    },
  );

  test.prop([fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), fc.nat({ max: 50 })])(
    'intBetween(lo, hi) includes both ends and nothing outside',
    (seed, lo, width) => {
      const rng = createRng(seed);
      const seen = new Set<number>();
      for (let i = 0; i < 40 * (width + 1); i++) {
        const x = rng.intBetween(lo, lo + width);
        expect(x >= lo && x <= lo + width).toBe(true);
        seen.add(x);
      }
      expect(seen.has(lo) && seen.has(lo + width)).toBe(true);
    },
  );

  it('is roughly uniform: chi-square over 10 buckets stays below the 99.9% point', () => {
    for (const n of [10, 3 * 2 ** 30]) {
      // 3*2^30 makes a naive `x % n` visibly biased (the low third would get twice the mass).
      const rng = createRng(99).fork(`uniform-${n}`);
      const buckets = new Array<number>(10).fill(0);
      const samples = 100_000;
      for (let i = 0; i < samples; i++) {
        const x = rng.intBelow(n);
        buckets[Math.floor((x * 10) / n)]! += 1;
      }
      const expected = samples / 10;
      const chi2 = buckets.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(27.88); // 9 degrees of freedom, p = 0.001
    }
  });

  it('rejects bad arguments', () => {
    const rng = createRng(1);
    expect(() => rng.intBelow(0)).toThrow(/must be positive/);
    expect(() => rng.intBelow(1.5)).toThrow(/not a safe integer/);
    expect(() => rng.intBelow(2 ** 54)).toThrow(/not a safe integer/);
    expect(() => rng.intBetween(3, 2)).toThrow(/lo <= hi/);
    expect(() => rng.pick([])).toThrow('rng.pick: the list is empty');
    expect(() => rng.chance({ num: 2, den: 1 })).toThrow(/invalid ratio 2\/1/);
    expect(() => createRng(0.5)).toThrow(/not a safe integer/);
  });

  it('chance: 0 and 1 draw nothing; a ratio in between hits about num/den', () => {
    const a = createRng(5);
    const b = createRng(5);
    expect(a.chance({ num: 0, den: 7 })).toBe(false);
    expect(a.chance({ num: 7, den: 7 })).toBe(true);
    expect(a.intBelow(1000)).toBe(b.intBelow(1000)); // a's stream did not move
    let hits = 0;
    for (let i = 0; i < 20_000; i++) if (a.chance({ num: 1, den: 4 })) hits++;
    expect(hits).toBeGreaterThan(4_700);
    expect(hits).toBeLessThan(5_300);
  });

  it('pick returns each element of a sorted list', () => {
    const rng = createRng(3);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(rng.pick(['a', 'b', 'c']));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
  });
});
