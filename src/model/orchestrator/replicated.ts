/**
 * Replicated orchestrator's reconcile (`swarmkit manager/orchestrator/
 * replicated/services.go#reconcile`, `slot.go`; swarm-services.md §4).
 *
 * Slots: the service's tasks grouped by slot number; a slot's updatable tasks
 * (`updatableTasksInSlot`) make it a running slot, none make it dead.
 *   fewer running slots than replicas: new tasks in the lowest free slot
 *     numbers (a reused dead slot keeps its old tasks as history), the rest of
 *     the dead slots' tasks are deleted;
 *   more: keep `replicas` slots chosen as SwarmKit does (below), the others'
 *     tasks go to desired REMOVE; dead slots deleted;
 *   equal: dead slots deleted.
 * Every case hands the kept slots to the rolling updater (`updateSlots`).
 *
 * Scale-down choice (`slotsByRunningState`, `slotsByIndex`): sort slots with
 * a RUNNING task first, then by slot number; number each single-task assigned
 * slot as the 1st, 2nd… copy on its node (others: -1); stable-sort by that
 * number, -1 last; keep the first N. Go's `sort.Sort` is unstable above 12
 * elements; we sort stably (docs/scheduling.md).
 */
import type { Micros } from '../../sim/types.js';
import type { Service, Task } from '../store/objects.js';
import { newTask } from '../tasks/task.js';
import type { TaskBook } from './book.js';
import { type RestartState, updatableTasksInSlot } from './restart.js';

export interface Slots {
  /** Slot number → its updatable tasks, ascending slot numbers. */
  readonly running: Map<number, Task[]>;
  /** Slot number → all its tasks. */
  readonly dead: Map<number, Task[]>;
}

/** `slot.go#updatableAndDeadSlots`. */
export function updatableAndDeadSlots(restart: RestartState, service: Service, tasks: readonly Task[]): Slots {
  const bySlot = new Map<number, Task[]>();
  for (const task of tasks) {
    const slot = bySlot.get(task.slot);
    if (slot) slot.push(task);
    else bySlot.set(task.slot, [task]);
  }
  const running = new Map<number, Task[]>();
  const dead = new Map<number, Task[]>();
  for (const number of [...bySlot.keys()].sort((a, b) => a - b)) {
    const slot = bySlot.get(number) as Task[];
    const updatable = updatableTasksInSlot(restart, slot, service);
    if (updatable.length > 0) running.set(number, updatable);
    else dead.set(number, slot);
  }
  return { running, dead };
}

function hasRunningTask(slot: readonly Task[]): boolean {
  return slot.some((t) => t.status.state === 'running');
}

/** The slots to keep on scale-down, in SwarmKit's preference order; the rest go. */
export function orderSlotsForScaleDown(slots: readonly (readonly Task[])[]): (readonly Task[])[] {
  const byRunning = [...slots].sort((a, b) => {
    const ra = hasRunningTask(a);
    const rb = hasRunningTask(b);
    if (ra !== rb) return ra ? -1 : 1;
    return (a[0] as Task).slot - (b[0] as Task).slot;
  });
  const perNode = new Map<string, number>();
  const indexed = byRunning.map((slot) => {
    const only = slot[0] as Task;
    if (slot.length === 1 && only.nodeId !== '') {
      const index = (perNode.get(only.nodeId) ?? 0) + 1;
      perNode.set(only.nodeId, index);
      return { slot, index };
    }
    return { slot, index: -1 };
  });
  const rank = (i: number): number => (i < 0 ? Number.POSITIVE_INFINITY : i);
  return indexed.sort((a, b) => rank(a.index) - rank(b.index)).map((x) => x.slot);
}

export interface ReconcileContext {
  readonly service: Service;
  readonly restart: RestartState;
  readonly nowUs: Micros;
  readonly newTaskId: () => string;
}

function slotIds(slots: readonly (readonly Task[])[]): string[][] {
  return slots.map((slot) => slot.map((t) => t.id));
}

function deleteDead(book: TaskBook, dead: Map<number, Task[]>): void {
  for (const [, slot] of dead) for (const task of slot) book.delete(task.id);
}

/** `services.go#reconcile` for one replicated service. */
export function reconcileReplicated(book: TaskBook, context: ReconcileContext): void {
  const { service } = context;
  if (service.spec.mode.kind !== 'replicated') return;
  const replicas = service.spec.mode.replicas;
  const { running, dead } = updatableAndDeadSlots(context.restart, service, book.ofService(service.id));
  const runningSlots = [...running.values()];
  if (replicas > running.size) {
    book.emit({ kind: 'updateSlots', serviceId: service.id, slots: slotIds(runningSlots) });
    let number = 0;
    for (let k = running.size; k < replicas; k++) {
      do number++;
      while (running.has(number));
      dead.delete(number);
      book.create(newTask({ id: context.newTaskId(), service, slot: number, nodeId: '', nowUs: context.nowUs }));
    }
    deleteDead(book, dead);
  } else if (replicas < running.size) {
    const ordered = orderSlotsForScaleDown(runningSlots);
    book.emit({ kind: 'updateSlots', serviceId: service.id, slots: slotIds(ordered.slice(0, replicas)) });
    deleteDead(book, dead);
    for (const slot of ordered.slice(replicas)) for (const task of slot) book.setDesired(task.id, 'remove');
  } else {
    deleteDead(book, dead);
    book.emit({ kind: 'updateSlots', serviceId: service.id, slots: slotIds(runningSlots) });
  }
}
