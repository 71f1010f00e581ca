/**
 * The store's persistent task table against a plain Map as reference: for
 * any history of transactions (sets, deletes, IDs deleted and created
 * again, several lines growing from one snapshot, enough deletes to
 * compact), every snapshot reads exactly as the Map it stands for, in the
 * same order, and never changes after it was made.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/model/store/objects.js';
import { TaskTable, TaskTableWriter } from '../../../src/model/store/task-table.js';
import { task } from '../scheduler/fixtures.js';

type Op = { readonly kind: 'set'; readonly id: string; readonly version: number } | { readonly kind: 'delete'; readonly id: string };

interface Snapshot {
  readonly table: TaskTable;
  readonly reference: ReadonlyMap<string, Task>;
}

function withVersion(id: string, version: number): Task {
  return { ...task(id, 'svc'), version };
}

/** Apply one transaction to a table and to its reference Map. */
function apply(from: Snapshot, ops: readonly Op[]): Snapshot {
  const writer = new TaskTableWriter(from.table);
  const reference = new Map(from.reference);
  for (const op of ops) {
    if (op.kind === 'set') {
      const value = withVersion(op.id, op.version);
      writer.set(value);
      reference.set(op.id, value);
    } else {
      expect(writer.delete(op.id)).toBe(reference.delete(op.id));
    }
    expect(writer.get(op.id)).toBe(reference.get(op.id));
  }
  return { table: writer.result(), reference };
}

function expectSame(snapshot: Snapshot, ids: readonly string[]): void {
  const { table, reference } = snapshot;
  expect(table.size).toBe(reference.size);
  expect([...table.keys()]).toEqual([...reference.keys()]);
  expect([...table.values()]).toEqual([...reference.values()]);
  expect([...table]).toEqual([...reference]);
  for (const id of ids) {
    expect(table.get(id)).toBe(reference.get(id));
    expect(table.has(id)).toBe(reference.has(id));
  }
}

describe('TaskTable', () => {
  it('reads as a Map along any branching history, and old snapshots never change', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), id: fc.constantFrom(...ids), version: fc.nat(1000) }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...ids) }),
    );
    // Each transaction grows from an earlier snapshot (`from` picks which), so lines branch.
    const step = fc.record({ from: fc.nat(), ops: fc.array(op, { maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const snapshots: Snapshot[] = [{ table: TaskTable.EMPTY, reference: new Map() }];
        for (const { from, ops } of steps) {
          snapshots.push(apply(snapshots[from % snapshots.length] as Snapshot, ops));
          for (const snapshot of snapshots) expectSame(snapshot, ids);
        }
      }),
      { numRuns: 300, seed: 20261124 },
    );
  });

  it('compacts once empty slots outnumber the tasks, keeping order and lookups', () => {
    let snapshot: Snapshot = { table: TaskTable.EMPTY, reference: new Map() };
    const ids = Array.from({ length: 3000 }, (_, i) => `task-${String(i).padStart(4, '0')}`);
    snapshot = apply(snapshot, ids.map((id) => ({ kind: 'set', id, version: 1 })));
    const before = snapshot;
    // Delete all but every tenth, a hundred at a time, then create some again (they go last).
    for (let i = 0; i < ids.length; i += 100) {
      snapshot = apply(
        snapshot,
        ids.slice(i, i + 100).flatMap((id, j): Op[] => ((i + j) % 10 === 0 ? [] : [{ kind: 'delete', id }])),
      );
    }
    snapshot = apply(snapshot, [{ kind: 'set', id: 'task-0001', version: 2 }, { kind: 'set', id: 'task-0010', version: 3 }]);
    expectSame(snapshot, ids);
    expect(snapshot.table.end).toBeLessThan(ids.length);
    expectSame(before, ids);
  });

  it('leaves the base untouched and returns it when nothing was written', () => {
    const base = TaskTable.of([withVersion('a', 1), withVersion('b', 1)]);
    const writer = new TaskTableWriter(base);
    expect(writer.delete('missing')).toBe(false);
    expect(writer.result()).toBe(base);
    const from = TaskTable.from(new Map([['b', withVersion('b', 1)], ['a', withVersion('a', 1)]]));
    expect([...from.keys()]).toEqual(['b', 'a']);
    expect(TaskTable.from(base)).toBe(base);
  });
});
