/**
 * Making tasks and changing their desired state, the way SwarmKit's
 * `orchestrator/task.go#NewTask` does: state NEW, message `created`, desired
 * RUNNING, the service's current spec and spec version, slot (replicated) or
 * node ID (global). IDs come from the caller (the wiring draws them from the
 * seeded stream), so this stays pure.
 */
import type { Micros } from '../../sim/types.js';
import type { Service, Task, TaskState } from '../store/objects.js';
import { canSetDesired } from './states.js';

export interface NewTaskOptions {
  readonly id: string;
  readonly service: Service;
  /** Replicated: the slot number (≥ 1); global: 0. */
  readonly slot: number;
  /** Global: the node the task is for; replicated: ''. */
  readonly nodeId: string;
  readonly nowUs: Micros;
  /** RUNNING for a new slot; READY for restart and update replacements. */
  readonly desiredState?: TaskState;
}

export function newTask(options: NewTaskOptions): Task {
  const { service } = options;
  return {
    id: options.id,
    version: 0,
    createdAt: options.nowUs,
    updatedAt: options.nowUs,
    serviceId: service.id,
    slot: options.slot,
    nodeId: options.nodeId,
    spec: service.spec.task,
    specVersion: service.specVersion,
    endpoint: service.spec.endpoint,
    desiredState: options.desiredState ?? 'running',
    status: { state: 'new', timestamp: options.nowUs, message: 'created', err: '' },
  };
}

/**
 * The task with its desired state raised to `desired`, or the same task when
 * that would lower it ("time travel is not allowed",
 * `replicated/services.go#setTasksDesiredState`).
 */
export function withDesiredState(task: Task, desired: TaskState): Task {
  if (!canSetDesired(task.desiredState, desired) || task.desiredState === desired) return task;
  return { ...task, desiredState: desired };
}

/** A task's ID (or an agent's task's): the key ID-sorted task lists are searched by (`lowerBound`). */
export const taskId = (task: { readonly id: string }): string => task.id;
