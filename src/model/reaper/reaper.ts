/**
 * Task history reaper (`swarmkit manager/orchestrator/taskreaper/task_reaper.go`;
 * swarm-services.md §10). Pure: the driver reports task creations and updates
 * and ticks it (SwarmKit: every 250 ms, or at once past 1000 dirty entries).
 *
 * A created task marks its instance dirty: (service, slot) for replicated,
 * (service, node) for global. On tick, an instance with more tasks than the
 * limit (cluster `taskHistoryRetentionLimit`, default 5; `MaxAttempts + 1`
 * when the service sets MaxAttempts; < 0 keeps all) loses its oldest tasks
 * that are terminal (past RUNNING) or will never run (before ASSIGNED with
 * desired past RUNNING), until it is within the limit. Separately, a task
 * with desired REMOVE is deleted as soon as it is before ASSIGNED or at/after
 * COMPLETE (scale-down, service rm).
 */
import { compareStrings } from '../../sim/order.js';
import type { Service, Task } from '../store/objects.js';
import { stateAfter, stateBefore } from '../tasks/states.js';
import { type HistoryIndex, instanceTasks, updateHistoryIndex } from './history-index.js';
import { SortedKeys } from './sorted-keys.js';

export const DEFAULT_TASK_HISTORY_LIMIT = 5;

export interface ReaperState {
  /** Dirty instances: `<serviceId>|<slot>|<nodeId>`. */
  readonly dirty: SortedKeys;
  /** Task IDs to delete at the next tick. */
  readonly cleanup: SortedKeys;
  /** The instances' tasks as of the last tick (./history-index.ts); undefined before the second, or when the tasks were not sorted by ID. */
  readonly index?: HistoryIndex | undefined;
  /** Has it ticked? The first tick walks the tasks and builds no index (filing every task costs more than one walk; a leader creating one service ticks once). */
  readonly ticked?: boolean;
}

export const INITIAL_REAPER_STATE: ReaperState = { dirty: SortedKeys.EMPTY, cleanup: SortedKeys.EMPTY };

export type ReaperInput =
  | { readonly kind: 'taskCreated'; readonly task: Task }
  | { readonly kind: 'taskUpdated'; readonly task: Task }
  | {
      readonly kind: 'tick';
      readonly services: readonly Service[];
      readonly tasks: readonly Task[];
      /** Cluster `taskHistoryRetentionLimit`. */
      readonly historyLimit: number;
    };

export type ReaperEffect = { readonly kind: 'deleteTask'; readonly taskId: string };

function instanceKey(task: Task): string {
  return `${task.serviceId}|${task.slot}|${task.nodeId}`;
}

export function step(state: ReaperState, input: ReaperInput): { state: ReaperState; effects: ReaperEffect[] } {
  switch (input.kind) {
    case 'taskCreated':
      return { state: { ...state, dirty: state.dirty.with(instanceKey(input.task)) }, effects: [] };
    case 'taskUpdated': {
      const t = input.task;
      const removable = t.desiredState === 'remove' && (stateBefore(t.status.state, 'assigned') || !stateBefore(t.status.state, 'complete'));
      const orphan = t.serviceId === '' && !stateBefore(t.status.state, 'orphaned');
      return { state: removable || orphan ? { ...state, cleanup: state.cleanup.with(t.id) } : state, effects: [] };
    }
    case 'tick':
      return onTick(state, input);
  }
}

export function isTerminal(task: Task): boolean {
  return stateAfter(task.status.state, 'running');
}

export function willNeverRun(task: Task): boolean {
  return stateBefore(task.status.state, 'assigned') && stateAfter(task.desiredState, 'running');
}

/** An instance's tasks (in no particular order): replicated by (service, slot), global by (service, node). */
type HistoryOf = (serviceId: string, global: boolean, slot: number, nodeId: string) => readonly Task[];

/** Without an index: one walk over the tasks (every task, so one map lookup each), keeping only the dirty instances'. */
function walkHistories(dirty: readonly string[], services: ReadonlyMap<string, Service>, tasks: readonly Task[]): HistoryOf {
  // The dirty instances' slots (replicated) or nodes (global), by service.
  const wanted = new Map<string, { readonly global: boolean; readonly parts: Set<number | string> }>();
  for (const key of dirty) {
    const [serviceId = '', slotText = '0', nodeId = ''] = key.split('|');
    const service = services.get(serviceId);
    if (!service) continue;
    const global = service.spec.mode.kind === 'global';
    let want = wanted.get(serviceId);
    if (want === undefined) wanted.set(serviceId, (want = { global, parts: new Set() }));
    want.parts.add(global ? nodeId : Number(slotText));
  }
  const byInstance = new Map<string, Task[]>();
  for (const t of tasks) {
    const want = wanted.get(t.serviceId);
    if (want === undefined) continue;
    const global = want.global;
    if (!want.parts.has(global ? t.nodeId : t.slot)) continue;
    const key = global ? `${t.serviceId}|n|${t.nodeId}` : `${t.serviceId}|s|${t.slot}`;
    let list = byInstance.get(key);
    if (list === undefined) byInstance.set(key, (list = []));
    list.push(t);
  }
  return (serviceId, global, slot, nodeId) => byInstance.get(global ? `${serviceId}|n|${nodeId}` : `${serviceId}|s|${slot}`) ?? [];
}

function onTick(
  state: ReaperState,
  input: { readonly services: readonly Service[]; readonly tasks: readonly Task[]; readonly historyLimit: number },
): { state: ReaperState; effects: ReaperEffect[] } {
  const doomed = new Set(state.cleanup);
  const services = new Map(input.services.map((s) => [s.id, s]));
  const stillDirty: string[] = [];
  const dirty = state.dirty.toArray();
  const globalServices = input.services.filter((s) => s.spec.mode.kind === 'global').map((s) => s.id).sort(compareStrings);
  const index = state.ticked === true ? updateHistoryIndex(state.index, input.tasks, globalServices) : undefined;
  const historyOf: HistoryOf =
    index === undefined
      ? walkHistories(dirty, services, input.tasks)
      : (serviceId, global, slot, nodeId) => instanceTasks(index, serviceId, global, slot, nodeId);
  for (const key of dirty) {
    const [serviceId = '', slotText = '0', nodeId = ''] = key.split('|');
    const service = services.get(serviceId);
    if (!service) continue;
    const maxAttempts = service.spec.task.restartPolicy.maxAttempts;
    let limit = maxAttempts > 0 ? maxAttempts + 1 : input.historyLimit;
    if (limit < 0) continue;
    const global = service.spec.mode.kind === 'global';
    const history = [...historyOf(serviceId, global, Number(slotText), nodeId)]
      .sort((a, b) => a.status.timestamp - b.status.timestamp || compareStrings(a.id, b.id));
    if (history.length <= limit) continue;
    let live = 0;
    for (const task of history) {
      if (isTerminal(task) || willNeverRun(task)) {
        doomed.add(task.id);
        limit++;
        if (history.length <= limit) break;
      } else {
        live++;
      }
    }
    if (live > 1) stillDirty.push(key);
  }
  const effects = [...doomed].sort(compareStrings).map((taskId) => ({ kind: 'deleteTask' as const, taskId }));
  return { state: { dirty: SortedKeys.fromSorted(stillDirty), cleanup: SortedKeys.EMPTY, index, ticked: true }, effects };
}
