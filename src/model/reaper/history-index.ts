/**
 * Which tasks make up each instance, kept from one reaper tick to the next
 * so a tick need not walk every task (20,000 in a large rolling update) to
 * find the few dirty instances' histories.
 *
 * A task's instance hardly ever changes (its service and slot, or for a
 * global service its node, are set at creation), so the index records only
 * membership: task IDs per instance. Each tick derives a new index from the
 * last one and the tasks created, gone or moved between the two snapshots
 * (../tasks/sorted-diff.ts: a task changed in place costs a few field
 * comparisons), and reads the tasks themselves from the tick's snapshot by
 * ID. Pure: the old index is copied where it changes, never written.
 *
 * A task of a global service is filed under (service, node), any other under
 * (service, slot), as the tick reads them; the index records which services
 * were global and is rebuilt when that set changes. Keys start with the
 * service ID's length, so no ID can make two instances share one. Instances
 * are sharded by slot range (global ones share a shard), so a tick copies
 * the shards it changes, not a map of 10,000 slots (a rolling update creates
 * and reaps tasks a few slot ranges at a time).
 */
import { lowerBound } from '../../sim/order.js';
import type { Task } from '../store/objects.js';
import { diffSortedTasks } from '../tasks/sorted-diff.js';
import { taskId } from '../tasks/task.js';

export interface HistoryIndex {
  /** The tasks of the last tick: a private copy, strictly sorted by ID. */
  readonly tasks: readonly Task[];
  /** The global services' IDs when the tasks were filed, sorted. */
  readonly globalServices: readonly string[];
  /** Shard → instance key (`slotInstance`, `nodeInstance`) → the IDs of its tasks, in no particular order. */
  readonly members: Members;
}

type Members = ReadonlyMap<number, ReadonlyMap<string, readonly string[]>>;

const SLOTS_PER_SHARD = 256;
const GLOBAL_SHARD = -1;

function slotShard(slot: number): number {
  return Math.floor(slot / SLOTS_PER_SHARD);
}

/** A replicated instance: (service, slot). */
export function slotInstance(serviceId: string, slot: number): string {
  return `${serviceId.length}|${serviceId}|s|${slot}`;
}

/** A global instance: (service, node). */
export function nodeInstance(serviceId: string, nodeId: string): string {
  return `${serviceId.length}|${serviceId}|n|${nodeId}`;
}

/** An instance's place in the index. */
interface Place {
  readonly shard: number;
  readonly key: string;
}

/** A new membership index from an old one; each shard and instance list is copied once when it changes. */
class MembersBuilder {
  private readonly shards = new Map<number, Map<string, readonly string[]>>();
  private readonly lists = new Map<string, string[]>();

  constructor(
    private readonly base: Members,
    private readonly global: ReadonlySet<string>,
  ) {}

  placeOf(task: Task): Place {
    if (this.global.has(task.serviceId)) return { shard: GLOBAL_SHARD, key: nodeInstance(task.serviceId, task.nodeId) };
    return { shard: slotShard(task.slot), key: slotInstance(task.serviceId, task.slot) };
  }

  /** Same instance, without building its key (most changes are a task's state). */
  sameInstance(a: Task, b: Task): boolean {
    if (a.serviceId !== b.serviceId) return false;
    // Slots compared as their keys compare them (String: -0 and 0 alike, NaN equal to NaN).
    return this.global.has(a.serviceId) ? a.nodeId === b.nodeId : a.slot === b.slot || (Number.isNaN(a.slot) && Number.isNaN(b.slot));
  }

  private shard(shard: number): Map<string, readonly string[]> {
    let members = this.shards.get(shard);
    if (members === undefined) {
      members = new Map(this.base.get(shard));
      this.shards.set(shard, members);
    }
    return members;
  }

  /** The instance's list, ours to change (its shard copied too). */
  private list({ shard, key }: Place): string[] {
    let ids = this.lists.get(key);
    if (ids === undefined) {
      const members = this.shard(shard);
      ids = [...(members.get(key) ?? [])];
      this.lists.set(key, ids);
      members.set(key, ids);
    }
    return ids;
  }

  add(task: Task): void {
    this.list(this.placeOf(task)).push(task.id);
  }

  remove(task: Task): void {
    const ids = this.list(this.placeOf(task));
    const at = ids.indexOf(task.id);
    if (at >= 0) ids.splice(at, 1);
  }

  build(): Members {
    if (this.shards.size === 0) return this.base;
    const members = new Map(this.base);
    for (const [shard, instances] of this.shards) {
      for (const [key, ids] of instances) if (ids.length === 0) instances.delete(key);
      if (instances.size === 0) members.delete(shard);
      else members.set(shard, instances);
    }
    return members;
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * The index of `tasks` with `globalServices` (sorted) filed by node, from
 * the last one or from scratch; undefined when the tasks are not strictly
 * sorted by ID (then the reaper walks them).
 */
export function updateHistoryIndex(index: HistoryIndex | undefined, tasks: readonly Task[], globalServices: readonly string[]): HistoryIndex | undefined {
  const reusable = index !== undefined && sameIds(index.globalServices, globalServices);
  const previous = reusable ? index.tasks : [];
  const builder = new MembersBuilder(reusable ? index.members : new Map(), new Set(globalServices));
  const sorted = diffSortedTasks(previous, tasks, (before, after) => {
    if (before !== undefined && after !== undefined && builder.sameInstance(before, after)) return;
    if (before !== undefined) builder.remove(before);
    if (after !== undefined) builder.add(after);
  });
  if (!sorted) return undefined;
  // A copy: the caller's array is theirs, the next tick compares against this one.
  return { tasks: tasks.slice(), globalServices, members: builder.build() };
}

/** The task with this ID in the index's snapshot (binary search: sorted by ID). */
function taskById(index: HistoryIndex, id: string): Task | undefined {
  const task = index.tasks[lowerBound(index.tasks, id, taskId)];
  return task?.id === id ? task : undefined;
}

/** The tasks of one instance, replicated by (service, slot), global by (service, node), in no particular order. */
export function instanceTasks(index: HistoryIndex, serviceId: string, global: boolean, slot: number, nodeId: string): Task[] {
  const ids = global
    ? index.members.get(GLOBAL_SHARD)?.get(nodeInstance(serviceId, nodeId))
    : index.members.get(slotShard(slot))?.get(slotInstance(serviceId, slot));
  const tasks: Task[] = [];
  for (const id of ids ?? []) {
    const task = taskById(index, id);
    if (task !== undefined) tasks.push(task);
  }
  return tasks;
}
