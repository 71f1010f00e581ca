/**
 * The restart supervisor (`swarmkit manager/orchestrator/restart/restart.go`;
 * swarm-services.md §5): pure decisions over an explicit state.
 *
 * `restartTask` (SwarmKit's `Restart`): the old task goes to desired SHUTDOWN;
 * if the policy allows (`shouldRestart`: condition none | on-failure | any,
 * MaxAttempts per slot and spec version, optionally within Window) a
 * replacement is created in the same slot (global: on the same node) with
 * desired READY and started later (`DelayStart`): after the restart delay
 * (default 5 s; 0 when the old node is draining), and, unless the old task
 * already stopped or its node is down, after the old task stops (at most
 * 1 min). Starting it = desired RUNNING.
 *
 * Timers are effects: `restartDelay` then, if needed, `restartWaitStop`; the
 * driver steps back with their timeouts, and with `taskStopped` when a task
 * being waited on goes past RUNNING or its node goes down or away.
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros } from '../../sim/types.js';
import type { Node, Service, Task } from '../store/objects.js';
import { stateAfter, stateAtMost } from '../tasks/states.js';
import { newTask } from '../tasks/task.js';
import type { TaskBook } from './book.js';

export const DEFAULT_RESTART_DELAY_US = 5_000_000 as Micros;
/** `restart.go#defaultOldTaskTimeout`. */
export const OLD_TASK_TIMEOUT_US = 60_000_000 as Micros;

export interface RestartInfo {
  readonly specVersion: number;
  readonly totalRestarts: number;
  /** Creation times of the replacements, oldest first (only kept when a Window is set). */
  readonly restartedAt: readonly Micros[];
}

export interface DelayedStart {
  readonly oldTaskId: string;
  readonly waitStop: boolean;
  readonly phase: 'delay' | 'waitStop';
  /** Restart was called on this replacement while it was still delayed. */
  readonly waiter: boolean;
}

export interface RestartState {
  /** serviceId → slot tuple (`slot:<n>` or `node:<id>`) → restart record. */
  readonly history: Readonly<Record<string, Readonly<Record<string, RestartInfo>>>>;
  /** Replacement task ID → its pending start. */
  readonly delays: Readonly<Record<string, DelayedStart>>;
}

export const INITIAL_RESTART_STATE: RestartState = { history: {}, delays: {} };

export function slotTuple(service: Service, task: Task): string {
  return service.spec.mode.kind === 'global' ? `node:${task.nodeId}` : `slot:${task.slot}`;
}

/** `restart.go#shouldRestart`. */
export function shouldRestart(state: RestartState, task: Task, service: Service): boolean {
  const policy = task.spec.restartPolicy;
  if (policy.condition === 'none') return false;
  if (policy.condition === 'on-failure' && task.status.state === 'complete') return false;
  if (policy.maxAttempts === 0) return true;
  const info = state.history[task.serviceId]?.[slotTuple(service, task)];
  if (!info || info.specVersion !== task.specVersion) return true;
  if (policy.windowUs === 0) return info.totalRestarts < policy.maxAttempts;
  const timestamp = task.status.timestamp;
  const lookback = timestamp - policy.windowUs;
  const inWindow = info.restartedAt.filter((t) => t > lookback && t < timestamp).length;
  return inWindow < policy.maxAttempts;
}

/** `restart.go#UpdatableTasksInSlot`: the slot's live tasks, or its newest if it will not be restarted. */
export function updatableTasksInSlot(state: RestartState, slot: readonly Task[], service: Service): Task[] {
  if (slot.length === 0) return [];
  const live = slot.filter((t) => stateAtMost(t.desiredState, 'running'));
  if (live.length > 0) return live;
  if (service.updateStatus?.state === 'rollback_started') return [];
  let newest = slot[0] as Task;
  for (const t of slot) if (t.status.timestamp > newest.status.timestamp) newest = t;
  return shouldRestart(state, newest, service) ? [] : [newest];
}

function recordRestart(state: RestartState, service: Service, replacement: Task): RestartState {
  const policy = replacement.spec.restartPolicy;
  if (policy.maxAttempts === 0) return state;
  const tuple = slotTuple(service, replacement);
  const byService = state.history[replacement.serviceId] ?? {};
  const old = byService[tuple];
  const base: RestartInfo =
    old && old.specVersion === replacement.specVersion ? old : { specVersion: replacement.specVersion, totalRestarts: 0, restartedAt: [] };
  const info: RestartInfo = {
    specVersion: base.specVersion,
    totalRestarts: base.totalRestarts + 1,
    restartedAt: policy.windowUs === 0 ? base.restartedAt : [...base.restartedAt, replacement.createdAt],
  };
  return { ...state, history: { ...state.history, [replacement.serviceId]: { ...byService, [tuple]: info } } };
}

export interface RestartContext {
  readonly service: Service;
  /** The task's node (undefined: no node, or deleted). */
  readonly node: Node | undefined;
  readonly nowUs: Micros;
  readonly newTaskId: () => string;
}

/** `restart.go#Restart`. Returns the new state; effects go to the book. Throws on a shut-down task. */
export function restartTask(state: RestartState, book: TaskBook, task: Task, context: RestartContext): RestartState {
  const delayed = state.delays[task.id];
  if (delayed) {
    if (delayed.waiter) return state;
    return { ...state, delays: { ...state.delays, [task.id]: { ...delayed, waiter: true } } };
  }
  if (stateAfter(task.desiredState, 'complete')) {
    throw new Error('Restart called on task that was already shut down');
  }
  book.setDesired(task.id, 'shutdown');
  if (!shouldRestart(state, task, context.service)) return state;
  const global = context.service.spec.mode.kind === 'global';
  const replacement = newTask({
    id: context.newTaskId(),
    service: context.service,
    slot: global ? 0 : task.slot,
    nodeId: global ? task.nodeId : '',
    nowUs: context.nowUs,
    desiredState: 'ready',
  });
  book.create(replacement);
  const next = recordRestart(state, context.service, replacement);
  const node = context.node;
  const delayUs =
    node?.spec.availability === 'drain' ? (0 as Micros) : task.spec.restartPolicy.delayUs;
  const waitStop = !(node?.status.state === 'down') && stateAtMost(task.status.state, 'running');
  return delayStart(next, book, { oldTaskId: task.id, newTaskId: replacement.id, delayUs, waitStop });
}

function delayStart(
  state: RestartState,
  book: TaskBook,
  start: { readonly oldTaskId: string; readonly newTaskId: string; readonly delayUs: Micros; readonly waitStop: boolean },
): RestartState {
  const pending: DelayedStart = { oldTaskId: start.oldTaskId, waitStop: start.waitStop, phase: 'delay', waiter: false };
  const withDelay = { ...state, delays: { ...state.delays, [start.newTaskId]: pending } };
  if (start.delayUs > 0) {
    book.emit({ kind: 'startTimer', timer: 'restartDelay', taskId: start.newTaskId, afterUs: start.delayUs });
    return withDelay;
  }
  return afterDelay(withDelay, book, start.newTaskId);
}

/** The delay is over: start now, or wait for the old task to stop (at most 1 min). */
function afterDelay(state: RestartState, book: TaskBook, newTaskId: string): RestartState {
  const pending = state.delays[newTaskId];
  if (!pending) return state;
  const old = book.get(pending.oldTaskId);
  if (pending.waitStop && old !== undefined && stateAtMost(old.status.state, 'running')) {
    book.emit({ kind: 'startTimer', timer: 'restartWaitStop', taskId: newTaskId, afterUs: OLD_TASK_TIMEOUT_US });
    return { ...state, delays: { ...state.delays, [newTaskId]: { ...pending, phase: 'waitStop' } } };
  }
  return startNow(state, book, newTaskId);
}

/** `restart.go#StartNow`: desired RUNNING (never lowered). */
function startNow(state: RestartState, book: TaskBook, newTaskId: string): RestartState {
  const pending = state.delays[newTaskId];
  const delays = { ...state.delays };
  delete delays[newTaskId];
  book.setDesired(newTaskId, 'running');
  if (pending?.waiter) book.emit({ kind: 'requeueRestart', taskId: newTaskId });
  return { ...state, delays };
}

export function onRestartDelayTimeout(state: RestartState, book: TaskBook, taskId: string): RestartState {
  const pending = state.delays[taskId];
  if (pending?.phase !== 'delay') return state;
  return afterDelay(state, book, taskId);
}

export function onRestartWaitStopTimeout(state: RestartState, book: TaskBook, taskId: string): RestartState {
  const pending = state.delays[taskId];
  if (pending?.phase !== 'waitStop') return state;
  return startNow(state, book, taskId);
}

/** The old task went past RUNNING, or its node went down or away: start what waited on it. */
export function onOldTaskStopped(state: RestartState, book: TaskBook, oldTaskId: string): RestartState {
  let next = state;
  for (const newTaskId of Object.keys(state.delays).sort(compareStrings)) {
    const pending = state.delays[newTaskId];
    if (pending?.oldTaskId !== oldTaskId || pending.phase !== 'waitStop') continue;
    book.emit({ kind: 'cancelTimer', timer: 'restartWaitStop', taskId: newTaskId });
    next = startNow(next, book, newTaskId);
  }
  return next;
}

/**
 * A new leader's restart history, rebuilt from the stored tasks
 * (`taskinit/init.go#CheckTasks`): per instance (replicated: service and
 * slot; global: service and node), the tasks of the newest spec version
 * sorted by creation time (then ID; Go's sort is unstable), every one but
 * the first counts as a restart. So MaxAttempts survives a failover.
 */
export function rebuildRestartHistory(state: RestartState, services: readonly Service[], tasks: readonly Task[]): RestartState {
  const byId = new Map(services.map((service) => [service.id, service]));
  const instances = new Map<string, Task[]>();
  for (const task of tasks) {
    const service = byId.get(task.serviceId);
    if (service === undefined) continue;
    const key = `${task.serviceId}|${slotTuple(service, task)}`;
    const list = instances.get(key);
    if (list === undefined) instances.set(key, [task]);
    else list.push(task);
  }
  let next = state;
  for (const key of [...instances.keys()].sort(compareStrings)) {
    const instance = instances.get(key) as Task[];
    const newest = Math.max(...instance.map((task) => task.specVersion));
    const upToDate = instance.filter((task) => task.specVersion === newest).sort((a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id));
    const service = byId.get((upToDate[0] as Task).serviceId) as Service;
    for (const replacement of upToDate.slice(1)) next = recordRestart(next, service, replacement);
  }
  return next;
}

/** Service deleted: forget its restart history (`restart.go#ClearServiceHistory`). */
export function clearServiceHistory(state: RestartState, serviceId: string): RestartState {
  if (!state.history[serviceId]) return state;
  const history = { ...state.history };
  delete history[serviceId];
  return { ...state, history };
}
