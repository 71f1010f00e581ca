/**
 * The store: cluster objects as immutable snapshots (copy-on-write). Every change is
 * a `Transaction` (a list of changes) carried by one Raft entry and applied
 * on every manager, in log order, each record copied at most once per
 * transaction.
 *
 * Raft entries carry opaque strings; the transaction itself sits in a
 * per-world registry (`TransactionLog`) under the entry's data `tx:<n>`, as
 * if serialised: it is immutable once proposed, so every manager applies the
 * same value. Store snapshots are kept the same way (`snap:<n>`), so that
 * Raft's snapshot data restores the store exactly.
 *
 * Batching as SwarmKit's `store.Batch`: at most 200 changes per transaction
 * (`MAX_CHANGES_PER_TRANSACTION`); callers split larger batches.
 */
import type { Micros } from '../../sim/types.js';
import { stateBefore } from '../tasks/states.js';
import { withDesiredState } from '../tasks/task.js';
import { serviceEndpoint } from '../mesh/ports.js';
import { applyStatusEffect } from '../updater/status.js';
import type { StatusEffect } from '../updater/types.js';
import type { Cluster, Node, Service, StoreObjects, Task, TaskMap, TaskStatus } from './objects.js';
import { TaskTable, TaskTableWriter } from './task-table.js';

export const MAX_CHANGES_PER_TRANSACTION = 200;

export type Change =
  | { readonly kind: 'put-cluster'; readonly cluster: Cluster }
  | { readonly kind: 'put-node'; readonly node: Node }
  | { readonly kind: 'delete-node'; readonly id: string }
  /** Create or replace a service; `specChanged` makes the entry's index its new `specVersion`. */
  | { readonly kind: 'put-service'; readonly service: Service; readonly specChanged: boolean }
  | { readonly kind: 'delete-service'; readonly id: string }
  /**
   * The rolling updater's UpdateStatus write (start, pause, rollback,
   * complete), applied to the service as it stands when the entry applies,
   * as SwarmKit's read-modify-write `store.Update` does (updater/status.ts).
   */
  | { readonly kind: 'update-service-status'; readonly id: string; readonly effect: StatusEffect; readonly nowUs: Micros }
  /** Create a task (the orchestrators' `store.CreateTask`). */
  | { readonly kind: 'create-task'; readonly task: Task }
  | { readonly kind: 'delete-task'; readonly id: string }
  /**
   * Field-level task updates, applied to the task as it stands when the entry
   * applies (so writers that read different snapshots do not undo each other:
   * the orchestrator raises desired state while the scheduler assigns).
   * Desired state only rises; a status never moves the state back (the
   * dispatcher's "task status invalid transition"); a missing task is skipped.
   */
  | { readonly kind: 'set-task-desired'; readonly id: string; readonly desiredState: Task['desiredState'] }
  | { readonly kind: 'set-task-status'; readonly id: string; readonly status: TaskStatus; readonly nodeId?: string };

export interface Transaction {
  /** What wrote it, for the trace: `dispatcher`, `control/node-update`, ... */
  readonly origin: string;
  readonly changes: readonly Change[];
}

export const EMPTY_STORE: StoreObjects = { nodes: {}, services: {}, tasks: TaskTable.EMPTY };

function schedulable(node: Node | undefined): boolean {
  return node !== undefined && node.status.state === 'ready' && node.spec.availability === 'active';
}

/**
 * Copy-on-write over one store snapshot: each record (nodes, services, tasks)
 * is copied at most once per transaction, on its first real change, so an
 * unchanged record (and a store nothing changed in) keeps its reference —
 * readers compare references to find what changed. (Hand-written rather than
 * immer's `produce`: with 10,000 tasks immer's draft bookkeeping was most of
 * the services benchmark.)
 */
/**
 * How each task map a transaction made was derived: the number of the map
 * it was copied from and the task IDs it set or deleted. Readers that keep
 * the map they last looked at (the dispatcher) ask `touchedTaskIds` for
 * what changed since, instead of diffing 10,000 entries per commit. A
 * bounded log: a reader too far behind gets undefined and diffs.
 */
const taskMapNumbers = new WeakMap<object, number>();
const derivations = new Map<number, { readonly base: number; readonly ids: readonly string[] }>();
const KEEP_DERIVATIONS = 4096;
let taskMaps = 0;

function taskMapNumber(tasks: TaskMap): number {
  let number = taskMapNumbers.get(tasks);
  if (number === undefined) taskMapNumbers.set(tasks, (number = ++taskMaps));
  return number;
}

/** The IDs of the tasks set or deleted between two task maps (`from` older), or undefined when the log cannot tell. */
export function touchedTaskIds(from: TaskMap, to: TaskMap): readonly string[] | undefined {
  const target = taskMapNumbers.get(from);
  let at = taskMapNumbers.get(to);
  if (target === undefined || at === undefined) return undefined;
  const ids: string[] = [];
  while (at !== target) {
    const step = derivations.get(at);
    if (step === undefined || at < target) return undefined;
    for (const id of step.ids) ids.push(id);
    at = step.base;
  }
  return ids;
}

/** Copy-on-write over one record of the store (nodes, services): copied on its first change. */
class RecordDraft<V> {
  private copy: Record<string, V> | undefined;

  constructor(private readonly base: Readonly<Record<string, V>>) {}

  get(id: string): V | undefined {
    return (this.copy ?? this.base)[id];
  }

  values(): V[] {
    return Object.values(this.copy ?? this.base);
  }

  set(id: string, value: V): void {
    (this.copy ??= { ...this.base })[id] = value;
  }

  delete(id: string): void {
    if (!Object.hasOwn(this.copy ?? this.base, id)) return;
    delete (this.copy ??= { ...this.base })[id];
  }

  /** The changed record; undefined when nothing changed. */
  changed(): Readonly<Record<string, V>> | undefined {
    return this.copy;
  }
}

class StoreWriter {
  readonly nodes: RecordDraft<Node>;
  readonly services: RecordDraft<Service>;
  private tasks: TaskTableWriter | undefined;
  private readonly touched: string[] = [];
  private cluster: { value: Cluster } | undefined;

  constructor(private readonly base: StoreObjects) {
    this.nodes = new RecordDraft(base.nodes);
    this.services = new RecordDraft(base.services);
  }

  task(id: string): Task | undefined {
    return this.tasks === undefined ? this.base.tasks.get(id) : this.tasks.get(id);
  }

  setCluster(cluster: Cluster): void {
    this.cluster = { value: cluster };
  }

  setTask(task: Task): void {
    this.tasks ??= new TaskTableWriter(TaskTable.from(this.base.tasks));
    this.tasks.set(task);
    this.touched.push(task.id);
  }

  deleteTask(id: string): void {
    if (!(this.tasks ?? this.base.tasks).has(id)) return;
    this.tasks ??= new TaskTableWriter(TaskTable.from(this.base.tasks));
    this.tasks.delete(id);
    this.touched.push(id);
  }

  result(): StoreObjects {
    const tasks = this.tasks?.result();
    if (tasks !== undefined) {
      derivations.set(taskMapNumber(tasks), { base: taskMapNumber(this.base.tasks), ids: this.touched });
      if (derivations.size > KEEP_DERIVATIONS) derivations.delete(derivations.keys().next().value as number);
    }
    const nodes = this.nodes.changed();
    const services = this.services.changed();
    if (nodes === undefined && services === undefined && tasks === undefined && this.cluster === undefined) return this.base;
    const store: StoreObjects = {
      ...this.base,
      nodes: nodes ?? this.base.nodes,
      services: services ?? this.base.services,
      tasks: tasks ?? this.base.tasks,
    };
    return this.cluster === undefined ? store : { ...store, cluster: this.cluster.value };
  }
}

/**
 * The last results of `applyTransaction`, by transaction. Every manager
 * applies the same transaction (one object from the world's registry) at
 * the same index to the same store (all start from one genesis object), so
 * the followers reuse the leader's result instead of copying the records
 * again; a miss (another base, a follower far behind) just computes it.
 * Bounded, so old snapshots are not kept alive.
 */
const RECENT_RESULTS = 64;
const recent = new Map<Transaction, { readonly base: StoreObjects; readonly index: number; readonly result: StoreObjects }>();

/** Apply one committed transaction at Raft index `index`: versions become `index`. */
export function applyTransaction(store: StoreObjects, tx: Transaction, index: number): StoreObjects {
  const hit = recent.get(tx);
  if (hit !== undefined && hit.base === store && hit.index === index) return hit.result;
  const draft = new StoreWriter(store);
  applyChanges(draft, tx, index);
  const result = draft.result();
  recent.delete(tx);
  recent.set(tx, { base: store, index, result });
  if (recent.size > RECENT_RESULTS) recent.delete(recent.keys().next().value as Transaction);
  return result;
}

function applyChanges(draft: StoreWriter, tx: Transaction, index: number): void {
  for (const change of tx.changes) {
    switch (change.kind) {
      case 'put-cluster':
        draft.setCluster({ ...change.cluster, version: index });
        break;
      case 'put-node':
        draft.nodes.set(change.node.id, { ...change.node, version: index });
        break;
      case 'delete-node':
        draft.nodes.delete(change.id);
        break;
      case 'put-service': {
        const specVersion = change.specChanged ? index : change.service.specVersion;
        // SwarmKit's allocator gives unpublished ingress ports a dynamic one; applied here, every manager agrees.
        const others = draft.services.values().filter((service) => service.id !== change.service.id);
        const endpoint = serviceEndpoint(change.service, draft.services.get(change.service.id), others);
        draft.services.set(change.service.id, { ...change.service, version: index, specVersion, endpoint });
        break;
      }
      case 'delete-service':
        draft.services.delete(change.id);
        break;
      case 'update-service-status': {
        const stored = draft.services.get(change.id);
        const write = stored === undefined ? undefined : applyStatusEffect(stored, change.effect, change.nowUs);
        if (write !== undefined) draft.services.set(change.id, { ...write.service, version: index });
        break;
      }
      case 'create-task':
        draft.setTask({ ...change.task, version: index });
        break;
      case 'delete-task':
        draft.deleteTask(change.id);
        break;
      case 'set-task-desired': {
        const task = draft.task(change.id);
        if (task === undefined) break;
        const next = withDesiredState(task, change.desiredState);
        if (next !== task) draft.setTask({ ...next, version: index });
        break;
      }
      case 'set-task-status': {
        const task = draft.task(change.id);
        if (task === undefined || stateBefore(change.status.state, task.status.state)) break;
        const nodeId = change.nodeId ?? task.nodeId;
        // The scheduler's decision applies only if the node still qualifies (SwarmKit re-checks the node's version).
        if (change.status.state === 'assigned' && task.status.state === 'pending' && !schedulable(draft.nodes.get(nodeId))) break;
        draft.setTask({ ...task, nodeId, status: change.status, version: index, updatedAt: change.status.timestamp });
        break;
      }
    }
  }
}

/** A manager's application state at a snapshot. */
export interface SnapshotValue {
  readonly proposals: number;
  readonly last: string;
  readonly store: StoreObjects;
}

/** Registry of proposed transactions and taken snapshots, keyed by entry data. */
export class TransactionLog {
  private readonly txs = new Map<string, Transaction>();
  private readonly snapshots = new Map<string, SnapshotValue>();
  private nextTx = 1;
  private nextSnapshot = 1;

  /** Register a transaction; returns the entry data that names it. */
  add(tx: Transaction): string {
    const key = `tx:${this.nextTx++}`;
    this.txs.set(key, tx);
    return key;
  }

  get(data: string): Transaction | undefined {
    return this.txs.get(data);
  }

  saveSnapshot(value: SnapshotValue): string {
    const key = `snap:${this.nextSnapshot++}`;
    this.snapshots.set(key, value);
    return key;
  }

  loadSnapshot(data: string): SnapshotValue | undefined {
    return this.snapshots.get(data);
  }
}

/** Service objects sorted by ID. */
export function servicesById(store: StoreObjects): Service[] {
  return Object.keys(store.services)
    .sort()
    .map((id) => store.services[id] as Service);
}

/** Task objects sorted by ID. */
export function tasksById(store: StoreObjects): Task[] {
  return [...store.tasks.keys()].sort().map((id) => store.tasks.get(id) as Task);
}

/** Node objects sorted by ID (the API order). */
export function nodesById(store: StoreObjects): Node[] {
  return Object.keys(store.nodes)
    .sort()
    .map((id) => store.nodes[id] as Node);
}
