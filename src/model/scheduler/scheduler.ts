/**
 * The scheduler as a pure step (`swarmkit manager/scheduler/scheduler.go`;
 * swarm-services.md §9). The leader's driver calls
 *
 *   step(state, { kind: 'tick', nowUs, nodes, services, tasks })
 *
 * after store changes (SwarmKit debounces 50 ms after the last commit, at
 * most 1 s; the debounce is the driver's), and
 *
 *   step(state, { kind: 'taskFailed', task, nowUs })
 *
 * when a task it placed moves to FAILED or REJECTED.
 *
 * A tick: preassigned tasks (global: node set at creation, state PENDING) are
 * confirmed or explained first, each on its own node; then the unassigned
 * PENDING tasks, grouped by (service, spec version), are placed group by
 * group on the spread decision tree. What does not fit stays PENDING with
 * Docker's `no suitable node (...)` error — except a task of an older spec
 * version with desired ≥ SHUTDOWN, which goes to SHUTDOWN.
 *
 * Effects (apply in order, each a store update of one task):
 *   assignTask        set nodeId and status (ASSIGNED)
 *   taskUnschedulable set status (still PENDING, err explains); emitted only
 *                     when the error text changes (SwarmKit rewrites it every
 *                     pass; a fixed point needs no write)
 *   shutdownTask      set status (SHUTDOWN, err '')
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros } from '../../sim/types.js';
import type { Node, Service, Task, TaskStatus } from '../store/objects.js';
import { stateBefore } from '../tasks/states.js';
import { type RecentFailures, pruneFailures, recordFailure } from './failures.js';
import { Pipeline, noSuitableNodeText } from './filters.js';
import { type NodeInfo, type TaskScan, addTaskToNode, scanTasks } from './node-info.js';
import { type GroupPlacement, placeOnSubtree } from './place.js';
import { makeCompareNodes, makeNodeLess } from './ranking.js';
import { type TaskIndex, indexHas, scanIndex, updateIndex } from './task-index.js';
import { buildTree } from './tree.js';

export const PREASSIGNED_MESSAGE = 'scheduler confirmed task can run on preassigned node';

export interface SchedulerState {
  readonly failures: RecentFailures;
  /** Tasks confirmed on their preassigned node: their failures do not count against the node. */
  readonly preassigned: ReadonlySet<string>;
  /** The tasks as of the last tick, indexed (./task-index.ts); undefined before the first or when it cannot be exact. */
  readonly index?: TaskIndex | undefined;
}

export const INITIAL_SCHEDULER_STATE: SchedulerState = { failures: {}, preassigned: new Set() };

export interface SchedulerView {
  readonly nodes: readonly Node[];
  readonly services: readonly Service[];
  readonly tasks: readonly Task[];
}

export type SchedulerInput =
  | ({ readonly kind: 'tick'; readonly nowUs: Micros } & SchedulerView)
  | { readonly kind: 'taskFailed'; readonly task: Task; readonly nowUs: Micros };

export type SchedulerEffect =
  | { readonly kind: 'assignTask'; readonly taskId: string; readonly nodeId: string; readonly status: TaskStatus }
  | { readonly kind: 'taskUnschedulable'; readonly taskId: string; readonly status: TaskStatus }
  | { readonly kind: 'shutdownTask'; readonly taskId: string; readonly status: TaskStatus };

export interface SchedulerResult {
  readonly state: SchedulerState;
  readonly effects: readonly SchedulerEffect[];
}

export function describeSchedulerEffect(effect: SchedulerEffect): string {
  switch (effect.kind) {
    case 'assignTask':
      return `assignTask task=${effect.taskId} node=${effect.nodeId}`;
    case 'taskUnschedulable':
      return `taskUnschedulable task=${effect.taskId} err=${JSON.stringify(effect.status.err)}`;
    case 'shutdownTask':
      return `shutdownTask task=${effect.taskId}`;
  }
}

export function step(state: SchedulerState, input: SchedulerInput): SchedulerResult {
  switch (input.kind) {
    case 'tick':
      return onTick(state, input);
    case 'taskFailed':
      return onTaskFailed(state, input);
  }
}

/** `nodeinfo.go#taskFailed`, skipped for preassigned tasks (the scheduler did not choose their node). */
export function onTaskFailed(
  state: SchedulerState,
  input: { readonly task: Task; readonly nowUs: Micros },
): SchedulerResult {
  const { task } = input;
  if (task.nodeId === '' || state.preassigned.has(task.id)) return { state, effects: [] };
  if (task.status.state !== 'failed' && task.status.state !== 'rejected') return { state, effects: [] };
  const failures = recordFailure(state.failures, {
    nodeId: task.nodeId,
    serviceId: task.serviceId,
    specVersion: task.specVersion,
    nowUs: input.nowUs,
  });
  return { state: { ...state, failures }, effects: [] };
}

function compareTasks(a: Task, b: Task): number {
  return a.slot - b.slot || compareStrings(a.id, b.id);
}

interface TickContext {
  readonly nowUs: Micros;
  readonly failures: RecentFailures;
  readonly infos: readonly NodeInfo[];
  readonly infoById: ReadonlyMap<string, NodeInfo>;
  readonly services: ReadonlyMap<string, Service>;
  readonly effects: SchedulerEffect[];
}

/**
 * The tick's node infos and PENDING tasks: from the index kept across ticks,
 * or by walking every task. With nothing PENDING no node infos are made
 * (nothing would read them; many ticks of a large update place nothing).
 */
function scan(state: SchedulerState, input: SchedulerView): { readonly scan: TaskScan; readonly index: TaskIndex | undefined } {
  const index = updateIndex(state.index, input.tasks);
  if (index?.pending.size === 0) return { scan: { infos: [], infoById: new Map(), pending: [] }, index };
  const fromIndex = index === undefined ? undefined : scanIndex(input.nodes, index);
  // Resources not exact on some node: walk the tasks this time (the index itself stays right).
  return { scan: fromIndex ?? scanTasks(input.nodes, input.tasks), index };
}

function onTick(state: SchedulerState, input: { readonly nowUs: Micros } & SchedulerView): SchedulerResult {
  const { scan: { infos, infoById, pending }, index } = scan(state, input);
  const context: TickContext = {
    nowUs: input.nowUs,
    failures: pruneFailures(state.failures, input.nowUs),
    infos,
    infoById,
    services: new Map(input.services.map((s) => [s.id, s])),
    effects: [],
  };
  pending.sort(compareTasks);
  const preassigned = confirmPreassigned(context, pending.filter((t) => t.nodeId !== '').sort((a, b) => compareStrings(a.id, b.id)));
  const groups = groupUnassigned(pending.filter((t) => t.nodeId === ''));
  for (const group of groups) scheduleGroup(context, group);
  // Preassigned IDs whose task is gone are dropped.
  const kept = new Set([...state.preassigned].filter(isKnownTask(state, input.tasks, index)));
  for (const id of preassigned) kept.add(id);
  return { state: { failures: context.failures, preassigned: kept, index }, effects: context.effects };
}

/** Membership in the tick's tasks: the index's sorted copy when there is one, else a set of all IDs (built only when asked). */
function isKnownTask(state: SchedulerState, tasks: readonly Task[], index: TaskIndex | undefined): (id: string) => boolean {
  if (index !== undefined) return (id) => indexHas(index, id);
  const known = state.preassigned.size === 0 ? undefined : new Set(tasks.map((t) => t.id));
  return (id) => known?.has(id) === true;
}

/** `#processPreassignedTasks` / `#taskFitNode`; returns the IDs confirmed. */
function confirmPreassigned(context: TickContext, tasks: readonly Task[]): string[] {
  const confirmed: string[] = [];
  for (const task of tasks) {
    const info = context.infoById.get(task.nodeId);
    if (!info) continue;
    const pipeline = new Pipeline(task);
    if (!pipeline.process(info)) {
      const err = pipeline.explain();
      if (err !== task.status.err) {
        context.effects.push({ kind: 'taskUnschedulable', taskId: task.id, status: { ...task.status, err, timestamp: context.nowUs } });
      }
      continue;
    }
    const status: TaskStatus = { state: 'assigned', timestamp: context.nowUs, message: PREASSIGNED_MESSAGE, err: '' };
    addTaskToNode(info, { ...task, status });
    context.effects.push({ kind: 'assignTask', taskId: task.id, nodeId: task.nodeId, status });
    confirmed.push(task.id);
  }
  return confirmed;
}

/** Groups by (service ID, spec version) in that order; tasks by slot then ID (Go: map order). */
function groupUnassigned(tasks: readonly Task[]): Task[][] {
  const groups = new Map<string, Task[]>();
  for (const task of tasks) {
    const key = `${task.serviceId}\u0000${String(task.specVersion).padStart(16, '0')}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(task);
  }
  return [...groups.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, group]) => group.sort(compareTasks));
}

function scheduleGroup(context: TickContext, tasks: readonly Task[]): void {
  const first = tasks[0];
  if (!first) return;
  const pipeline = new Pipeline(first);
  const nodeLess = makeNodeLess({
    serviceId: first.serviceId,
    specVersion: first.specVersion,
    failures: context.failures,
    nowUs: context.nowUs,
  });
  const compareNodes = makeCompareNodes(nodeLess);
  const tree = buildTree(context.infos, {
    serviceId: first.serviceId,
    preferences: first.spec.placement.preferences,
    maxAssignments: tasks.length,
    meetsConstraints: (info) => pipeline.process(info),
    nodeLess,
    compareNodes,
  });
  const group: GroupPlacement = { tasks, next: 0, assignments: [], pipeline, nodeLess, compareNodes, nowUs: context.nowUs };
  placeOnSubtree(group, tasks.length, tree);
  for (const a of group.assignments) {
    context.effects.push({ kind: 'assignTask', taskId: a.task.id, nodeId: a.nodeId, status: a.status });
  }
  if (group.next < tasks.length) noSuitableNode(context, tasks.slice(group.next), pipeline.explain());
}

/** `#noSuitableNode`. */
function noSuitableNode(context: TickContext, tasks: readonly Task[], explanation: string): void {
  for (const task of tasks) {
    const service = context.services.get(task.serviceId);
    if (!service) continue;
    if (service.specVersion > task.specVersion) {
      if (task.status.state === 'pending' && !stateBefore(task.desiredState, 'shutdown')) {
        const status: TaskStatus = { ...task.status, state: 'shutdown', err: '', timestamp: context.nowUs };
        context.effects.push({ kind: 'shutdownTask', taskId: task.id, status });
      }
      continue;
    }
    const err = noSuitableNodeText(explanation);
    if (err !== task.status.err) {
      context.effects.push({ kind: 'taskUnschedulable', taskId: task.id, status: { ...task.status, err, timestamp: context.nowUs } });
    }
  }
}
