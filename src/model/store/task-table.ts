/**
 * The store's tasks: a persistent map from task ID to task, in creation
 * order, that a transaction changes by copying only what it touches.
 *
 * Every committed transaction makes a new store snapshot. With 20,000 tasks
 * (10,000 replicas and their history) copying a `Map` or an object per
 * commit was most of the rolling-update benchmark (V8 copies a 20,000-entry
 * Map in about 8 ms). Here the tasks sit in slots, 64 to a chunk, in the
 * order they were created; a snapshot is the list of chunks, and a
 * transaction copies that list (a pointer per 64 tasks) and the chunks it
 * writes to. Everything else is shared with the snapshot it came from.
 *
 * Finding a task's slot: an index from ID to slot is shared by the
 * snapshots of one line of history and only ever grows, because a task
 * keeps its slot for life. A lookup checks that the slot really holds that
 * ID in this snapshot, so an ID another snapshot created (later, or on
 * another line) is simply not found here. The index is copied only when a
 * line re-creates an ID the index already places elsewhere (a deleted ID
 * created again, or two lines creating one ID), and it starts afresh when
 * the chunks are compacted.
 *
 * A deleted task leaves its slot empty; once empty slots outnumber the live
 * tasks the chunks are rebuilt densely, in the same order.
 *
 * Iteration order is a Map's: creation order, an updated task keeps its
 * place, a task deleted and created again goes last.
 */
import type { Task } from './objects.js';

const CHUNK_BITS = 6;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;
/** Compact when empty slots exceed the live tasks and this many. */
const MIN_HOLES_TO_COMPACT = 1024;

type Chunk = readonly (Task | undefined)[];

export class TaskTable implements ReadonlyMap<string, Task> {
  static readonly EMPTY = new TaskTable([], undefined, 0, 0);

  /** A table of `tasks`, in their order (tests, and stores built by hand). */
  static of(tasks: Iterable<Task>): TaskTable {
    const writer = new TaskTableWriter(TaskTable.EMPTY);
    for (const task of tasks) writer.set(task);
    return writer.result();
  }

  /** `map` as a table: itself when it is one, else its tasks in its order. */
  static from(map: ReadonlyMap<string, Task>): TaskTable {
    return map instanceof TaskTable ? map : TaskTable.of(map.values());
  }

  /** @internal Use `TaskTable.of` or a `TaskTableWriter`. */
  constructor(
    /** @internal */ readonly chunks: readonly Chunk[],
    /** @internal ID to slot, shared along a line of snapshots (see above). */
    readonly index: Map<string, number> | undefined,
    readonly size: number,
    /** @internal Slots in use, live or empty. */
    readonly end: number,
  ) {}

  get(id: string): Task | undefined {
    const slot = this.index?.get(id);
    if (slot === undefined || slot >= this.end) return undefined;
    const task = (this.chunks[slot >>> CHUNK_BITS] as Chunk)[slot & CHUNK_MASK];
    return task !== undefined && task.id === id ? task : undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  *values(): MapIterator<Task> {
    for (const chunk of this.chunks) {
      for (const task of chunk) if (task !== undefined) yield task;
    }
    return undefined;
  }

  *keys(): MapIterator<string> {
    for (const task of this.values()) yield task.id;
    return undefined;
  }

  *entries(): MapIterator<[string, Task]> {
    for (const task of this.values()) yield [task.id, task];
    return undefined;
  }

  [Symbol.iterator](): MapIterator<[string, Task]> {
    return this.entries();
  }

  /** As JSON, the entries in order (what a Map would hold), not the chunks and the shared index. */
  toJSON(): [string, Task][] {
    return [...this.entries()];
  }

  forEach(callback: (task: Task, id: string, map: ReadonlyMap<string, Task>) => void, thisArg?: unknown): void {
    for (const task of this.values()) callback.call(thisArg, task, task.id, this);
  }
}

/**
 * One transaction's changes to a table: the chunk list and each chunk are
 * copied on their first write, so the base table is never changed.
 */
export class TaskTableWriter {
  private chunks: (Task | undefined)[][] | undefined;
  /** Chunks already copied by this writer (safe to change in place). */
  private readonly owned = new Set<number>();
  private index: Map<string, number> | undefined;
  private size: number;
  private end: number;
  private changed = false;

  constructor(private readonly base: TaskTable) {
    this.index = base.index;
    this.size = base.size;
    this.end = base.end;
  }

  private chunkList(): readonly Chunk[] {
    return this.chunks ?? this.base.chunks;
  }

  private slotOf(id: string): number | undefined {
    const slot = this.index?.get(id);
    if (slot === undefined || slot >= this.end) return undefined;
    const task = (this.chunkList()[slot >>> CHUNK_BITS] as Chunk)[slot & CHUNK_MASK];
    return task !== undefined && task.id === id ? slot : undefined;
  }

  get(id: string): Task | undefined {
    const slot = this.slotOf(id);
    return slot === undefined ? undefined : (this.chunkList()[slot >>> CHUNK_BITS] as Chunk)[slot & CHUNK_MASK];
  }

  has(id: string): boolean {
    return this.slotOf(id) !== undefined;
  }

  /** Create or replace the task with this ID (a new ID goes last). */
  set(task: Task): void {
    const slot = this.slotOf(task.id);
    if (slot !== undefined) {
      this.write(slot, task);
      return;
    }
    const at = this.end++;
    this.size++;
    const placed = this.index?.get(task.id);
    if (this.index === undefined) this.index = new Map();
    // The index places this ID elsewhere for another snapshot: that one keeps the old index.
    else if (placed !== undefined && placed !== at) this.index = new Map(this.index);
    this.index.set(task.id, at);
    this.write(at, task);
  }

  delete(id: string): boolean {
    const slot = this.slotOf(id);
    if (slot === undefined) return false;
    this.write(slot, undefined);
    this.size--;
    return true;
  }

  private write(slot: number, task: Task | undefined): void {
    this.changed = true;
    const chunks = (this.chunks ??= this.base.chunks.slice() as (Task | undefined)[][]);
    const number = slot >>> CHUNK_BITS;
    if (number === chunks.length) {
      chunks.push([]);
      this.owned.add(number);
    } else if (!this.owned.has(number)) {
      chunks[number] = (chunks[number] as (Task | undefined)[]).slice();
      this.owned.add(number);
    }
    (chunks[number] as (Task | undefined)[])[slot & CHUNK_MASK] = task;
  }

  /** The new table, or the base itself when nothing was written. */
  result(): TaskTable {
    if (!this.changed) return this.base;
    const chunks = this.chunks ?? this.base.chunks;
    const holes = this.end - this.size;
    if (holes > this.size && holes > MIN_HOLES_TO_COMPACT) return compacted(chunks, this.size);
    return new TaskTable(chunks, this.index, this.size, this.end);
  }
}

/** The live tasks of `chunks` in dense chunks, in order, with a fresh index. */
function compacted(chunks: readonly Chunk[], size: number): TaskTable {
  const dense: (Task | undefined)[][] = [];
  const index = new Map<string, number>();
  let at = 0;
  for (const chunk of chunks) {
    for (const task of chunk) {
      if (task === undefined) continue;
      if ((at & CHUNK_MASK) === 0) dense.push([]);
      (dense[dense.length - 1] as (Task | undefined)[]).push(task);
      index.set(task.id, at++);
    }
  }
  return new TaskTable(dense, index, size, at);
}
