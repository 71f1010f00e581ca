/**
 * The leader's service components, driven as SwarmKit runs them on every
 * commit (swarm-services.md §4, §5, §9, §10, §11): the allocator (NEW →
 * PENDING), the replicated and global orchestrators with the restart
 * supervisor (`orchestrator.step`), the scheduler (`scheduler.step`, debounced
 * 50 ms after the last commit, at most 1 s) and the task reaper
 * (`reaper.step`, every 250 ms while it has work). Started and stopped with
 * leadership, like the dispatcher.
 *
 * One loop, one write in flight: after each commit applied on the leader a
 * pass runs (at the same instant, once): it diffs the store against the last
 * one it saw (objects are immutable snapshots, so changed objects are new
 * references), feeds the events to the pure cores, applies their effects to a
 * working copy of the tasks (so the allocator sees the tasks the orchestrator
 * just made), and proposes all the resulting changes as ONE transaction.
 * Until that transaction is applied no other pass runs, so no component acts
 * twice on a view its own write has not reached yet. Task changes are
 * field-level (`set-task-desired`, `set-task-status`), applied to the task as
 * it stands when the entry applies.
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros, TimerId } from '../../sim/types.js';
import { newId } from '../control/ids.js';
import {
  INITIAL_ORCHESTRATOR_STATE,
  type OrchestratorEffect,
  type OrchestratorInput,
  type OrchestratorState,
  type OrchestratorView,
  step as orchestratorStep,
} from '../orchestrator/index.js';
import { DEFAULT_TASK_HISTORY_LIMIT, INITIAL_REAPER_STATE, type ReaperState, step as reaperStep } from '../reaper/index.js';
import { INITIAL_SCHEDULER_STATE, type SchedulerEffect, type SchedulerState, step as schedulerStep } from '../scheduler/index.js';
import type { StoreObjects, Task, TaskMap } from '../store/objects.js';
import { EMPTY_STORE, touchedTaskIds } from '../store/store.js';
import { stateAfter } from '../tasks/states.js';
import type { Control } from './control.js';
import { type PassContext, UpdateSupervisor } from './updates.js';
import { type LeaderEnv, storeOf } from './env.js';
import { NO_TASKS, type SortedTasks, WorkingSet, sortTasks } from './working-set.js';

export const SCHEDULER_DEBOUNCE_US = 50_000;
export const SCHEDULER_MAX_LATENCY_US = 1_000_000;
export const REAPER_INTERVAL_US = 250_000;
export const ALLOCATED_MESSAGE = 'pending task scheduling';

type TimerInput = (view: OrchestratorView) => OrchestratorInput;

/**
 * Task IDs set or changed (`changed`) and gone (`removed`) between two task
 * maps, each sorted. From the store's log of touched IDs when it can tell
 * (a pass after a small transaction looks at a few IDs, not 20,000), else by
 * diffing every key.
 */
/** Keys whose value changed or appeared, sorted (found in any order, then only they are sorted). */
function changedKeys<V>(now: ReadonlyMap<string, V>, before: ReadonlyMap<string, V>): string[] {
  const changed: string[] = [];
  for (const [id, value] of now) if (value !== before.get(id)) changed.push(id);
  return changed.sort(compareStrings);
}

/** Keys gone since `before`, sorted. */
function removedKeys<V>(now: ReadonlyMap<string, V>, before: ReadonlyMap<string, V>): string[] {
  const removed: string[] = [];
  for (const id of before.keys()) if (!now.has(id)) removed.push(id);
  return removed.sort(compareStrings);
}

function taskDiff(now: TaskMap, before: TaskMap): { readonly changed: string[]; readonly removed: string[] } {
  const touched = touchedTaskIds(before, now);
  if (touched === undefined) return { changed: changedKeys(now, before), removed: removedKeys(now, before) };
  const changed = new Set<string>();
  const removed = new Set<string>();
  for (const id of touched) {
    const task = now.get(id);
    if (task === undefined) {
      if (before.has(id)) removed.add(id);
    } else if (task !== before.get(id)) changed.add(id);
  }
  return { changed: [...changed].sort(compareStrings), removed: [...removed].sort(compareStrings) };
}

/**
 * A record's values sorted by key, kept per record: the store's nodes and
 * services change far less often than a pass runs, and each change is a new
 * record. Handed out read-only.
 */
const sortedRecords = new WeakMap<object, readonly unknown[]>();

function sortedValues<V>(record: Readonly<Record<string, V>>): readonly V[] {
  let sorted = sortedRecords.get(record) as readonly V[] | undefined;
  if (sorted === undefined) {
    sorted = Object.keys(record)
      .sort(compareStrings)
      .map((id) => record[id] as V);
    sortedRecords.set(record, sorted);
  }
  return sorted;
}

export class ServiceComponents {
  private orchestrator: OrchestratorState = INITIAL_ORCHESTRATOR_STATE;
  private scheduler: SchedulerState = INITIAL_SCHEDULER_STATE;
  private reaper: ReaperState = INITIAL_REAPER_STATE;
  /** The store the last pass looked at; the empty store at start, so everything is new to a fresh leader. */
  private seen: StoreObjects = EMPTY_STORE;
  /** The store tasks last sorted (`sorted`): brought up to date only when a pass needs them sorted. */
  private sortedOf: StoreObjects['tasks'] = EMPTY_STORE.tasks;
  private sorted: SortedTasks = NO_TASKS;
  /** IDs of the store's tasks still NEW (the allocator's work), kept from the store's changes. */
  private readonly unallocated = new Set<string>();
  /** IDs of the store's tasks PENDING (the scheduler's work), kept the same way. */
  private readonly unscheduled = new Set<string>();
  private readonly queued: TimerInput[] = [];
  /** Replacements a previous leader left in their restart delay (desired READY), due to start now. */
  private readonly adoptedStarts: string[] = [];
  private readonly timers = new Map<string, TimerId>();
  private passTimer: TimerId | undefined;
  private schedulerTimer: TimerId | undefined;
  private schedulerTimerAtUs = 0;
  private schedulerDirtySinceUs: number | undefined;
  private schedulerDue = false;
  private reaperTimer: TimerId | undefined;
  private reaperDue = false;
  private writing = false;
  private stopped = false;
  /** The rolling updaters (manager/updates.ts). */
  readonly updates = new UpdateSupervisor({
    schedule: (label, afterUs, fn) => this.schedule(label, afterUs, fn),
    cancel: (timer) => this.sim.cancel(timer),
    requestPass: () => this.requestPass(),
  });
  /** The store the last pass looked at, once that pass's writes are applied: the current store reflects its decisions. */
  private reconciledStore: StoreObjects | undefined;

  constructor(
    private readonly env: LeaderEnv,
    private readonly control: Control,
  ) {}

  private get sim() {
    return this.env.world.sim;
  }

  start(): void {
    this.requestPass();
  }

  /** For the invariants (service-checks.ts): the last store whose orchestration is committed; undefined before this leader's first. */
  get reconciled(): StoreObjects | undefined {
    return this.reconciledStore;
  }

  stop(): void {
    this.stopped = true;
    this.updates.stop();
    for (const timer of [this.passTimer, this.schedulerTimer, this.reaperTimer, ...this.timers.values()]) if (timer !== undefined) this.sim.cancel(timer);
    this.timers.clear();
    this.passTimer = this.schedulerTimer = this.reaperTimer = undefined;
  }

  /** A store change was applied on the leader. */
  onApplied(): void {
    this.requestPass();
  }

  private requestPass(): void {
    if (this.stopped || this.writing || this.passTimer !== undefined) return;
    this.passTimer = this.sim.schedule({ after: 0 as Micros, owner: this.env.hostname, label: 'leader/services' }, () => {
      this.passTimer = undefined;
      this.pass();
    });
  }

  private schedule(label: string, afterUs: number, fn: () => void): TimerId {
    return this.sim.schedule({ after: afterUs as Micros, owner: this.env.hostname, label }, fn);
  }

  /** SwarmKit's scheduler debounce: 50 ms after the last commit, at most 1 s after the first. */
  private touchScheduler(): void {
    const now = this.sim.now;
    this.schedulerDirtySinceUs ??= now;
    const at = Math.min(now + SCHEDULER_DEBOUNCE_US, this.schedulerDirtySinceUs + SCHEDULER_MAX_LATENCY_US);
    if (this.schedulerTimer !== undefined) {
      if (this.schedulerTimerAtUs === at) return;
      this.sim.cancel(this.schedulerTimer);
    }
    this.schedulerTimerAtUs = at;
    this.schedulerTimer = this.schedule('scheduler/debounce', at - now, () => {
      this.schedulerTimer = undefined;
      this.schedulerDirtySinceUs = undefined;
      this.schedulerDue = true;
      this.requestPass();
    });
  }

  private touchReaper(): void {
    if (this.reaperTimer !== undefined || (this.reaper.dirty.length === 0 && this.reaper.cleanup.length === 0)) return;
    this.reaperTimer = this.schedule('reaper/tick', REAPER_INTERVAL_US, () => {
      this.reaperTimer = undefined;
      this.reaperDue = true;
      this.requestPass();
    });
  }

  /** Does a delayed restart wait for this task to stop? (Only then does `taskStopped` change anything.) */
  private awaited(taskId: string): boolean {
    const delays = this.orchestrator.restart.delays;
    for (const id in delays) if (delays[id]?.oldTaskId === taskId && delays[id]?.phase === 'waitStop') return true;
    return false;
  }

  private runOrchestrator(work: WorkingSet, input: OrchestratorInput): void {
    const result = orchestratorStep(this.orchestrator, input);
    this.orchestrator = result.state;
    for (const effect of result.effects) this.applyOrchestratorEffect(work, effect);
  }

  private applyOrchestratorEffect(work: WorkingSet, effect: OrchestratorEffect): void {
    switch (effect.kind) {
      case 'createTask':
        return work.create(effect.task);
      case 'setDesiredState':
        return work.desire(effect.taskId, effect.desiredState);
      case 'deleteTask':
        return work.remove(effect.taskId);
      case 'startTimer': {
        const key = `${effect.timer}|${effect.taskId}`;
        const previous = this.timers.get(key);
        if (previous !== undefined) this.sim.cancel(previous);
        const { taskId } = effect;
        const kind = effect.timer === 'restartDelay' ? 'restartDelayTimeout' : 'restartWaitStopTimeout';
        this.timers.set(
          key,
          this.schedule(`orchestrator/${effect.timer}`, effect.afterUs, () => {
            this.timers.delete(key);
            this.queued.push((view) => ({ kind, taskId, view }));
            this.requestPass();
          }),
        );
        return;
      }
      case 'cancelTimer': {
        const key = `${effect.timer}|${effect.taskId}`;
        const timer = this.timers.get(key);
        if (timer !== undefined) this.sim.cancel(timer);
        this.timers.delete(key);
        return;
      }
      case 'updateSlots':
        return this.updates.request(effect.serviceId, effect.slots);
      case 'requeueRestart': {
        const { taskId } = effect;
        this.queued.push((view) => {
          const task = view.tasks.find((t) => t.id === taskId);
          return task === undefined ? { kind: 'serviceChanged', serviceId: '' } : { kind: 'taskChanged', task, node: view.nodes.find((n) => n.id === task.nodeId) };
        });
        return;
      }
    }
  }

  private applySchedulerEffect(work: WorkingSet, effect: SchedulerEffect): void {
    if (effect.kind === 'assignTask') work.status(effect.taskId, effect.status, effect.nodeId);
    else work.status(effect.taskId, effect.status);
  }

  /**
   * A new leader finds replacements still in their restart delay (desired
   * READY): they start when the rest of their delay has passed, counted from
   * their creation (`taskinit#CheckTasks`). The wait for the old task to stop
   * is not resumed.
   */
  private adoptDelayedStarts(store: StoreObjects, now: Micros): void {
    for (const id of [...store.tasks.keys()].sort(compareStrings)) {
      const task = store.tasks.get(id) as Task;
      if (task.desiredState !== 'ready' || stateAfter(task.status.state, 'running')) continue;
      const delayUs = store.services[task.serviceId]?.spec.task.restartPolicy.delayUs ?? 0;
      const remaining = Math.max(0, task.createdAt + delayUs - now);
      this.timers.set(
        `adopted|${id}`,
        this.schedule('orchestrator/adopted-start', remaining, () => {
          this.timers.delete(`adopted|${id}`);
          this.adoptedStarts.push(id);
          this.requestPass();
        }),
      );
    }
  }

  /** The store's tasks sorted by ID, from the last sorted ones and the store's log of touched IDs. */
  private sortedTasks(tasks: StoreObjects['tasks']): SortedTasks {
    if (this.sortedOf !== tasks) {
      this.sorted = sortTasks(tasks, this.sortedOf, this.sorted);
      this.sortedOf = tasks;
    }
    return this.sorted;
  }

  /** Is any task PENDING in the working set (the store's PENDING tasks, and those the allocator just moved there)? */
  private anyPending(work: WorkingSet, allocated: readonly string[]): boolean {
    for (const id of this.unscheduled) if (work.task(id)?.status.state === 'pending') return true;
    for (const id of allocated) if (work.task(id)?.status.state === 'pending') return true;
    return false;
  }

  private pass(): void {
    if (this.stopped || this.writing) return;
    const store = storeOf(this.env);
    const previous = this.seen;
    this.seen = store;
    const now = this.sim.now as Micros;
    const work = new WorkingSet(store.tasks, () => this.sortedTasks(store.tasks));
    const services = sortedValues(store.services);
    const nodes = sortedValues(store.nodes);
    // The tasks are sorted only when a reader looks: most passes' orchestrator tick has nothing to reconcile.
    const view = (): OrchestratorView => ({
      services,
      nodes,
      get tasks() {
        return work.sortedTasks();
      },
    });
    let touched = false;
    const updateCtx: PassContext = { work, nowUs: now, newTaskId: () => newId(this.env.world.ids) };
    if (previous === EMPTY_STORE) this.adoptDelayedStarts(store, now);
    for (const id of this.adoptedStarts.splice(0)) if (work.task(id)?.desiredState === 'ready') work.desire(id, 'running');

    // Store events, in a fixed order: services, nodes, tasks (each by ID).
    if (store.services !== previous.services) {
      for (const service of services) if (previous.services[service.id] !== service) this.runOrchestrator(work, { kind: 'serviceChanged', serviceId: service.id });
      for (const id of Object.keys(previous.services).sort(compareStrings)) {
        if (store.services[id] !== undefined) continue;
        const tasks = work.sortedTasks().filter((task) => task.serviceId === id);
        this.runOrchestrator(work, { kind: 'serviceDeleted', serviceId: id, tasks });
        this.updates.cancel(id);
      }
    }
    if (store.nodes !== previous.nodes) {
      touched = true;
      for (const node of nodes) {
        const before = previous.nodes[node.id];
        if (before === node) continue;
        this.runOrchestrator(work, { kind: 'nodeChanged', node, view: view() });
        if (node.status.state === 'down' && before?.status.state !== 'down') {
          this.updates.onNodeDown(updateCtx, node.id);
          for (const task of work.sortedTasks()) if (task.nodeId === node.id && this.awaited(task.id)) this.runOrchestrator(work, { kind: 'taskStopped', taskId: task.id, view: view() });
        }
      }
      for (const id of Object.keys(previous.nodes).sort(compareStrings)) {
        if (store.nodes[id] !== undefined) continue;
        this.runOrchestrator(work, { kind: 'nodeDeleted', nodeId: id, view: view() });
        this.updates.onNodeDown(updateCtx, id);
      }
    }
    if (store.tasks !== previous.tasks) {
      touched = true;
      const diff = taskDiff(store.tasks, previous.tasks);
      for (const id of diff.changed) {
        const task = store.tasks.get(id) as Task;
        const before = previous.tasks.get(id);
        if (task.status.state === 'new') this.unallocated.add(id);
        else this.unallocated.delete(id);
        if (task.status.state === 'pending') this.unscheduled.add(id);
        else this.unscheduled.delete(id);
        if (before === undefined) this.reaper = reaperStep(this.reaper, { kind: 'taskCreated', task }).state;
        else this.reaper = reaperStep(this.reaper, { kind: 'taskUpdated', task }).state;
        const current = work.task(id) ?? task;
        this.runOrchestrator(work, { kind: 'taskChanged', task: current, node: store.nodes[task.nodeId] });
        this.updates.onTaskChanged(updateCtx, task);
        if (stateAfter(task.status.state, 'running') && (before === undefined || !stateAfter(before.status.state, 'running'))) {
          if (this.awaited(id)) this.runOrchestrator(work, { kind: 'taskStopped', taskId: id, view: view() });
          if (task.status.state === 'failed' || task.status.state === 'rejected') {
            this.scheduler = schedulerStep(this.scheduler, { kind: 'taskFailed', task, nowUs: now }).state;
          }
        }
      }
      for (const id of diff.removed) {
        const task = previous.tasks.get(id) as Task;
        this.unallocated.delete(id);
        this.unscheduled.delete(id);
        this.runOrchestrator(work, { kind: 'taskDeleted', task, service: store.services[task.serviceId] });
      }
    }

    // Restart-supervisor timers that fired, then the orchestrators' tick.
    for (const input of this.queued.splice(0)) this.runOrchestrator(work, input(view()));
    this.runOrchestrator(work, { kind: 'tick', nowUs: now, view: view(), newTaskId: () => newId(this.env.world.ids) });

    // The rolling updaters: timers that fired, then the slots the orchestrators handed over.
    this.updates.runTimeouts(updateCtx);
    this.updates.runRequests(updateCtx, store, store.nodes);

    // Allocator: NEW → PENDING (no networks to allocate), by task ID.
    const allocated: string[] = [];
    for (const id of [...new Set([...this.unallocated, ...work.createdIds()])].sort(compareStrings)) {
      const task = work.task(id);
      if (task !== undefined && task.status.state === 'new' && !stateAfter(task.desiredState, 'running')) {
        work.status(id, { state: 'pending', timestamp: now, message: ALLOCATED_MESSAGE, err: '' });
        allocated.push(id);
        touched = true;
      }
    }

    // A tick with nothing PENDING places nothing and explains nothing: skip it (its state catches up at the next one).
    if (this.schedulerDue && !this.anyPending(work, allocated)) this.schedulerDue = false;
    if (this.schedulerDue) {
      this.schedulerDue = false;
      const result = schedulerStep(this.scheduler, { kind: 'tick', nowUs: now, nodes, services, tasks: work.sortedTasks() });
      this.scheduler = result.state;
      for (const effect of result.effects) this.applySchedulerEffect(work, effect);
    }

    if (this.reaperDue) {
      this.reaperDue = false;
      const historyLimit = store.cluster?.spec.orchestration.taskHistoryRetentionLimit ?? DEFAULT_TASK_HISTORY_LIMIT;
      const result = reaperStep(this.reaper, { kind: 'tick', services, tasks: work.sortedTasks(), historyLimit });
      this.reaper = result.state;
      for (const effect of result.effects) work.remove(effect.taskId);
    }

    if (touched) this.touchScheduler();
    this.touchReaper();
    if (work.changes.length === 0) {
      this.reconciledStore = store;
      return;
    }
    this.writing = true;
    this.control.write('orchestrator', work.changes, (result) => {
      this.writing = false;
      if (result === 'ok') this.reconciledStore = store;
      this.requestPass();
    });
  }
}
