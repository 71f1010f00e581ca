/**
 * The leader's update supervisor (`swarmkit manager/orchestrator/update/
 * updater.go#Supervisor`): one pure updater (`../updater`) per service with
 * an update under way, driven from the leader's service loop (services.ts).
 *
 * - The orchestrators' `updateSlots` effect asks for an update of those
 *   slots: an updater already working toward a deep-equal spec keeps going;
 *   otherwise the old one is cancelled (its timers too) and a new one runs.
 * - Store events of the pass reach the updaters: task changes (`taskChanged`)
 *   and nodes going down or away (`nodeDown`).
 * - Timer effects become kernel timers; a due timer queues its `timeout`
 *   and asks for a pass. Task effects go to the pass's working set, status
 *   effects become `update-service-status` changes applied against the
 *   service as it stands when the entry applies. All in the pass's one
 *   transaction.
 * - A new leader starts with no updaters: its first pass reconciles every
 *   service, so each update resumes from the store (status `updating` or
 *   `rollback_started`; `paused` stays paused), as SwarmKit's does.
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros, TimerId } from '../../sim/types.js';
import type { Node, StoreObjects, Task, TaskState } from '../store/objects.js';
import type { Change } from '../store/store.js';
import {
  type UpdateSlot,
  type UpdaterInput,
  type UpdaterState,
  type UpdaterTimer,
  initialUpdaterState,
  isFinished,
  specEqual,
  step,
} from '../updater/index.js';

/** What the driver needs of the pass's working set. */
export interface UpdateWork {
  task(id: string): Task | undefined;
  readonly changes: Change[];
  create(task: Task): void;
  desire(id: string, desiredState: TaskState): void;
}

export interface UpdateClock {
  schedule(label: string, afterUs: number, fn: () => void): TimerId;
  cancel(timer: TimerId): void;
  requestPass(): void;
}

export interface PassContext {
  readonly work: UpdateWork;
  readonly nowUs: Micros;
  readonly newTaskId: () => string;
}

export class UpdateSupervisor {
  private readonly updaters = new Map<string, UpdaterState>();
  private readonly timers = new Map<string, TimerId>();
  private readonly dueTimeouts: { serviceId: string; timer: UpdaterTimer }[] = [];
  private readonly requests: { serviceId: string; slots: readonly (readonly string[])[] }[] = [];

  constructor(private readonly clock: UpdateClock) {}

  /** The updaters under way, by service ID (for the `update` view). */
  get active(): ReadonlyMap<string, UpdaterState> {
    return this.updaters;
  }

  /** `updateSlots` from the orchestrators; handled after their tick (`runRequests`). */
  request(serviceId: string, slots: readonly (readonly string[])[]): void {
    this.requests.push({ serviceId, slots });
  }

  stop(): void {
    for (const timer of this.timers.values()) this.clock.cancel(timer);
    this.timers.clear();
    this.updaters.clear();
  }

  onTaskChanged(ctx: PassContext, task: Task): void {
    if (this.updaters.has(task.serviceId)) this.drive(ctx, task.serviceId, { kind: 'taskChanged', task });
  }

  onNodeDown(ctx: PassContext, nodeId: string): void {
    for (const serviceId of [...this.updaters.keys()].sort(compareStrings)) this.drive(ctx, serviceId, { kind: 'nodeDown', nodeId });
  }

  /** Timers that fired since the last pass. */
  runTimeouts(ctx: PassContext): void {
    for (const { serviceId, timer } of this.dueTimeouts.splice(0)) this.drive(ctx, serviceId, { kind: 'timeout', timer });
  }

  /** `Supervisor.Update` for each request of this pass, in order. */
  runRequests(ctx: PassContext, store: StoreObjects, nodes: Readonly<Record<string, Node>>): void {
    for (const { serviceId, slots } of this.requests.splice(0)) {
      const service = store.services[serviceId];
      if (service === undefined) continue;
      const running = this.updaters.get(serviceId);
      if (running !== undefined && specEqual(running.service?.spec, service.spec)) continue;
      this.cancel(serviceId);
      const updateSlots: UpdateSlot[] = [];
      for (const ids of slots) {
        const tasks = ids.map((id) => ctx.work.task(id)).filter((task): task is Task => task !== undefined);
        const first = tasks[0];
        if (first === undefined) continue;
        updateSlots.push({ label: service.spec.mode.kind === 'global' ? first.nodeId : String(first.slot), tasks });
      }
      this.updaters.set(serviceId, initialUpdaterState(serviceId));
      this.drive(ctx, serviceId, { kind: 'run', service, slots: updateSlots, nodes });
    }
  }

  /** A service deleted: its updater goes (SwarmKit cancels it with the service). */
  cancel(serviceId: string): void {
    this.updaters.delete(serviceId);
    const due = this.dueTimeouts.filter((t) => t.serviceId !== serviceId);
    this.dueTimeouts.splice(0, this.dueTimeouts.length, ...due);
    for (const key of [...this.timers.keys()]) {
      if (!key.startsWith(`${serviceId}|`)) continue;
      this.clock.cancel(this.timers.get(key) as TimerId);
      this.timers.delete(key);
    }
  }

  private drive(ctx: PassContext, serviceId: string, input: UpdaterInput): void {
    const state = this.updaters.get(serviceId);
    if (state === undefined) return;
    const result = step(state, input, { nowUs: ctx.nowUs, newTaskId: ctx.newTaskId });
    this.updaters.set(serviceId, result.state);
    for (const effect of result.effects) {
      switch (effect.kind) {
        case 'createTask':
          ctx.work.create(effect.task);
          break;
        case 'setDesiredState':
          ctx.work.desire(effect.taskId, effect.desiredState);
          break;
        case 'startTimer':
          this.startTimer(serviceId, effect.timer, effect.afterUs);
          break;
        case 'cancelTimer':
          this.cancelTimer(serviceId, effect.timer);
          break;
        default:
          ctx.work.changes.push({ kind: 'update-service-status', id: serviceId, effect, nowUs: ctx.nowUs });
      }
    }
    if (isFinished(result.state)) this.cancel(serviceId);
  }

  private startTimer(serviceId: string, timer: UpdaterTimer, afterUs: number): void {
    const key = `${serviceId}|${timer}`;
    this.cancelTimer(serviceId, timer);
    this.timers.set(
      key,
      this.clock.schedule(`updater/${timer}`, afterUs, () => {
        this.timers.delete(key);
        this.dueTimeouts.push({ serviceId, timer });
        this.clock.requestPass();
      }),
    );
  }

  private cancelTimer(serviceId: string, timer: UpdaterTimer): void {
    const key = `${serviceId}|${timer}`;
    const id = this.timers.get(key);
    if (id !== undefined) this.clock.cancel(id);
    this.timers.delete(key);
  }
}
