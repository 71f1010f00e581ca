/**
 * The scheduler's task index (src/model/scheduler/task-index.ts) against the
 * walk it replaces: over random sequences of task snapshots (tasks created,
 * changed, deleted between ticks), the node infos and PENDING tasks made from
 * the index equal `scanTasks` on the same snapshot, and the index gives up
 * (undefined) exactly where it could not be exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NodeInfo, type TaskIndex, indexHas, scanIndex, scanTasks, updateIndex } from '../../../src/model/scheduler/index.js';
import type { Node, PortConfig, Task, TaskState } from '../../../src/model/store/objects.js';
import { compareStrings } from '../../../src/sim/order.js';
import { node, reuseUnchanged, task, taskSpec } from './fixtures.js';

const NODES: readonly Node[] = ['n2', 'n0', 'n1'].map((id) => node(id, { nanoCPUs: 4e9, memoryBytes: 8 * 2 ** 30 }));
const STATES: readonly TaskState[] = ['new', 'pending', 'assigned', 'running', 'complete', 'shutdown', 'failed'];
const DESIRED: readonly TaskState[] = ['ready', 'running', 'complete', 'shutdown', 'remove'];
const HOST_PORT: PortConfig = { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'host' };

const taskArb = (id: string) =>
  fc
    .record({
      service: fc.constantFrom('s1', 's2'),
      nodeId: fc.constantFrom('', 'n0', 'n1', 'n2', 'gone'),
      state: fc.constantFrom(...STATES),
      desired: fc.constantFrom(...DESIRED),
      cpus: fc.constantFrom(0, 5e8, 1e9),
      hostPort: fc.boolean(),
      slot: fc.integer({ min: 1, max: 3 }),
    })
    .map((o): Task =>
      task(id, o.service, {
        nodeId: o.nodeId,
        state: o.state,
        desired: o.desired,
        slot: o.slot,
        spec: taskSpec({ reserveCPUs: o.cpus, reserveMemory: o.cpus === 0 ? 0 : 2 ** 20 }),
        ports: o.hostPort ? [HOST_PORT] : [],
      }),
    );

/** A snapshot: task IDs t00..t11, each present or not; sorted by ID as the leader hands them over. */
const snapshotArb = fc
  .array(fc.option(fc.nat(), { nil: undefined }), { minLength: 12, maxLength: 12 })
  .chain((present) =>
    fc.tuple(...present.map((p, i) => (p === undefined ? fc.constant(undefined) : taskArb(`t${String(i).padStart(2, '0')}`)))),
  )
  .map((tasks) => tasks.filter((t): t is Task => t !== undefined));

function plain(info: NodeInfo) {
  return {
    node: info.node.id,
    active: info.activeTasksCount,
    byService: [...info.activeByService].filter(([, n]) => n !== 0).sort(([a], [b]) => compareStrings(a, b)),
    cpus: info.availableNanoCPUs,
    memory: info.availableMemoryBytes,
    ports: [...info.usedHostPorts].sort(compareStrings),
  };
}

describe('scheduler task index', () => {
  it('gives the node infos and PENDING tasks of a full walk, tick after tick', () => {
    fc.assert(
      fc.property(fc.array(snapshotArb, { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (snapshots, keep) => {
        let index: TaskIndex | undefined;
        let previous: readonly Task[] = [];
        snapshots.forEach((raw, n) => {
          const tasks = reuseUnchanged(previous, raw);
          // Sometimes a tick starts without an index (a new leader, or one given up).
          index = updateIndex(keep[n] === true ? index : undefined, tasks);
          expect(index).toBeDefined();
          const fromIndex = scanIndex(NODES, index as TaskIndex);
          const walked = scanTasks(NODES, tasks);
          expect(fromIndex?.infos.map(plain)).toEqual(walked.infos.map(plain));
          expect(fromIndex?.pending.map((t) => t.id).sort(compareStrings)).toEqual(walked.pending.map((t) => t.id));
          for (let i = 0; i < 12; i++) {
            const id = `t${String(i).padStart(2, '0')}`;
            expect(indexHas(index as TaskIndex, id)).toBe(tasks.some((t) => t.id === id));
          }
          previous = tasks;
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives up on tasks not strictly sorted by ID, and on reservations that would not stay exact', () => {
    const a = task('a', 's1', { nodeId: 'n0', state: 'running' });
    const b = task('b', 's1', { nodeId: 'n0', state: 'running' });
    expect(updateIndex(undefined, [b, a])).toBeUndefined();
    expect(updateIndex(undefined, [a, a])).toBeUndefined();
    const index = updateIndex(undefined, [a, b]) as TaskIndex;
    expect(updateIndex(index, [b, a])).toBeUndefined();
    const fractional = task('c', 's1', { nodeId: 'n0', state: 'running', spec: taskSpec({ reserveCPUs: 0.5 }) });
    expect(updateIndex(index, [a, b, fractional])).toBeUndefined();
    expect(scanIndex([node('n0', { nanoCPUs: 1.5 })], index)).toBeUndefined();
    expect(scanIndex([node('n0'), node('n0')], index)).toBeUndefined();
  });
});
