/**
 * Task states as SwarmKit orders them (`swarmkit api/types.proto#TaskState`).
 * The values are spaced by 64 and compared numerically, "a lamport clock":
 * a task's observed state only ever moves to a greater value, and so does its
 * desired state (`orchestrator/service.go#SetServiceTasksRemove` never lowers
 * it; the dispatcher drops agent updates that would lower the state,
 * `dispatcher.go#processUpdates`). swarm-services.md §1, §3.
 */
import type { TaskState } from '../store/objects.js';

/** Every state in proto order, with its numeric value. */
export const TASK_STATE_VALUES: Readonly<Record<TaskState, number>> = {
  new: 0,
  pending: 64,
  assigned: 192,
  accepted: 256,
  preparing: 320,
  ready: 384,
  starting: 448,
  running: 512,
  complete: 576,
  shutdown: 640,
  failed: 704,
  rejected: 768,
  remove: 800,
  orphaned: 832,
};

/** The states in order (NEW first, ORPHANED last). */
export const TASK_STATES: readonly TaskState[] = [
  'new',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
  'running',
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'remove',
  'orphaned',
];

/** The states an orchestrator, updater or controlapi writes as desired state. */
export const DESIRED_STATES: readonly TaskState[] = ['ready', 'running', 'complete', 'shutdown', 'remove'];

export function taskStateValue(state: TaskState): number {
  return TASK_STATE_VALUES[state];
}

/** Negative when `a` comes before `b` in SwarmKit's order. */
export function compareTaskStates(a: TaskState, b: TaskState): number {
  return TASK_STATE_VALUES[a] - TASK_STATE_VALUES[b];
}

export function stateBefore(a: TaskState, b: TaskState): boolean {
  return TASK_STATE_VALUES[a] < TASK_STATE_VALUES[b];
}

export function stateAtMost(a: TaskState, b: TaskState): boolean {
  return TASK_STATE_VALUES[a] <= TASK_STATE_VALUES[b];
}

export function stateAfter(a: TaskState, b: TaskState): boolean {
  return TASK_STATE_VALUES[a] > TASK_STATE_VALUES[b];
}

/** An observed-state transition is allowed only forwards (strictly greater). */
export function canTransition(from: TaskState, to: TaskState): boolean {
  return TASK_STATE_VALUES[to] > TASK_STATE_VALUES[from];
}

/** A desired-state change is allowed only to a state not below the current one. */
export function canSetDesired(current: TaskState, next: TaskState): boolean {
  return DESIRED_STATES.includes(next) && TASK_STATE_VALUES[next] >= TASK_STATE_VALUES[current];
}

/** Past RUNNING: the container is gone (COMPLETE, SHUTDOWN, FAILED, REJECTED, REMOVE, ORPHANED). */
export function isTerminal(state: TaskState): boolean {
  return TASK_STATE_VALUES[state] > TASK_STATE_VALUES.running;
}

/** The scheduler tracks tasks from PENDING to RUNNING (`scheduler.go#createTask`). */
export function isSchedulerTracked(state: TaskState): boolean {
  const v = TASK_STATE_VALUES[state];
  return v >= TASK_STATE_VALUES.pending && v <= TASK_STATE_VALUES.running;
}

/** Docker's PrettyPrint: first letter upper-cased (`running` → `Running`). */
export function prettyTaskState(state: TaskState): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}
