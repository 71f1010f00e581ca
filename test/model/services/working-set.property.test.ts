/**
 * The leader pass's sorted views of the tasks (manager/working-set.ts)
 * against sorting from scratch: `sortTasks` following the store's log, and
 * a WorkingSet's `sortedTasks()` after any mix of creates, removes and
 * updates, equal what sorting the resulting map by ID gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_TASKS, type SortedTasks, WorkingSet, sortTasks } from '../../../src/model/manager/working-set.js';
import type { StoreObjects, Task } from '../../../src/model/store/objects.js';
import { type Change, EMPTY_STORE, applyTransaction } from '../../../src/model/store/store.js';
import { compareStrings } from '../../../src/sim/order.js';
import { task } from '../scheduler/fixtures.js';

const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.constantFrom(...ids).map((id): Change => ({ kind: 'create-task', task: task(id, 'svc') })),
  fc.constantFrom(...ids).map((id): Change => ({ kind: 'delete-task', id })),
  fc.constantFrom(...ids).map((id): Change => ({ kind: 'set-task-desired', id, desiredState: 'shutdown' })),
);

function fromScratch(tasks: ReadonlyMap<string, Task>): Task[] {
  return [...tasks.values()].sort((a, b) => compareStrings(a.id, b.id));
}


describe('the leader pass sorted tasks', () => {
  it('sortTasks follows the log to what sorting afresh gives', () => {
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 5 }), { minLength: 1, maxLength: 15 }), fc.nat(), (txs, skip) => {
        let store: StoreObjects = EMPTY_STORE;
        let seen: StoreObjects = EMPTY_STORE;
        let sorted: SortedTasks = NO_TASKS;
        txs.forEach((changes, i) => {
          store = applyTransaction(store, { origin: 'test', changes }, i + 1);
          // The pass does not run after every transaction: catch up every few.
          if ((i + skip) % 3 !== 0) return;
          sorted = sortTasks(store.tasks, seen.tasks, sorted);
          seen = store;
          expect(sorted.tasks).toEqual(fromScratch(store.tasks));
          expect(sorted.ids).toEqual(fromScratch(store.tasks).map((t) => t.id));
        });
      }),
      { numRuns: 300, seed: 424242 },
    );
  });

  it('a WorkingSet sorts its changes over the store as a map would', () => {
    const op = fc.record({ kind: fc.constantFrom('create' as const, 'remove' as const, 'desire' as const, 'look' as const), id: fc.constantFrom(...ids) });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 8 }), fc.array(op, { maxLength: 12 }), (setup, ops) => {
        const store = applyTransaction(EMPTY_STORE, { origin: 'test', changes: setup }, 1);
        const work = new WorkingSet(store.tasks, () => sortTasks(store.tasks, EMPTY_STORE.tasks, NO_TASKS));
        const reference = new Map(store.tasks);
        const handedOut: [readonly Task[], Task[]][] = [];
        for (const { kind, id } of ops) {
          if (kind === 'create') {
            const created = { ...task(id, 'svc'), version: 9 };
            work.create(created);
            reference.set(id, created);
          } else if (kind === 'remove') {
            work.remove(id);
            reference.delete(id);
          } else if (kind === 'desire') {
            work.desire(id, 'remove');
            const old = reference.get(id);
            if (old !== undefined) reference.set(id, work.task(id) as Task);
          } else {
            handedOut.push([work.sortedTasks(), fromScratch(reference)]);
          }
          expect(work.task(id)).toBe(reference.get(id));
        }
        expect(work.sortedTasks()).toEqual(fromScratch(reference));
        // What a reader was given earlier is never changed afterwards.
        for (const [given, then] of handedOut) expect(given).toEqual(then);
        const created = new Set(work.createdIds());
        for (const id of ids) if (!store.tasks.has(id) && reference.has(id)) expect(created.has(id)).toBe(true);
      }),
      { numRuns: 300, seed: 90210 },
    );
  });
});
