/**
 * The rolling updater as one pure transition function (`swarmkit
 * manager/orchestrator/update/updater.go#Run`, `#worker`, `#updateTask`,
 * `#useExistingTask`; swarm-services.md §6). SwarmKit runs a goroutine per
 * worker and selects over channels; here every wait is an explicit phase or
 * worker stage and every sleep a timer effect (the diagram is in types.ts).
 *
 *   step(state, input, context) → { state, effects }
 *
 * - `run`: the dirty slots of the given ones, in the order given; none dirty:
 *   complete an update that was under way; otherwise start one (status
 *   `updating`, unless a status is there already, e.g. after a leader change)
 *   and hand slots to `parallelism` workers (0: all at once).
 * - A worker takes a slot: a clean task already desired RUNNING is kept and
 *   the others shut down; a clean task desired below RUNNING is started once
 *   the others stop; else a new task (desired READY) replaces the slot:
 *   stop-first shuts the old ones down and starts the new one when the last
 *   of them has stopped, its node is down or 1 min passed; start-first starts
 *   the new one at once and shuts the old ones down when it is RUNNING. Then
 *   the worker waits for the new task to reach RUNNING or beyond, sleeps the
 *   delay, and takes the next slot.
 * - A task this update created that fails before RUNNING or within the
 *   monitor period after it counts once; failures / dirty slots over the max
 *   ratio (float32) trigger the failure action (not watched with `continue`).
 * - After the last slot: watch for the monitor period (delay + 1 s when delay
 *   >= monitor), then `completeUpdate`.
 *
 * Modelling choices: workers take slots in worker order; SwarmKit's random
 * `select` between a failure and the next slot is resolved failures first
 * (swarm-services.md §13). As in SwarmKit, failures seen while the last
 * workers finish (`wg.Wait`) are read only when monitoring starts, against
 * the final watch period and the time then — which is how a task failing
 * during the last delay still counts when delay >= monitor.
 */
import type { Micros } from '../../sim/types.js';
import type { Task, UpdateState } from '../store/objects.js';
import { stateAfter, stateAtMost, stateBefore } from '../tasks/states.js';
import { newTask } from '../tasks/task.js';
import { OLD_TASK_TIMEOUT_US, failureRatioExceeded, settingsFor } from './config.js';
import { isSlotDirty, isTaskDirty } from './dirty.js';
import type { StepContext, UpdateSlot, UpdaterEffect, UpdaterInput, UpdaterPhase, UpdaterResult, UpdaterState, UpdaterTimer, Worker } from './types.js';

const IDLE_WORKER: Worker = { stage: 'idle', oldTaskIds: [], startFirst: false };

/** One step's working copy: the state as it changes and the effects in order. */
class Transition {
  readonly effects: UpdaterEffect[] = [];
  /** The workers: the state's own array until the first change, then a copy (most steps change none). */
  workers: readonly Worker[];
  private ownWorkers = false;

  constructor(
    public state: UpdaterState,
    readonly context: StepContext,
  ) {
    this.workers = state.workers;
  }

  setWorker(index: number, worker: Worker): void {
    if (!this.ownWorkers) {
      this.workers = [...this.workers];
      this.ownWorkers = true;
    }
    (this.workers as Worker[])[index] = worker;
  }

  resetWorkers(workers: Worker[]): void {
    this.workers = workers;
    this.ownWorkers = true;
  }

  emit(effect: UpdaterEffect): void {
    this.effects.push(effect);
  }

  enterPhase(phase: UpdaterPhase): void {
    this.state = { ...this.state, phase };
  }

  setStatus(status: UpdateState | undefined): void {
    this.state = { ...this.state, status };
  }

  result(): UpdaterResult {
    return { state: { ...this.state, workers: this.workers }, effects: this.effects };
  }
}

export function step(state: UpdaterState, input: UpdaterInput, context: StepContext): UpdaterResult {
  if (input.kind === 'taskChanged' && !concernsUpdate(state, input.task)) return { state, effects: [] };
  const t = new Transition(state, context);
  switch (input.kind) {
    case 'run':
      onRun(t, input);
      break;
    case 'taskChanged':
      onTaskChanged(t, input.task);
      break;
    case 'nodeDown':
      onNodeDown(t, input.nodeId);
      break;
    case 'timeout':
      onTimeout(t, input.timer);
      break;
  }
  return t.result();
}

/** Has this updater nothing left to do (SwarmKit's `Run` has returned)? */
export function isFinished(state: UpdaterState): boolean {
  if (state.phase === 'done') return true;
  return state.phase === 'stopped' && state.workers.every((w) => w.stage === 'idle');
}

function onRun(t: Transition, input: Extract<UpdaterInput, { kind: 'run' }>): void {
  if (t.state.phase !== 'idle') throw new Error(`updater: run in phase ${t.state.phase}`);
  const { service } = input;
  const status = service.updateStatus?.state;
  t.state = { ...t.state, service, status, nodes: input.nodes };
  if (status === 'paused' || status === 'rollback_paused') return t.enterPhase('done');
  const dirty = input.slots.filter((slot) => isSlotDirty(service, slot.tasks, input.nodes));
  if (dirty.length === 0) {
    if (status === 'updating' || status === 'rollback_started') completeUpdate(t);
    return t.enterPhase('done');
  }
  if (status === undefined) {
    t.emit({ kind: 'startUpdate' });
    t.setStatus('updating');
  }
  const settings = settingsFor(service, dirty.length);
  t.state = { ...t.state, settings, queue: dirty, dirtySlots: dirty.length };
  t.resetWorkers(Array.from({ length: settings.workers }, () => IDLE_WORKER));
  t.enterPhase('choosing');
  dispatch(t);
}

/** Hand queued slots to idle workers, in worker order; when all is handed out and done, monitor. */
function dispatch(t: Transition): void {
  for (let i = 0; i < t.workers.length; i++) {
    while (t.state.phase === 'choosing' && t.workers[i]?.stage === 'idle') {
      const slot = t.state.queue[t.state.nextSlot];
      if (slot === undefined) break;
      t.state = { ...t.state, nextSlot: t.state.nextSlot + 1 };
      takeSlot(t, i, slot);
    }
  }
  if (t.state.phase === 'choosing' && t.state.nextSlot >= t.state.queue.length) t.enterPhase('draining');
  if (t.state.phase === 'draining' && t.workers.every((w) => w.stage === 'idle')) {
    t.enterPhase('monitoring');
    t.emit({ kind: 'startTimer', timer: 'monitor', afterUs: settings(t).finalMonitorUs });
    const buffered = t.state.bufferedFailures;
    t.state = { ...t.state, bufferedFailures: [] };
    for (const id of buffered) if (t.state.phase === 'monitoring') onFailure(t, id);
  }
}

function settings(t: Transition) {
  const value = t.state.settings;
  if (value === undefined) throw new Error('updater: no settings before run');
  return value;
}

function service(t: Transition) {
  const value = t.state.service;
  if (value === undefined) throw new Error('updater: no service before run');
  return value;
}

function shutDown(t: Transition, tasks: readonly Task[]): Task | undefined {
  let removed: Task | undefined;
  for (const task of tasks) {
    if (stateAfter(task.desiredState, 'running')) continue;
    t.emit({ kind: 'setDesiredState', taskId: task.id, desiredState: 'shutdown' });
    removed = task;
  }
  return removed;
}

/** `worker`: one slot. */
function takeSlot(t: Transition, index: number, slot: UpdateSlot): void {
  const svc = service(t);
  const clean = slot.tasks.filter((task) => !isTaskDirty(svc, task, t.state.nodes[task.nodeId]));
  const running = clean.find((task) => task.desiredState === 'running');
  const parked = running ?? [...clean].reverse().find((task) => stateBefore(task.desiredState, 'running'));
  if (parked !== undefined) return useExistingTask(t, index, slot, parked);
  const first = slot.tasks[0] as Task;
  const global = svc.spec.mode.kind === 'global';
  const task = newTask({ id: t.context.newTaskId(), service: svc, slot: first.slot, nodeId: global ? first.nodeId : '', nowUs: t.context.nowUs, desiredState: 'ready' });
  t.emit({ kind: 'createTask', task });
  recordUpdatedTask(t, task.id, null);
  t.state = { ...t.state, updatedSlots: t.state.updatedSlots + 1 };
  const base = { slot: slot.label, taskId: task.id, taskState: task.status.state, oldTaskIds: slot.tasks.map((x) => x.id) };
  if (settings(t).order === 'start-first') {
    t.emit({ kind: 'setDesiredState', taskId: task.id, desiredState: 'running' });
    t.setWorker(index, { ...base, stage: 'starting', startFirst: true });
    return;
  }
  const old = shutDown(t, slot.tasks);
  t.setWorker(index, { ...base, stage: 'starting', startFirst: false });
  if (old !== undefined && stateAtMost(old.status.state, 'running')) {
    t.setWorker(index, { ...base, stage: 'stopping', startFirst: false, waitTaskId: old.id, waitNodeId: old.nodeId });
    t.emit({ kind: 'startTimer', timer: `oldTask/${index}`, afterUs: OLD_TASK_TIMEOUT_US });
  } else {
    t.emit({ kind: 'setDesiredState', taskId: task.id, desiredState: 'running' });
  }
}

/** `useExistingTask`: keep a clean task, shut the others down; start it (after they stop) when it is parked. */
function useExistingTask(t: Transition, index: number, slot: UpdateSlot, existing: Task): void {
  const old = shutDown(t, slot.tasks.filter((task) => task.id !== existing.id));
  if (existing.desiredState === 'running') return finishSlot(t, index, slot.label);
  if (old !== undefined && stateAtMost(old.status.state, 'running')) {
    t.setWorker(index, { stage: 'stopping', slot: slot.label, taskId: existing.id, taskState: existing.status.state, waitTaskId: old.id, waitNodeId: old.nodeId, oldTaskIds: [], startFirst: false });
    t.emit({ kind: 'startTimer', timer: `oldTask/${index}`, afterUs: OLD_TASK_TIMEOUT_US });
    return;
  }
  t.emit({ kind: 'setDesiredState', taskId: existing.id, desiredState: 'running' });
  finishSlot(t, index, slot.label);
}

/** `updatedTasks` is append-only and owned by this updater (see types.ts): extended in place. */
function recordUpdatedTask(t: Transition, taskId: string, startedAt: Micros | null): void {
  (t.state.updatedTasks as Map<string, Micros | null>).set(taskId, startedAt);
}

/** The slot is done: sleep the delay, or take the next one. */
function finishSlot(t: Transition, index: number, label: string | undefined): void {
  const delayUs = settings(t).delayUs;
  if (delayUs > 0) {
    t.setWorker(index, { ...IDLE_WORKER, stage: 'delaying', ...(label !== undefined ? { slot: label } : {}) });
    t.emit({ kind: 'startTimer', timer: `delay/${index}`, afterUs: delayUs });
    return;
  }
  t.setWorker(index, IDLE_WORKER);
  dispatch(t);
}

/** The stop-first wait is over: start the task, then wait for it to run. */
function startWaitingTask(t: Transition, index: number, cancelTimer: boolean): void {
  const worker = t.workers[index] as Worker;
  if (cancelTimer) t.emit({ kind: 'cancelTimer', timer: `oldTask/${index}` });
  t.emit({ kind: 'setDesiredState', taskId: worker.taskId as string, desiredState: 'running' });
  if (worker.taskId !== undefined && !t.state.updatedTasks.has(worker.taskId)) return finishSlot(t, index, worker.slot);
  const { waitTaskId: _w, waitNodeId: _n, ...rest } = worker;
  t.setWorker(index, { ...rest, stage: 'starting' });
  maybeStarted(t, index);
}

/** `updateTask`'s wait: the new task at or past RUNNING ends it (start-first: exactly RUNNING shuts the old ones down). */
function maybeStarted(t: Transition, index: number): void {
  const worker = t.workers[index] as Worker;
  const state = worker.taskState;
  if (worker.stage !== 'starting' || state === undefined || stateBefore(state, 'running')) return;
  const id = worker.taskId as string;
  recordUpdatedTask(t, id, t.context.nowUs);
  if (worker.startFirst && state === 'running') {
    for (const old of worker.oldTaskIds) t.emit({ kind: 'setDesiredState', taskId: old, desiredState: 'shutdown' });
  }
  finishSlot(t, index, worker.slot);
}

/**
 * Could `onTaskChanged` change anything? Only for a task of this service
 * while slots are handed out: one a worker follows, or one past RUNNING (a
 * stopped task a worker waits for, or a failure). Most task changes in a
 * large update are neither, and are answered without copying the workers.
 */
function concernsUpdate(state: UpdaterState, task: Task): boolean {
  if (task.serviceId !== state.serviceId || state.phase === 'idle' || state.phase === 'done') return false;
  return stateAfter(task.status.state, 'running') || state.workers.some((worker) => worker.taskId === task.id);
}

function onTaskChanged(t: Transition, task: Task): void {
  if (task.serviceId !== t.state.serviceId || t.state.phase === 'idle' || t.state.phase === 'done') return;
  for (let i = 0; i < t.workers.length; i++) {
    const worker = t.workers[i] as Worker;
    if (worker.taskId === task.id) {
      t.setWorker(i, { ...worker, taskState: task.status.state });
      maybeStarted(t, i);
    } else if (worker.stage === 'stopping' && worker.waitTaskId === task.id && stateAfter(task.status.state, 'running')) {
      startWaitingTask(t, i, true);
    }
  }
  if (stateAfter(task.status.state, 'running')) onFailure(t, task.id);
}

function onNodeDown(t: Transition, nodeId: string): void {
  for (let i = 0; i < t.workers.length; i++) {
    const worker = t.workers[i] as Worker;
    if (worker.stage === 'stopping' && worker.waitNodeId === nodeId) startWaitingTask(t, i, true);
  }
}

function onTimeout(t: Transition, timer: UpdaterTimer): void {
  if (timer === 'monitor') {
    if (t.state.phase !== 'monitoring') return;
    completeUpdate(t);
    return t.enterPhase('done');
  }
  const [kind, n] = timer.split('/') as [string, string];
  const index = Number(n);
  const worker = t.workers[index];
  if (worker === undefined) return;
  if (kind === 'oldTask' && worker.stage === 'stopping') return startWaitingTask(t, index, false);
  if (kind === 'delay' && worker.stage === 'delaying') {
    t.setWorker(index, IDLE_WORKER);
    dispatch(t);
  }
}

function completeUpdate(t: Transition): void {
  t.emit({ kind: 'completeUpdate' });
  t.setStatus(t.state.status === 'rollback_started' ? 'rollback_completed' : 'completed');
}

/** `failureTriggersAction`, while slots are handed out or watched (buffered while the last workers finish). */
function onFailure(t: Transition, taskId: string): void {
  const { phase } = t.state;
  if (phase !== 'choosing' && phase !== 'draining' && phase !== 'monitoring') return;
  const config = settings(t);
  if (config.failureAction === 'continue' || t.state.failures.includes(taskId)) return;
  if (phase === 'draining') {
    if (!t.state.bufferedFailures.includes(taskId)) t.state = { ...t.state, bufferedFailures: [...t.state.bufferedFailures, taskId] };
    return;
  }
  const task = { id: taskId };
  const startedAt = t.state.updatedTasks.get(task.id);
  if (startedAt === undefined) return;
  const windowUs = phase === 'monitoring' ? config.finalMonitorUs : config.monitorUs;
  if (startedAt !== null && t.context.nowUs - startedAt > windowUs) return;
  const failures = [...t.state.failures, task.id].sort();
  t.state = { ...t.state, failures };
  if (!failureRatioExceeded(failures.length, t.state.dirtySlots, config.maxFailureRatio)) return;
  const rollingBack = t.state.service?.updateStatus?.state === 'rollback_started';
  if (config.failureAction === 'pause') {
    stopUpdate(t, `update paused due to failure or early termination of task ${task.id}`, rollingBack ? 'rollback_paused' : 'paused');
    t.emit({ kind: 'pauseUpdate', message: t.state.stopMessage as string });
  } else if (rollingBack) {
    // "Never roll back a rollback": SwarmKit pauses without marking the update stopped, so the
    // remaining slots are dropped and the monitor loop still runs and completes it.
    const message = `rollback paused due to failure or early termination of task ${task.id}`;
    t.emit({ kind: 'pauseUpdate', message });
    t.state = { ...t.state, nextSlot: t.state.queue.length, status: 'rollback_paused', stopMessage: message };
    if (phase === 'monitoring') {
      t.emit({ kind: 'cancelTimer', timer: 'monitor' });
      completeUpdate(t);
      return t.enterPhase('done');
    }
    if (phase === 'choosing') t.enterPhase('draining');
    dispatch(t);
  } else {
    stopUpdate(t, `update rolled back due to failure or early termination of task ${task.id}`, 'rollback_started');
    t.emit({ kind: 'rollbackUpdate', message: t.state.stopMessage as string });
  }
}

function stopUpdate(t: Transition, message: string, status: UpdateState): void {
  if (t.state.phase === 'monitoring') t.emit({ kind: 'cancelTimer', timer: 'monitor' });
  t.state = { ...t.state, nextSlot: t.state.queue.length, status, stopMessage: message };
  t.enterPhase('stopped');
}

/** A one-line summary for traces and the `show: update` view. */
export function describeWorker(worker: Worker): string {
  if (worker.stage === 'idle') return 'idle';
  const slot = worker.slot === undefined ? '' : ` slot=${worker.slot}`;
  const task = worker.taskId === undefined ? '' : ` task=${worker.taskId}${worker.taskState === undefined ? '' : `(${worker.taskState})`}`;
  const wait = worker.waitTaskId === undefined ? '' : ` waiting-for=${worker.waitTaskId}`;
  return `${worker.stage}${slot}${task}${wait}`;
}

