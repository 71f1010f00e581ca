/**
 * The leader's pass over the tasks (manager/services.ts): the store's tasks
 * sorted by ID, carried from pass to pass, and the working set one pass
 * changes them through.
 *
 * Both exist for speed with 20,000 tasks (10,000 replicas and history): a
 * pass follows the store's log of touched IDs (`touchedTaskIds`) instead of
 * re-sorting every task, and the working set lays the pass's changes over
 * the store's table instead of copying it, sorting again only when a reader
 * asks after a change.
 */
import { compareStrings, itself, lowerBound } from '../../sim/order.js';
import type { Task, TaskMap, TaskStatus } from '../store/objects.js';
import { type Change, touchedTaskIds } from '../store/store.js';
import { withDesiredState } from '../tasks/task.js';

/** A task map's IDs and tasks, both sorted by ID. */
export interface SortedTasks {
  readonly ids: readonly string[];
  readonly tasks: readonly Task[];
}

export const NO_TASKS: SortedTasks = { ids: [], tasks: [] };

/** The position of `id` in `ids` (sorted), or -1 (a number, not an object: this runs for every touched ID of every pass). */
function positionOf(ids: readonly string[], id: string): number {
  const at = lowerBound(ids, id, itself);
  return ids[at] === id ? at : -1;
}

/** `values` sorted, each once. */
function sortedUnique<V>(values: V[], compare: (a: V, b: V) => number): V[] {
  values.sort(compare);
  let kept = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || compare(values[i - 1] as V, values[i] as V) !== 0) values[kept++] = values[i] as V;
  values.length = kept;
  return values;
}

const byNumber = (a: number, b: number): number => a - b;

/**
 * `sorted` changed: the tasks at positions `replaced` become `taskOf(id)`,
 * those at `dropped` are left out and the IDs `added` (none in the list)
 * are merged in (all three sorted, each once). A fresh list, in one pass
 * (no splice per ID, and no copy to patch first: with 20,000 tasks every
 * copy is a large object for the garbage collector).
 */
function changed(sorted: SortedTasks, replaced: readonly number[], dropped: readonly number[], added: readonly string[], taskOf: (id: string) => Task): SortedTasks {
  if (dropped.length === 0 && added.length === 0) {
    const list = sorted.tasks.slice();
    for (const at of replaced) list[at] = taskOf(sorted.ids[at] as string);
    return { ids: sorted.ids, tasks: list };
  }
  // Where each added ID goes (binary search), so the walk below compares positions, not strings.
  const before = added.map((id) => lowerBound(sorted.ids, id, itself));
  const ids: string[] = [];
  const list: Task[] = [];
  let next = 0;
  let drop = 0;
  let replace = 0;
  for (let at = 0; at < sorted.ids.length; at++) {
    while (next < added.length && (before[next] as number) <= at) {
      ids.push(added[next] as string);
      list.push(taskOf(added[next++] as string));
    }
    const id = sorted.ids[at] as string;
    if (dropped[drop] === at) {
      drop++;
      continue;
    }
    ids.push(id);
    if (replaced[replace] === at) {
      replace++;
      list.push(taskOf(id));
    } else list.push(sorted.tasks[at] as Task);
  }
  for (; next < added.length; next++) {
    ids.push(added[next] as string);
    list.push(taskOf(added[next] as string));
  }
  return { ids, tasks: list };
}

/**
 * The IDs and tasks of `tasks` sorted, derived from those of an older map
 * (`from`) through the store's log of touched IDs when it can tell, else
 * sorted afresh.
 */
export function sortTasks(tasks: TaskMap, from: TaskMap, sorted: SortedTasks): SortedTasks {
  if (from === tasks) return sorted;
  const touched = touchedTaskIds(from, tasks);
  if (touched === undefined) {
    const ids = [...tasks.keys()].sort(compareStrings);
    return { ids, tasks: ids.map((id) => tasks.get(id) as Task) };
  }
  const replaced: number[] = [];
  const dropped: number[] = [];
  const added: string[] = [];
  for (const id of touched) {
    const at = positionOf(sorted.ids, id);
    const present = tasks.has(id);
    if (present && at >= 0) replaced.push(at);
    else if (present) added.push(id);
    else if (at >= 0) dropped.push(at);
  }
  if (replaced.length === 0 && dropped.length === 0 && added.length === 0) return sorted;
  return changed(sorted, sortedUnique(replaced, byNumber), sortedUnique(dropped, byNumber), sortedUnique(added, compareStrings), (id) => tasks.get(id) as Task);
}

/**
 * The tasks as this pass changes them, and the changes to propose: the
 * store's tasks with this pass's changes laid over them.
 */
export class WorkingSet {
  readonly changes: Change[] = [];
  /** This pass's task changes over the store's map; undefined for a task deleted. */
  private readonly overlay = new Map<string, Task | undefined>();
  /** IDs this pass created that the store does not hold. */
  private readonly created: string[] = [];
  /** The store's tasks sorted, as the pass began (asked for on first need). */
  private baseSorted: SortedTasks | undefined;
  /** `sortedTasks()` as last built; undefined until asked and once a change makes it stale (readers keep what they were given). */
  private sorted: readonly Task[] | undefined;

  constructor(
    private readonly store: TaskMap,
    private readonly sortStore: () => SortedTasks,
  ) {}

  private get base(): SortedTasks {
    return (this.baseSorted ??= this.sortStore());
  }

  task(id: string): Task | undefined {
    return this.overlay.has(id) ? this.overlay.get(id) : this.store.get(id);
  }

  /** Every task, sorted by ID, with this pass's changes. */
  sortedTasks(): readonly Task[] {
    this.sorted ??= this.build();
    return this.sorted;
  }

  /** IDs of the tasks this pass created (in creation order). */
  createdIds(): readonly string[] {
    return this.created;
  }

  private build(): readonly Task[] {
    const { base, overlay } = this;
    if (overlay.size === 0) return base.tasks;
    const replaced: number[] = [];
    const dropped: number[] = [];
    for (const [id, task] of overlay) {
      const at = positionOf(base.ids, id);
      if (at < 0) continue;
      if (task === undefined) dropped.push(at);
      else replaced.push(at);
    }
    const added = this.created.filter((id) => overlay.get(id) !== undefined).sort(compareStrings);
    return changed(base, replaced.sort(byNumber), dropped.sort(byNumber), added, (id) => overlay.get(id) as Task).tasks;
  }

  private put(id: string, task: Task | undefined): void {
    this.overlay.set(id, task);
    this.sorted = undefined;
  }

  create(task: Task): void {
    if (!this.store.has(task.id) && !this.overlay.has(task.id)) this.created.push(task.id);
    this.put(task.id, task);
    this.changes.push({ kind: 'create-task', task });
  }

  remove(id: string): void {
    if (this.task(id) === undefined) return;
    this.put(id, undefined);
    this.changes.push({ kind: 'delete-task', id });
  }

  desire(id: string, desiredState: Task['desiredState']): void {
    const task = this.task(id);
    if (task === undefined) return;
    this.put(id, withDesiredState(task, desiredState));
    this.changes.push({ kind: 'set-task-desired', id, desiredState });
  }

  status(id: string, status: TaskStatus, nodeId?: string): void {
    const task = this.task(id);
    if (task === undefined) return;
    this.put(id, { ...task, status, nodeId: nodeId ?? task.nodeId });
    this.changes.push(nodeId === undefined ? { kind: 'set-task-status', id, status } : { kind: 'set-task-status', id, status, nodeId });
  }
}
