/**
 * The orchestrators' event loop as one pure step (`replicated.go#Run`,
 * `global.go#Run`; swarm-services.md §4, §7, §8). Store events mark work;
 * `tick` does it: queued restarts first (`tickTasks`), then reconciles of the
 * marked services (`tickServices`), as SwarmKit does on every commit.
 *
 *   step(state, input) → { state, effects }   (effects: ./effects.ts)
 *
 * Handlers are named after their inputs: onServiceChanged, onServiceDeleted,
 * onTaskChanged, onTaskDeleted, onNodeChanged, onTick, and the restart
 * supervisor's timers (restartDelayTimeout, restartWaitStopTimeout) and
 * taskStopped. Time and fresh task IDs come in the input.
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros } from '../../sim/types.js';
import type { Node, Service, Task } from '../store/objects.js';
import { stateAfter, stateAtMost } from '../tasks/states.js';
import { TaskBook } from './book.js';
import type { OrchestratorEffect } from './effects.js';
import { isGlobalEligible, reconcileGlobal, restartGlobalTask } from './global.js';
import { reconcileReplicated } from './replicated.js';
import {
  INITIAL_RESTART_STATE,
  type RestartState,
  clearServiceHistory,
  onOldTaskStopped,
  onRestartDelayTimeout,
  onRestartWaitStopTimeout,
  rebuildRestartHistory,
  restartTask,
} from './restart.js';

export interface OrchestratorState {
  readonly restart: RestartState;
  /** Task IDs queued for a restart decision (sorted). */
  readonly restartQueue: readonly string[];
  /** Service IDs to reconcile at the next tick (sorted). */
  readonly dirtyServices: readonly string[];
  /** The restart history was rebuilt from the store (at the first tick, as a new leader's `CheckTasks`). */
  readonly restored: boolean;
}

export const INITIAL_ORCHESTRATOR_STATE: OrchestratorState = {
  restart: INITIAL_RESTART_STATE,
  restartQueue: [],
  dirtyServices: [],
  restored: false,
};

/** A read-only snapshot of the store. */
export interface OrchestratorView {
  readonly services: readonly Service[];
  readonly tasks: readonly Task[];
  readonly nodes: readonly Node[];
}

export type OrchestratorInput =
  | { readonly kind: 'serviceChanged'; readonly serviceId: string }
  | { readonly kind: 'serviceDeleted'; readonly serviceId: string; readonly tasks: readonly Task[] }
  | { readonly kind: 'taskChanged'; readonly task: Task; readonly node: Node | undefined }
  | { readonly kind: 'taskDeleted'; readonly task: Task; readonly service: Service | undefined }
  | { readonly kind: 'nodeChanged'; readonly node: Node; readonly view: OrchestratorView }
  | { readonly kind: 'nodeDeleted'; readonly nodeId: string; readonly view: OrchestratorView }
  | { readonly kind: 'tick'; readonly nowUs: Micros; readonly view: OrchestratorView; readonly newTaskId: () => string }
  | { readonly kind: 'restartDelayTimeout'; readonly taskId: string; readonly view: OrchestratorView }
  | { readonly kind: 'restartWaitStopTimeout'; readonly taskId: string; readonly view: OrchestratorView }
  | { readonly kind: 'taskStopped'; readonly taskId: string; readonly view: OrchestratorView };

export interface OrchestratorResult {
  readonly state: OrchestratorState;
  readonly effects: readonly OrchestratorEffect[];
}

function addSorted(list: readonly string[], ids: readonly string[]): string[] {
  return [...new Set([...list, ...ids])].sort(compareStrings);
}

/** `orchestrator/task.go#InvalidNode`: gone, DOWN or DRAIN (PAUSE and UNKNOWN are fine). */
export function invalidNode(node: Node | undefined): boolean {
  return node === undefined || node.status.state === 'down' || node.spec.availability === 'drain';
}

export function step(state: OrchestratorState, input: OrchestratorInput): OrchestratorResult {
  switch (input.kind) {
    case 'serviceChanged':
      return { state: { ...state, dirtyServices: addSorted(state.dirtyServices, [input.serviceId]) }, effects: [] };
    case 'serviceDeleted':
      return onServiceDeleted(state, input.serviceId, input.tasks);
    case 'taskChanged':
      return onTaskChanged(state, input.task, input.node);
    case 'taskDeleted':
      return onTaskDeleted(state, input.task, input.service);
    case 'nodeChanged':
      return onNodeChanged(state, input.node.id, input.view);
    case 'nodeDeleted':
      return onNodeChanged(state, input.nodeId, input.view);
    case 'tick':
      return onTick(state, input);
    case 'restartDelayTimeout':
      return withBook(state, input.view, (book) => onRestartDelayTimeout(state.restart, book, input.taskId));
    case 'restartWaitStopTimeout':
      return withBook(state, input.view, (book) => onRestartWaitStopTimeout(state.restart, book, input.taskId));
    case 'taskStopped':
      return withBook(state, input.view, (book) => onOldTaskStopped(state.restart, book, input.taskId));
  }
}

function withBook(
  state: OrchestratorState,
  view: OrchestratorView,
  run: (book: TaskBook) => RestartState,
): OrchestratorResult {
  const book = new TaskBook(view.tasks);
  const restart = run(book);
  return { state: { ...state, restart }, effects: book.effects };
}

/** Service deleted: every task to desired REMOVE (`SetServiceTasksRemove`), restart history cleared. */
function onServiceDeleted(state: OrchestratorState, serviceId: string, tasks: readonly Task[]): OrchestratorResult {
  const book = new TaskBook(tasks);
  for (const task of [...tasks].sort((a, b) => compareStrings(a.id, b.id))) book.setDesired(task.id, 'remove');
  const dirtyServices = state.dirtyServices.filter((id) => id !== serviceId);
  return { state: { ...state, dirtyServices, restart: clearServiceHistory(state.restart, serviceId) }, effects: book.effects };
}

/** `replicated/tasks.go#handleTaskChange` (global: the same test, `global.go#handleTaskChange`). */
function onTaskChanged(state: OrchestratorState, task: Task, node: Node | undefined): OrchestratorResult {
  if (stateAfter(task.desiredState, 'running')) return { state, effects: [] };
  const failed = stateAfter(task.status.state, 'running');
  if (!failed && !(task.nodeId !== '' && invalidNode(node))) return { state, effects: [] };
  return { state: { ...state, restartQueue: addSorted(state.restartQueue, [task.id]) }, effects: [] };
}

/** A deleted live replicated task is replaced (its service is reconciled); a global one is not. */
function onTaskDeleted(state: OrchestratorState, task: Task, service: Service | undefined): OrchestratorResult {
  if (service?.spec.mode.kind !== 'replicated' || stateAfter(task.desiredState, 'running')) return { state, effects: [] };
  return { state: { ...state, dirtyServices: addSorted(state.dirtyServices, [service.id]) }, effects: [] };
}

/**
 * Node created, updated or deleted. Replicated: an invalid node's live tasks
 * are queued for restart (`restartTasksByNodeID`). Global: a drained or down
 * node's tasks go to desired SHUTDOWN; every global service is reconciled.
 */
function onNodeChanged(state: OrchestratorState, nodeId: string, view: OrchestratorView): OrchestratorResult {
  const node = view.nodes.find((n) => n.id === nodeId);
  const services = new Map(view.services.map((s) => [s.id, s]));
  const book = new TaskBook(view.tasks);
  const queue: string[] = [];
  for (const task of view.tasks.filter((t) => t.nodeId === nodeId).sort((a, b) => compareStrings(a.id, b.id))) {
    const mode = services.get(task.serviceId)?.spec.mode.kind;
    if (mode === 'replicated' && invalidNode(node) && stateAtMost(task.desiredState, 'running')) queue.push(task.id);
    if (mode === 'global' && (!node || !isGlobalEligible(node))) book.setDesired(task.id, 'shutdown');
  }
  const globals = view.services.filter((s) => s.spec.mode.kind === 'global').map((s) => s.id);
  return {
    state: {
      ...state,
      restartQueue: addSorted(state.restartQueue, queue),
      dirtyServices: addSorted(state.dirtyServices, globals),
    },
    effects: book.effects,
  };
}

/** `tickTasks` then `tickServices`. */
function onTick(
  state: OrchestratorState,
  input: { readonly nowUs: Micros; readonly view: OrchestratorView; readonly newTaskId: () => string },
): OrchestratorResult {
  const { view, nowUs, newTaskId } = input;
  // The book reads the tasks only when a restart or reconcile needs them (the leader sorts them on demand).
  const book = new TaskBook({ [Symbol.iterator]: () => view.tasks[Symbol.iterator]() });
  const services = new Map(view.services.map((s) => [s.id, s]));
  // Nodes by ID only when a restart needs one: most ticks restart nothing, and a large cluster has 1,000 nodes.
  let nodes: Map<string, Node> | undefined;
  const nodeOf = (id: string): Node | undefined => (nodes ??= new Map(view.nodes.map((n) => [n.id, n]))).get(id);
  // A fresh orchestrator (a new leader) first rebuilds the restart history from the stored tasks.
  let restart = state.restored ? state.restart : rebuildRestartHistory(state.restart, view.services, view.tasks);
  for (const taskId of state.restartQueue) {
    const task = book.get(taskId);
    const service = task && services.get(task.serviceId);
    if (!task || !service || stateAfter(task.desiredState, 'running')) continue;
    if (service.spec.mode.kind === 'global') {
      restart = restartGlobalTask(book, task, { service, nodes: view.nodes, restart, nowUs, newTaskId });
    } else {
      restart = restartTask(restart, book, task, { service, node: nodeOf(task.nodeId), nowUs, newTaskId });
    }
  }
  for (const serviceId of state.dirtyServices) {
    const service = services.get(serviceId);
    if (!service) continue;
    if (service.spec.mode.kind === 'replicated') reconcileReplicated(book, { service, restart, nowUs, newTaskId });
    else reconcileGlobal(book, { service, nodes: view.nodes, restart, nowUs, newTaskId });
  }
  return { state: { restart, restartQueue: [], dirtyServices: [], restored: true }, effects: book.effects };
}
