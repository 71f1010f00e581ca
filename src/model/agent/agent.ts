/**
 * The agent of one node: its tasks' lifecycle as a pure step function, after
 * SwarmKit's `agent/exec/controller.go#Do` driven by moby's container executor
 * (swarm-services.md §3, §3.1):
 *
 *   assigned ─► accepted ─► preparing ──pull──► ready ─► starting ──start──► running ──exit──► complete | failed
 *                              │ (cached image: no pull)    ▲ desired READY parks here
 *                              └── pull: fail ─► rejected "No such image: <image>"
 *   any state < complete, desired ≥ shutdown ─► shutdown
 *
 * Messages as SwarmKit writes them: `accepted`, `preparing`, `prepared`,
 * `starting`, `started`, `finished`, `shutdown`. Errors keep the message of the
 * state they happened in (`fatal` leaves Message unchanged): a failed pull is
 * REJECTED with message `preparing` and Err `No such image: <image>`; a non-zero
 * exit is FAILED with message `started` and Err `task: non-zero exit (N)`.
 *
 * Modelling choices: a pull of an image that fails (`pull: fail`) fails at once
 * (the restart delay paces the retries); tasks on one node pulling the same
 * image share the first pull to finish; the image cache survives a daemon
 * restart; a start time of 0 moves starting → running in the same step.
 * Time comes in every input (`nowUs`); the agent never reads a clock.
 */
import { InvariantError } from '../raft/types.js';
import type { Micros } from '../../sim/types.js';
import type { TaskState, TaskStatus } from '../store/objects.js';
import { canTransition, stateAtMost, stateBefore } from '../tasks/states.js';
import type { AgentEffect, AgentTimer } from './effects.js';
import type { ImageCatalogue } from './images.js';
import { imageBehaviour, normalizeImageRef } from './images.js';
import { compareStrings, lowerBound } from '../../sim/order.js';
import { taskId } from '../tasks/task.js';

/** What the dispatcher hands the agent: a task at ASSIGNED or later. */
export interface AgentAssignment {
  readonly id: string;
  /** `ContainerSpec.Image` as stored (normalised for the cache and messages). */
  readonly image: string;
  readonly desiredState: TaskState;
}

export interface AgentTask {
  readonly id: string;
  /** Normalised reference. */
  readonly image: string;
  readonly desiredState: TaskState;
  readonly status: TaskStatus;
  /** The one timer armed for this task, if any. */
  readonly timer?: AgentTimer;
}

export interface AgentState {
  readonly nodeId: string;
  readonly images: ImageCatalogue;
  /** Normalised references in this node's image cache, sorted. */
  readonly cache: readonly string[];
  /**
   * The node's tasks, sorted by ID (compareStrings). A short array rather
   * than a record keyed by random IDs: a step copies it, and V8 copies a
   * 10-entry array in a few nanoseconds but such a record in a microsecond.
   */
  readonly tasks: readonly AgentTask[];
}

/** Where the task with this ID is in `tasks` (sorted), or where it would go (`found` false). */
function findTask(tasks: readonly AgentTask[], id: string): { readonly at: number; readonly found: boolean } {
  const at = lowerBound(tasks, id, taskId);
  return { at, found: tasks[at]?.id === id };
}

/** The agent's task with this ID, if it has one. */
export function agentTask(state: AgentState, id: string): AgentTask | undefined {
  const { at, found } = findTask(state.tasks, id);
  return found ? state.tasks[at] : undefined;
}

export type AgentInput =
  | { readonly kind: 'assign'; readonly nowUs: Micros; readonly task: AgentAssignment }
  | { readonly kind: 'desiredState'; readonly nowUs: Micros; readonly taskId: string; readonly desiredState: TaskState }
  | { readonly kind: 'pullTimeout'; readonly nowUs: Micros; readonly taskId: string }
  | { readonly kind: 'startTimeout'; readonly nowUs: Micros; readonly taskId: string }
  | { readonly kind: 'exitTimeout'; readonly nowUs: Micros; readonly taskId: string }
  /** The dispatcher no longer lists the task: drop it (and its container). */
  | { readonly kind: 'forget'; readonly taskId: string };

export interface AgentStepResult {
  readonly state: AgentState;
  readonly effects: readonly AgentEffect[];
}

export function newAgentState(options: { nodeId: string; images: ImageCatalogue; cache?: readonly string[] }): AgentState {
  const cache = [...new Set((options.cache ?? []).map(normalizeImageRef))].sort(compareStrings);
  return { nodeId: options.nodeId, images: options.images, cache, tasks: [] };
}

/** After a daemon restart: containers are gone, the image cache stays. */
export function agentRestarted(state: AgentState): AgentState {
  return { ...state, tasks: [] };
}

/** `Err` of a task whose image could not be pulled (swarm-services.md §3.1, Docker ≤ 29.5 wording). */
export function noSuchImageError(image: string): string {
  return `No such image: ${normalizeImageRef(image)}`;
}

/** `Err` of a container that exited non-zero (moby `controller.go#exitError.Error`). */
export function nonZeroExitError(code: number): string {
  return `task: non-zero exit (${code})`;
}

/** A mutable working copy for one step. */
class Step {
  readonly effects: AgentEffect[] = [];
  readonly tasks: AgentTask[];
  cache: readonly string[];

  constructor(
    readonly state: AgentState,
    readonly nowUs: Micros,
  ) {
    this.tasks = state.tasks.slice();
    this.cache = state.cache;
  }

  get(id: string): AgentTask | undefined {
    const { at, found } = findTask(this.tasks, id);
    return found ? this.tasks[at] : undefined;
  }

  /** Create or replace the task with this ID. */
  put(task: AgentTask): void {
    const { at, found } = findTask(this.tasks, task.id);
    if (found) this.tasks[at] = task;
    else this.tasks.splice(at, 0, task);
  }

  remove(id: string): void {
    const { at, found } = findTask(this.tasks, id);
    if (found) this.tasks.splice(at, 1);
  }

  result(): AgentStepResult {
    return { state: { ...this.state, cache: this.cache, tasks: this.tasks }, effects: this.effects };
  }

  isCached(image: string): boolean {
    return this.cache.includes(image);
  }

  addToCache(image: string): void {
    if (this.isCached(image)) return;
    this.cache = [...this.cache, image].sort(compareStrings);
    this.effects.push({ kind: 'cacheImage', image });
  }

  /** Move a task forward (never back), report it. */
  moveTo(task: AgentTask, update: { state: TaskState; message?: string; err?: string; exitCode?: number }): AgentTask {
    if (!canTransition(task.status.state, update.state)) {
      throw new InvariantError(`agent ${this.state.nodeId}: task ${task.id} cannot go from ${task.status.state} to ${update.state}`);
    }
    const status: TaskStatus = {
      state: update.state,
      timestamp: this.nowUs,
      message: update.message ?? task.status.message,
      err: update.err ?? '',
      ...(update.exitCode !== undefined ? { exitCode: update.exitCode } : {}),
    };
    const next: AgentTask = { ...task, status };
    this.put(next);
    this.effects.push({ kind: 'reportStatus', taskId: task.id, status });
    return next;
  }

  arm(task: AgentTask, timer: AgentTimer, afterUs: Micros): AgentTask {
    const next: AgentTask = { ...task, timer };
    this.put(next);
    this.effects.push({ kind: 'startTimer', timer, taskId: task.id, afterUs });
    return next;
  }

  disarm(task: AgentTask, options: { cancel: boolean }): AgentTask {
    if (task.timer === undefined) return task;
    if (options.cancel) this.effects.push({ kind: 'cancelTimer', timer: task.timer, taskId: task.id });
    const { timer: _timer, ...rest } = task;
    this.put(rest);
    return rest;
  }
}

/** PREPARING: pull unless cached; a failing image rejects the task. */
function prepare(step: Step, task: AgentTask): AgentTask {
  if (step.isCached(task.image)) return step.moveTo(task, { state: 'ready', message: 'prepared' });
  const behaviour = imageBehaviour(step.state.images, task.image);
  if (behaviour.pull === 'fail') return step.moveTo(task, { state: 'rejected', err: noSuchImageError(task.image) });
  return step.arm(task, 'pull', behaviour.pull);
}

/** RUNNING: arm the exit timer when the image exits on its own. */
function started(step: Step, task: AgentTask): AgentTask {
  const running = step.moveTo(task, { state: 'running', message: 'started' });
  const exit = imageBehaviour(step.state.images, task.image).exit;
  return exit === undefined ? running : step.arm(running, 'exit', exit.afterUs);
}

/** exec.Do, repeated until the task waits for a timer, parks, or ends. */
function drive(step: Step, initial: AgentTask): void {
  let task = initial;
  for (;;) {
    const state = task.status.state;
    if (!stateBefore(task.desiredState, 'shutdown')) {
      if (stateBefore(state, 'complete')) step.moveTo(step.disarm(task, { cancel: true }), { state: 'shutdown', message: 'shutdown', err: '' });
      return;
    }
    if (task.timer !== undefined) return;
    if (stateAtMost(state, 'assigned')) task = step.moveTo(task, { state: 'accepted', message: 'accepted' });
    else if (state === 'accepted') task = prepare(step, step.moveTo(task, { state: 'preparing', message: 'preparing' }));
    else if (state === 'ready' && !stateBefore(task.desiredState, 'running')) {
      task = step.moveTo(task, { state: 'starting', message: 'starting' });
      const startUs = imageBehaviour(step.state.images, task.image).startUs;
      task = startUs > 0 ? step.arm(task, 'start', startUs) : started(step, task);
    } else return;
  }
}

function onAssign(step: Step, assignment: AgentAssignment): void {
  const known = step.get(assignment.id);
  if (known !== undefined) return onDesiredState(step, assignment.id, assignment.desiredState);
  const task: AgentTask = {
    id: assignment.id,
    image: normalizeImageRef(assignment.image),
    desiredState: assignment.desiredState,
    status: { state: 'assigned', timestamp: step.nowUs, message: 'scheduler assigned task to node', err: '' },
  };
  step.put(task);
  drive(step, task);
}

function onDesiredState(step: Step, taskId: string, desiredState: TaskState): void {
  const task = step.get(taskId);
  if (task === undefined || stateBefore(desiredState, task.desiredState)) return;
  const next = { ...task, desiredState };
  step.put(next);
  drive(step, next);
}

function onPullTimeout(step: Step, taskId: string): void {
  const fired = step.get(taskId);
  if (fired?.timer !== 'pull') return;
  step.addToCache(fired.image);
  const waiting = step.tasks.filter((task) => task.timer === 'pull' && task.image === fired.image);
  for (const task of waiting) {
    const ready = step.moveTo(step.disarm(task, { cancel: task.id !== taskId }), { state: 'ready', message: 'prepared' });
    drive(step, ready);
  }
}

function onStartTimeout(step: Step, taskId: string): void {
  const task = step.get(taskId);
  if (task?.timer !== 'start') return;
  started(step, step.disarm(task, { cancel: false }));
}

function onExitTimeout(step: Step, taskId: string): void {
  const task = step.get(taskId);
  if (task?.timer !== 'exit') return;
  const code = imageBehaviour(step.state.images, task.image).exit?.code ?? 0;
  const idle = step.disarm(task, { cancel: false });
  if (code === 0) step.moveTo(idle, { state: 'complete', message: 'finished', exitCode: 0 });
  else step.moveTo(idle, { state: 'failed', err: nonZeroExitError(code), exitCode: code });
}

function onForget(step: Step, taskId: string): void {
  const task = step.get(taskId);
  if (task === undefined) return;
  step.disarm(task, { cancel: true });
  step.remove(taskId);
}

/** One input → the agent's next state and the effects to apply, in order. */
export function step(state: AgentState, input: AgentInput): AgentStepResult {
  const work = new Step(state, input.kind === 'forget' ? (0 as Micros) : input.nowUs);
  switch (input.kind) {
    case 'assign':
      onAssign(work, input.task);
      break;
    case 'desiredState':
      onDesiredState(work, input.taskId, input.desiredState);
      break;
    case 'pullTimeout':
      onPullTimeout(work, input.taskId);
      break;
    case 'startTimeout':
      onStartTimeout(work, input.taskId);
      break;
    case 'exitTimeout':
      onExitTimeout(work, input.taskId);
      break;
    case 'forget':
      onForget(work, input.taskId);
      break;
  }
  return work.result();
}
