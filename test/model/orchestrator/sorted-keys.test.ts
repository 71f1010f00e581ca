/**
 * The reaper's sorted key set (src/model/reaper/sorted-keys.ts) against a
 * plain sorted array: after any sequence of adds (enough to split chunks),
 * it holds the distinct keys in compareStrings order, its length counts
 * them, adding a key already there gives the same set, and earlier sets
 * are left as they were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedKeys } from '../../../src/model/reaper/index.js';
import { compareStrings } from '../../../src/sim/order.js';

describe('reaper sorted keys', () => {
  it('holds the distinct keys in order, immutably', () => {
    // Adds are new strings or keys already there (by position: chunk ends included).
    const addArb = fc.oneof(fc.string({ maxLength: 4 }), fc.nat());
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 400 }), fc.array(addArb, { maxLength: 100 }), (initial, picks) => {
        const start = [...new Set(initial)].sort(compareStrings);
        const adds = picks.map((p) => (typeof p === 'string' || start.length === 0 ? String(p) : (start[p % start.length] as string)));
        let keys = SortedKeys.fromSorted(start);
        const history: { set: SortedKeys; keys: string[] }[] = [];
        const expected = new Set(start);
        for (const key of adds) {
          history.push({ set: keys, keys: [...expected].sort(compareStrings) });
          const next = keys.with(key);
          if (expected.has(key)) expect(next).toBe(keys);
          expected.add(key);
          keys = next;
        }
        const sorted = [...expected].sort(compareStrings);
        expect(keys.toArray()).toEqual(sorted);
        expect([...keys]).toEqual(sorted);
        expect(keys.length).toBe(sorted.length);
        for (const { set, keys: then } of history) expect(set.toArray()).toEqual(then);
      }),
      { numRuns: 200 },
    );
  });

  it('grows one key at a time past many chunks', () => {
    let keys = SortedKeys.EMPTY;
    const all = Array.from({ length: 1000 }, (_, i) => `svc|${i}|`);
    for (const key of all) keys = keys.with(key);
    expect(keys.toArray()).toEqual([...all].sort(compareStrings));
    // Every key already there (first and last of each chunk included) gives the same set back.
    for (const key of all) expect(keys.with(key)).toBe(keys);
    const built = SortedKeys.fromSorted([...all].sort(compareStrings));
    for (const key of all) expect(built.with(key)).toBe(built);
  });
});
