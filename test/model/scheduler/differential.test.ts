/**
 * Differential test of the wired scheduler (`step`, a whole tick) against a
 * straightforward reference written from docs/scheduling.md alone:
 *
 *   eligible nodes: Ready and Active;
 *   a node's tasks: those with observed ASSIGNED..RUNNING, counted when
 *     desired ≤ COMPLETE (per service and in total);
 *   failures: FAILED/REJECTED reports of this (service, spec version) on the
 *     node at most 5 minutes old;
 *   rank: if either node has ≥ 5 failures, fewer failures first; then fewer
 *     tasks of this service; then fewer tasks in total; then node ID.
 *
 * Random node sets (IDs, readiness, availability), random existing tasks of
 * this and other services in every state, random failure histories fed
 * through `taskFailed` at their own instants; then pending tasks arrive one
 * per tick and each must land on the reference's best node. Also the full
 * order of `makeCompareNodes` over the scheduler's own node infos. (The
 * longhand-key test in properties.test.ts works on NodeInfo; this one starts
 * from raw store objects and the scheduler's own failure bookkeeping.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INITIAL_SCHEDULER_STATE, type SchedulerState, buildNodeInfos, makeCompareNodes, makeNodeLess, step } from '../../../src/model/scheduler/index.js';
import type { Node, Task, TaskState } from '../../../src/model/store/objects.js';
import { compareStrings } from '../../../src/sim/order.js';
import { applySchedulerEffects, node, service, task, us } from './fixtures.js';

const SECOND = 1_000_000;
const NOW = 600 * SECOND + SECOND / 2; // failures sit on whole seconds: never exactly 5 min before now
// Existing tasks were placed (a PENDING task with a node would be a preassigned global task, placed first).
const STATES: readonly TaskState[] = ['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running', 'complete', 'shutdown', 'failed', 'rejected'];
const ORDER = ['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running', 'complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned'];
const at = (s: TaskState): number => ORDER.indexOf(s);

interface World {
  readonly nodes: Node[];
  readonly existing: Task[];
  /** Failure instants of service `svc` (spec version 1) per node, in µs. */
  readonly failures: Map<string, number[]>;
}

const worldArb: fc.Arbitrary<World> = fc
  .uniqueArray(fc.stringMatching(/^[a-z0-9]{3,8}$/), { minLength: 1, maxLength: 7 })
  .chain((ids) =>
    fc.record({
      ids: fc.constant(ids),
      shapes: fc.array(
        fc.record({
          state: fc.constantFrom('ready', 'ready', 'ready', 'down'),
          availability: fc.constantFrom('active', 'active', 'active', 'pause', 'drain'),
        }),
        { minLength: ids.length, maxLength: ids.length },
      ),
      tasks: fc.array(
        fc.record({
          on: fc.integer({ min: 0, max: ids.length - 1 }),
          service: fc.constantFrom('svc', 'svc', 'other', 'third'),
          state: fc.constantFrom(...STATES),
          desired: fc.constantFrom<TaskState>('running', 'running', 'ready', 'complete', 'shutdown', 'remove'),
        }),
        { maxLength: 24 },
      ),
      failures: fc.array(fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 8 }), { minLength: ids.length, maxLength: ids.length }),
    }),
  )
  .map(({ ids, shapes, tasks, failures }) => ({
    nodes: ids.map((id, i) => node(id, shapes[i] as { state: 'ready'; availability: 'active' })),
    existing: tasks.map((t, i) =>
      task(`x${String(i).padStart(3, '0')}`, t.service, { slot: 100 + i, nodeId: ids[t.on] as string, state: t.state, desired: t.desired }),
    ),
    failures: new Map(ids.map((id, i) => [id, [...(failures[i] ?? [])].sort((a, b) => a - b).map((s) => s * SECOND)])),
  }));

/** The reference: the rule of docs/scheduling.md, from raw objects. */
function referenceOrder(world: World, tasks: readonly Task[]): string[] {
  const counted = (t: Task): boolean => t.nodeId !== '' && at(t.status.state) >= at('assigned') && at(t.status.state) <= at('running') && at(t.desiredState) <= at('complete');
  const own = (id: string): number => tasks.filter((t) => counted(t) && t.nodeId === id && t.serviceId === 'svc').length;
  const total = (id: string): number => tasks.filter((t) => counted(t) && t.nodeId === id).length;
  const failures = (id: string): number => (world.failures.get(id) ?? []).filter((t) => NOW - t <= 300 * SECOND).length;
  const eligible = world.nodes.filter((n) => n.status.state === 'ready' && n.spec.availability === 'active');
  return eligible
    .map((n) => n.id)
    .sort((a, b) => {
      const fa = failures(a);
      const fb = failures(b);
      if ((fa >= 5 || fb >= 5) && fa !== fb) return fa - fb;
      if (own(a) !== own(b)) return own(a) - own(b);
      if (total(a) !== total(b)) return total(a) - total(b);
      return compareStrings(a, b);
    });
}

/** The scheduler's state after the failure reports, each at its own instant, oldest first. */
function withFailures(world: World): SchedulerState {
  const reports = [...world.failures].flatMap(([nodeId, times]) => times.map((t) => ({ nodeId, t })));
  reports.sort((a, b) => a.t - b.t || compareStrings(a.nodeId, b.nodeId));
  let state = INITIAL_SCHEDULER_STATE;
  reports.forEach(({ nodeId, t }, i) => {
    const failed = task(`f${i}`, 'svc', { slot: 1, nodeId, state: 'failed', desired: 'shutdown' });
    state = step(state, { kind: 'taskFailed', task: failed, nowUs: us(t) }).state;
  });
  return state;
}

describe('differential: the wired scheduler vs the documented rule', () => {
  it('each pending task, one per tick, goes to the reference best node (or stays pending when none is eligible)', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 6 }), (world, arrivals) => {
        const svc = service('svc', { replicas: arrivals });
        const others = [service('other'), service('third')];
        let state = withFailures(world);
        let tasks = [...world.existing];
        for (let k = 0; k < arrivals; k++) {
          const expected = referenceOrder(world, tasks)[0];
          const fresh = task(`p${k}`, 'svc', { slot: k + 1, spec: svc.spec.task });
          tasks = [...tasks, fresh];
          const result = step(state, { kind: 'tick', nowUs: us(NOW), nodes: world.nodes, services: [svc, ...others], tasks });
          state = result.state;
          tasks = applySchedulerEffects(tasks, result.effects);
          const placed = tasks.find((t) => t.id === fresh.id);
          expect(placed?.nodeId === '' ? undefined : placed?.nodeId).toBe(expected);
          if (expected === undefined) expect(placed?.status.err).toMatch(/^no suitable node/);
        }
      }),
      { numRuns: 400, seed: 61124 },
    );
  });

  it("compareNodes over the scheduler's node infos gives the reference order of the eligible nodes", () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const state = withFailures(world);
        const compare = makeCompareNodes(makeNodeLess({ serviceId: 'svc', specVersion: 1, failures: state.failures, nowUs: us(NOW) }));
        const eligible = new Set(referenceOrder(world, world.existing));
        const ours = buildNodeInfos(world.nodes, world.existing)
          .filter((info) => eligible.has(info.node.id))
          .sort(compare)
          .map((info) => info.node.id);
        expect(ours).toEqual(referenceOrder(world, world.existing));
      }),
      { numRuns: 400, seed: 61125 },
    );
  });
});
