/**
 * The reaper's index of instance membership (src/model/reaper/history-index.ts)
 * against the walk over all tasks it replaces: over random sequences of task
 * snapshots (tasks created, changed in place, moved to another slot or node,
 * deleted between ticks) and of services (a global service appearing or
 * going), a reaper keeping its index from tick to tick deletes exactly what
 * a reaper walking the tasks deletes (tasks handed over unsorted have no
 * index: that is the walk), and keeps the same instances dirty.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ReaperState, INITIAL_REAPER_STATE, step as reap, updateHistoryIndex } from '../../../src/model/reaper/index.js';
import type { Task, TaskState } from '../../../src/model/store/objects.js';
import { reuseUnchanged, service, task } from '../scheduler/fixtures.js';

/** The services a tick sees: some of these. */
const SERVICES = [service('rep', { replicas: 3 }), service('glob', { global: true }), service('tight', { maxAttempts: 1 }), service('late', { global: true })];
const STATES: readonly TaskState[] = ['new', 'pending', 'assigned', 'running', 'complete', 'shutdown', 'failed'];
const DESIRED: readonly TaskState[] = ['ready', 'running', 'shutdown', 'remove'];

const taskArb = (id: string) =>
  fc
    .record({
      service: fc.constantFrom('rep', 'glob', 'tight', 'late', 'gone'),
      slot: fc.constantFrom(0, 1, 2, 255, 256, 700),
      nodeId: fc.constantFrom('', 'n0', 'n1'),
      state: fc.constantFrom(...STATES),
      desired: fc.constantFrom(...DESIRED),
      timestampUs: fc.integer({ min: 0, max: 3 }),
    })
    .map((o): Task => task(id, o.service, { slot: o.slot, nodeId: o.nodeId, state: o.state, desired: o.desired, timestampUs: o.timestampUs }));

/** A snapshot of tasks t00..t13 (each present or not), sorted by ID. */
const snapshotArb = fc
  .array(fc.boolean(), { minLength: 14, maxLength: 14 })
  .chain((present) => fc.tuple(...present.map((p, i) => (p ? taskArb(`t${String(i).padStart(2, '0')}`) : fc.constant(undefined)))))
  .map((tasks) => tasks.filter((t): t is Task => t !== undefined));

describe('reaper history index', () => {
  it('deletes what the walk over all tasks deletes, tick after tick', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(snapshotArb, fc.subarray(SERVICES)), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3 }), (ticks, historyLimit) => {
        let indexed: ReaperState = INITIAL_REAPER_STATE;
        let walked: ReaperState = INITIAL_REAPER_STATE;
        let previous: readonly Task[] = [];
        for (const [raw, services] of ticks) {
          const tasks = reuseUnchanged(previous, raw);
          // Every task marks its instance dirty and reports its state (as the leader does on each change).
          for (const t of tasks) {
            for (const kind of ['taskCreated', 'taskUpdated'] as const) {
              indexed = reap(indexed, { kind, task: t }).state;
              walked = reap(walked, { kind, task: t }).state;
            }
          }
          const a = reap(indexed, { kind: 'tick', services, tasks, historyLimit });
          const b = reap(walked, { kind: 'tick', services, tasks: [...tasks].reverse(), historyLimit });
          // The first tick walks; every later one reads the index.
          expect(a.state.index !== undefined || indexed.ticked !== true).toBe(true);
          expect(b.state.index === undefined || tasks.length < 2).toBe(true);
          expect(a.effects).toEqual(b.effects);
          expect(a.state.dirty.toArray()).toEqual(b.state.dirty.toArray());
          indexed = a.state;
          walked = b.state;
          previous = tasks;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('has no index for tasks not strictly sorted by ID', () => {
    const a = task('a', 'rep', { slot: 1 });
    const b = task('b', 'rep', { slot: 1 });
    expect(updateHistoryIndex(undefined, [a, b], [])).toBeDefined();
    expect(updateHistoryIndex(undefined, [b, a], [])).toBeUndefined();
    expect(updateHistoryIndex(undefined, [a, a], [])).toBeUndefined();
  });
});
