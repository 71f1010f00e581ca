/**
 * The rolling updater's state, inputs and effects (swarm-services.md §6).
 *
 *   phase (the updater loop)        worker stage (one per parallelism unit)
 *   idle ─run─▶ choosing ──────┐     idle ─take slot─▶ stopping ─old stopped / node down / 1 min─▶ starting
 *                 │ queue empty│                  └──(start-first, or nothing to stop)────────▶ starting
 *                 ▼            │     starting ─new task ≥ RUNNING─▶ delaying ─delay timer─▶ idle
 *              draining        │                                └──(delay 0)──────────────▶ idle
 *                 │ workers idle
 *                 ▼            │ failure over the ratio: pause │ rollback
 *              monitoring ─────┴──────────────────────────────▶ stopped
 *                 │ monitor timer
 *                 ▼
 *                done (completeUpdate)
 *
 * Docker's visible states (`updating`, `paused`, `completed`,
 * `rollback_started`, `rollback_paused`, `rollback_completed`) are `status`,
 * what this updater has asked the store to record.
 *
 * Effect contract (the driver applies them in order, store changes in one
 * transaction with the rest of its pass):
 *   createTask        store.CreateTask (desired READY, ID drawn by the driver)
 *   setDesiredState   raise a task's desired state (never lower it)
 *   startTimer        arm a kernel timer keyed (service, timer); when due,
 *                     step with `{ kind: 'timeout', timer }`
 *   cancelTimer       cancel it if armed
 *   startUpdate | pauseUpdate | rollbackUpdate | completeUpdate
 *                     SwarmKit's store updates of UpdateStatus, applied to the
 *                     service as it stands in the store (`status.ts`)
 */
import type { Micros } from '../../sim/types.js';
import type { Node, Service, Task, TaskState, UpdateState } from '../store/objects.js';
import type { UpdateSettings } from './config.js';

export type UpdaterPhase = 'idle' | 'choosing' | 'draining' | 'monitoring' | 'stopped' | 'done';
export type WorkerStage = 'idle' | 'stopping' | 'starting' | 'delaying';

/** A slot as handed to the updater: its updatable tasks (replicated: one slot number; global: one node). */
export interface UpdateSlot {
  /** Slot number (replicated) or node ID (global), for display. */
  readonly label: string;
  readonly tasks: readonly Task[];
}

export interface Worker {
  readonly stage: WorkerStage;
  readonly slot?: string;
  /** The task this worker brings up (a new one, or a clean one it reuses). */
  readonly taskId?: string;
  /** Latest observed state of that task. */
  readonly taskState?: TaskState;
  /** Stop-first: the old task whose stop the new one waits for. */
  readonly waitTaskId?: string;
  readonly waitNodeId?: string;
  /** Start-first: old tasks shut down once the new one is RUNNING. */
  readonly oldTaskIds: readonly string[];
  readonly startFirst: boolean;
}

export interface UpdaterState {
  readonly serviceId: string;
  /** The service as the update started (SwarmKit's `newService` snapshot). */
  readonly service: Service | undefined;
  /** The nodes as the update started (placement-only changes keep tasks whose node still matches). */
  readonly nodes: Readonly<Record<string, Node>>;
  readonly phase: UpdaterPhase;
  /** Docker's visible state as this updater last set or found it (undefined: none yet). */
  readonly status: UpdateState | undefined;
  readonly settings: UpdateSettings | undefined;
  /** The dirty slots, in order; those from `nextSlot` on are not taken yet. */
  readonly queue: readonly UpdateSlot[];
  readonly nextSlot: number;
  readonly dirtySlots: number;
  readonly workers: readonly Worker[];
  /**
   * Tasks this update created → when first seen at or past RUNNING (null: not
   * yet). Append-only and owned by this updater: a step extends it in place
   * (copying 10,000 entries on every step was most of the update benchmark),
   * so an earlier state object shares it; drivers keep only the latest state.
   */
  readonly updatedTasks: ReadonlyMap<string, Micros | null>;
  /** Failures seen while the last workers finish, read when monitoring starts (SwarmKit's buffered watch). */
  readonly bufferedFailures: readonly string[];
  /** Failed tasks already counted, sorted. */
  readonly failures: readonly string[];
  /** Slots whose task this update brought up. */
  readonly updatedSlots: number;
  /** The reason the update stopped (the pause / rollback message). */
  readonly stopMessage?: string;
}

export interface StepContext {
  readonly nowUs: Micros;
  readonly newTaskId: () => string;
}

export type UpdaterTimer = `delay/${number}` | `oldTask/${number}` | 'monitor';

export type UpdaterInput =
  | { readonly kind: 'run'; readonly service: Service; readonly slots: readonly UpdateSlot[]; readonly nodes: Readonly<Record<string, Node>> }
  | { readonly kind: 'taskChanged'; readonly task: Task }
  | { readonly kind: 'nodeDown'; readonly nodeId: string }
  | { readonly kind: 'timeout'; readonly timer: UpdaterTimer };

export type StatusEffect =
  | { readonly kind: 'startUpdate' }
  | { readonly kind: 'pauseUpdate'; readonly message: string }
  | { readonly kind: 'rollbackUpdate'; readonly message: string }
  | { readonly kind: 'completeUpdate' };

export type UpdaterEffect =
  | { readonly kind: 'createTask'; readonly task: Task }
  | { readonly kind: 'setDesiredState'; readonly taskId: string; readonly desiredState: TaskState }
  | { readonly kind: 'startTimer'; readonly timer: UpdaterTimer; readonly afterUs: Micros }
  | { readonly kind: 'cancelTimer'; readonly timer: UpdaterTimer }
  | StatusEffect;

export interface UpdaterResult {
  readonly state: UpdaterState;
  readonly effects: readonly UpdaterEffect[];
}

export function initialUpdaterState(serviceId: string): UpdaterState {
  return {
    serviceId,
    service: undefined,
    nodes: {},
    phase: 'idle',
    status: undefined,
    settings: undefined,
    queue: [],
    nextSlot: 0,
    dirtySlots: 0,
    workers: [],
    updatedTasks: new Map(),
    bufferedFailures: [],
    failures: [],
    updatedSlots: 0,
  };
}

/** Dirty slots not yet handed to a worker. */
export function remainingSlots(state: UpdaterState): number {
  return state.queue.length - state.nextSlot;
}

export function describeUpdaterEffect(effect: UpdaterEffect): string {
  switch (effect.kind) {
    case 'createTask':
      return `createTask task=${effect.task.id} slot=${effect.task.slot} node=${effect.task.nodeId || '-'} desired=${effect.task.desiredState}`;
    case 'setDesiredState':
      return `setDesiredState task=${effect.taskId} desired=${effect.desiredState}`;
    case 'startTimer':
      return `startTimer ${effect.timer} after=${effect.afterUs}us`;
    case 'cancelTimer':
      return `cancelTimer ${effect.timer}`;
    case 'pauseUpdate':
    case 'rollbackUpdate':
      return `${effect.kind} "${effect.message}"`;
    default:
      return effect.kind;
  }
}
