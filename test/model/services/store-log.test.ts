/**
 * The store's change log (`touchedTaskIds`): between two task maps of one
 * line of transactions it names every task whose object changed (and maybe
 * some set back and forth), so a reader that diffs only those IDs sees
 * exactly what a full diff sees; it says undefined for maps it cannot link.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Change, EMPTY_STORE, applyTransaction, touchedTaskIds } from '../../../src/model/store/store.js';
import type { StoreObjects } from '../../../src/model/store/objects.js';
import { task } from '../scheduler/fixtures.js';

const ids = ['a', 'b', 'c', 'd', 'e'];
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('create-task' as const), id: fc.constantFrom(...ids) }).map(({ id }) => ({ kind: 'create-task' as const, task: task(id, 'svc') })),
  fc.record({ kind: fc.constant('delete-task' as const), id: fc.constantFrom(...ids) }),
  fc.record({ kind: fc.constant('set-task-desired' as const), id: fc.constantFrom(...ids), desiredState: fc.constantFrom('running' as const, 'shutdown' as const) }),
);

function fullDiff(before: StoreObjects['tasks'], after: StoreObjects['tasks']): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id) !== after.get(id)).sort();
}

describe('touchedTaskIds', () => {
  it('covers the full diff between any two maps of one line of transactions', () => {
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 4 }), { minLength: 1, maxLength: 12 }), (txs) => {
        const stores: StoreObjects[] = [EMPTY_STORE];
        txs.forEach((changes, i) => stores.push(applyTransaction(stores[i] as StoreObjects, { origin: 'test', changes }, i + 1)));
        for (let from = 0; from < stores.length; from++) {
          for (let to = from; to < stores.length; to++) {
            const before = (stores[from] as StoreObjects).tasks;
            const after = (stores[to] as StoreObjects).tasks;
            const touched = touchedTaskIds(before, after);
            const expected = fullDiff(before, after);
            if (touched === undefined) {
              // Only maps never produced by a transaction (the empty genesis here) are unknown to the log.
              expect(before === EMPTY_STORE.tasks || after === EMPTY_STORE.tasks).toBe(true);
              continue;
            }
            expect([...new Set(touched)].filter((id) => before.get(id) !== after.get(id)).sort()).toEqual(expected);
          }
        }
      }),
      { numRuns: 200, seed: 61127 },
    );
  });

  it('is undefined for maps of different lines, and for a newer map asked as the older', () => {
    const one = applyTransaction(EMPTY_STORE, { origin: 'test', changes: [{ kind: 'create-task', task: task('a', 'svc') }] }, 1);
    const two = applyTransaction(one, { origin: 'test', changes: [{ kind: 'create-task', task: task('b', 'svc') }] }, 2);
    const other = applyTransaction(one, { origin: 'test', changes: [{ kind: 'create-task', task: task('c', 'svc') }] }, 2);
    expect(touchedTaskIds(one.tasks, two.tasks)).toEqual(['b']);
    expect(touchedTaskIds(two.tasks, one.tasks)).toBeUndefined();
    expect(touchedTaskIds(two.tasks, other.tasks)).toBeUndefined();
    expect(touchedTaskIds(new Map(one.tasks), two.tasks)).toBeUndefined();
  });
});
