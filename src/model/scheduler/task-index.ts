/**
 * What the scheduler knows of the tasks, kept from one tick to the next so a
 * tick need not walk every task (a 1,000-node cluster mid-update has 20,000
 * with their history, and walking them was most of the scheduler's time in
 * the rolling-update benchmark).
 *
 * Pure: each tick derives a new index from the last one and the tasks that
 * changed between the two snapshots (../tasks/sorted-diff.ts: only the
 * changed tasks are read), and never changes the old one.
 *
 * Per node it holds the sums `buildNodeInfos` takes from the same tasks
 * (reservations, host ports, active counts), and it holds the PENDING tasks
 * by ID. The node infos made from it are the ones `scanTasks` makes: counts
 * are integers, and the resources left are `total - sum` instead of
 * subtracting one task at a time, which is the same number for safe
 * integers. Anything else — a reservation that is not a non-negative safe
 * integer, tasks not strictly sorted by ID — and there is no index: the tick
 * walks the tasks as before.
 */
import { compareStrings, lowerBound } from '../../sim/order.js';
import type { Node, Task } from '../store/objects.js';
import { diffSortedTasks } from '../tasks/sorted-diff.js';
import { taskId } from '../tasks/task.js';
import { TASK_STATE_VALUES, stateAtMost } from '../tasks/states.js';
import { type NodeInfo, type TaskScan, newNodeInfo, taskHostPorts } from './node-info.js';

/** What the tasks holding a node take from it. */
export interface NodeUsage {
  readonly nanoCPUs: number;
  readonly memoryBytes: number;
  readonly activeTasks: number;
  /** Service ID → active tasks (entries may be 0). */
  readonly activeByService: ReadonlyMap<string, number>;
  /** Host-port key → tasks publishing it (entries may be 0). */
  readonly hostPorts: ReadonlyMap<string, number>;
}

export interface TaskIndex {
  /** The tasks indexed: a private copy, strictly sorted by ID. */
  readonly tasks: readonly Task[];
  /** Node ID → usage, for every node ID the holding tasks name (whether or not the node exists). */
  readonly usage: ReadonlyMap<string, NodeUsage>;
  /** The PENDING tasks by ID. */
  readonly pending: ReadonlyMap<string, Task>;
}

const EMPTY_INDEX: TaskIndex = { tasks: [], usage: new Map(), pending: new Map() };

const PENDING = TASK_STATE_VALUES.pending;
const ASSIGNED = TASK_STATE_VALUES.assigned;
const RUNNING = TASK_STATE_VALUES.running;

type MutableUsage = { -readonly [K in keyof NodeUsage]: NodeUsage[K] } & {
  readonly activeByService: Map<string, number>;
  readonly hostPorts: Map<string, number>;
};

function isExactAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function addCount(counts: Map<string, number>, key: string, delta: number): void {
  counts.set(key, (counts.get(key) ?? 0) + delta);
}

/** A new index from an old one, changed task by task; the old one is copied where it changes (never written). */
class IndexBuilder {
  private readonly changed = new Map<string, MutableUsage>();
  private pending: Map<string, Task> | undefined;
  /** Set when a number would not stay exact: the index is given up. */
  inexact = false;

  constructor(private readonly base: TaskIndex) {}

  private usageOf(nodeId: string): MutableUsage {
    let usage = this.changed.get(nodeId);
    if (usage === undefined) {
      const old = this.base.usage.get(nodeId);
      usage = {
        nanoCPUs: old?.nanoCPUs ?? 0,
        memoryBytes: old?.memoryBytes ?? 0,
        activeTasks: old?.activeTasks ?? 0,
        activeByService: new Map(old?.activeByService),
        hostPorts: new Map(old?.hostPorts),
      };
      this.changed.set(nodeId, usage);
    }
    return usage;
  }

  private pendingMap(): Map<string, Task> {
    this.pending ??= new Map(this.base.pending);
    return this.pending;
  }

  /** Count a task in (`sign` 1) or out (-1), as `scanTasks` counts it. */
  count(task: Task, sign: 1 | -1): void {
    const state = TASK_STATE_VALUES[task.status.state];
    if (state === PENDING) {
      if (sign > 0) this.pendingMap().set(task.id, task);
      else this.pendingMap().delete(task.id);
      return;
    }
    if (state < ASSIGNED || state > RUNNING || task.nodeId === '') return;
    const { nanoCPUs, memoryBytes } = task.spec.resources.reservations;
    const usage = this.usageOf(task.nodeId);
    usage.nanoCPUs += sign * nanoCPUs;
    usage.memoryBytes += sign * memoryBytes;
    if (!isExactAmount(nanoCPUs) || !isExactAmount(memoryBytes) || !isExactAmount(usage.nanoCPUs) || !isExactAmount(usage.memoryBytes)) {
      this.inexact = true;
    }
    if (task.endpoint.ports.length > 0) for (const key of taskHostPorts(task)) addCount(usage.hostPorts, key, sign);
    if (stateAtMost(task.desiredState, 'complete')) {
      usage.activeTasks += sign;
      addCount(usage.activeByService, task.serviceId, sign);
    }
  }

  build(tasks: readonly Task[]): TaskIndex {
    let usage = this.base.usage;
    if (this.changed.size > 0) {
      const next = new Map(usage);
      for (const [nodeId, changed] of this.changed) next.set(nodeId, changed);
      usage = next;
    }
    return { tasks, usage, pending: this.pending ?? this.base.pending };
  }
}

/** The index of `tasks`, from the last one (or from scratch); undefined when it cannot be exact (see above). */
export function updateIndex(index: TaskIndex | undefined, tasks: readonly Task[]): TaskIndex | undefined {
  const base = index ?? EMPTY_INDEX;
  const builder = new IndexBuilder(base);
  const sorted = diffSortedTasks(base.tasks, tasks, (before, after) => {
    if (before !== undefined) builder.count(before, -1);
    if (after !== undefined) builder.count(after, 1);
  });
  if (!sorted || builder.inexact) return undefined;
  // A copy: the caller's array is theirs, the next tick compares against this one.
  return builder.build(tasks.slice());
}

/** The node's info as `scanTasks` builds it; undefined when the resources left would not be exact. */
function infoFrom(node: Node, usage: NodeUsage | undefined): NodeInfo | undefined {
  const info = newNodeInfo(node);
  if (usage === undefined) return info;
  if (!isExactAmount(info.availableNanoCPUs) || !isExactAmount(info.availableMemoryBytes)) return undefined;
  info.availableNanoCPUs -= usage.nanoCPUs;
  info.availableMemoryBytes -= usage.memoryBytes;
  info.activeTasksCount = usage.activeTasks;
  for (const [serviceId, count] of usage.activeByService) if (count !== 0) info.activeByService.set(serviceId, count);
  for (const [key, count] of usage.hostPorts) if (count !== 0) info.usedHostPorts.add(key);
  return info;
}

/** `scanTasks(nodes, index.tasks)` from the index (PENDING tasks in no particular order); undefined when not exact. */
export function scanIndex(nodes: readonly Node[], index: TaskIndex): TaskScan | undefined {
  const sorted = [...nodes].sort((a, b) => compareStrings(a.id, b.id));
  const infoById = new Map<string, NodeInfo>();
  const infos: NodeInfo[] = [];
  for (const node of sorted) {
    const info = infoFrom(node, index.usage.get(node.id));
    // Two nodes with one ID (never in a store): scanTasks counts the tasks on the last only.
    if (info === undefined || infoById.has(node.id)) return undefined;
    infos.push(info);
    infoById.set(node.id, info);
  }
  return { infos, infoById, pending: [...index.pending.values()] };
}

/** Is a task with this ID indexed? (Binary search: the tasks are sorted by ID.) */
export function indexHas(index: TaskIndex, id: string): boolean {
  return index.tasks[lowerBound(index.tasks, id, taskId)]?.id === id;
}
