/**
 * What the orchestrators and the restart supervisor ask the driver to do.
 * Apply in order; store changes go in one transaction per step result
 * (SwarmKit batches them the same way, `store.Batch`).
 *
 *   createTask       store.CreateTask(task)                      (ID already drawn)
 *   setDesiredState  raise the task's desired state (never lower it)
 *   deleteTask       store.DeleteTask(id)
 *   startTimer       arm a kernel timer; when due, step the orchestrator with
 *                    `{ kind: <timer>Timeout, taskId }`
 *   cancelTimer      cancel that timer if still armed
 *   updateSlots      hand the service's live slots to the rolling updater
 *                    (src/model/updater, driven by manager/services.ts)
 *   requeueRestart   step the orchestrator with `taskChanged` for this task
 *                    again at the next tick (SwarmKit's restart "waiter")
 */
import type { Micros } from '../../sim/types.js';
import type { Task, TaskState } from '../store/objects.js';

export type OrchestratorTimer = 'restartDelay' | 'restartWaitStop';

export type OrchestratorEffect =
  | { readonly kind: 'createTask'; readonly task: Task }
  | { readonly kind: 'setDesiredState'; readonly taskId: string; readonly desiredState: TaskState }
  | { readonly kind: 'deleteTask'; readonly taskId: string }
  | { readonly kind: 'startTimer'; readonly timer: OrchestratorTimer; readonly taskId: string; readonly afterUs: Micros }
  | { readonly kind: 'cancelTimer'; readonly timer: OrchestratorTimer; readonly taskId: string }
  | { readonly kind: 'updateSlots'; readonly serviceId: string; readonly slots: readonly (readonly string[])[] }
  | { readonly kind: 'requeueRestart'; readonly taskId: string };

export function describeOrchestratorEffect(effect: OrchestratorEffect): string {
  switch (effect.kind) {
    case 'createTask':
      return `createTask task=${effect.task.id} service=${effect.task.serviceId} slot=${effect.task.slot} node=${effect.task.nodeId || '-'} desired=${effect.task.desiredState}`;
    case 'setDesiredState':
      return `setDesiredState task=${effect.taskId} desired=${effect.desiredState}`;
    case 'deleteTask':
      return `deleteTask task=${effect.taskId}`;
    case 'startTimer':
      return `startTimer ${effect.timer} task=${effect.taskId} after=${effect.afterUs}us`;
    case 'cancelTimer':
      return `cancelTimer ${effect.timer} task=${effect.taskId}`;
    case 'updateSlots':
      return `updateSlots service=${effect.serviceId} slots=${effect.slots.map((s) => s.join('+')).join(',')}`;
    case 'requeueRestart':
      return `requeueRestart task=${effect.taskId}`;
  }
}
