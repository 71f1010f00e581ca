/**
 * Global orchestrator (`swarmkit manager/orchestrator/global/global.go`;
 * swarm-services.md §7): one task per eligible node.
 *
 * Eligible nodes: not DRAIN and not DOWN. For each (by node ID — Go's map
 * order): constraints not met → its tasks to desired SHUTDOWN; PAUSE → left
 * alone (no add, no update); no live task → a new task preassigned to the
 * node (slot 0); else the node's slot goes to the updater. Tasks on
 * ineligible or vanished nodes → desired SHUTDOWN.
 *
 * A failed global task is restarted in place unless its node is paused or no
 * longer meets the constraints (then desired SHUTDOWN, no restart), and only
 * while its node is eligible (`global.go#tickTasks`).
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros } from '../../sim/types.js';
import type { Node, Service, Task } from '../store/objects.js';
import { newTask } from '../tasks/task.js';
import { nodeMatchesExpressions } from '../scheduler/constraints.js';
import type { TaskBook } from './book.js';
import { type RestartState, restartTask, updatableTasksInSlot } from './restart.js';

/** `global.go#updateNode`: the nodes the global orchestrator considers. */
export function isGlobalEligible(node: Node): boolean {
  return node.spec.availability !== 'drain' && node.status.state !== 'down';
}

export interface GlobalContext {
  readonly service: Service;
  /** All nodes in the store. */
  readonly nodes: readonly Node[];
  readonly restart: RestartState;
  readonly nowUs: Micros;
  readonly newTaskId: () => string;
}

function shutdownAll(book: TaskBook, tasks: readonly Task[]): void {
  for (const task of tasks) book.setDesired(task.id, 'shutdown');
}

/** `global.go#reconcileServices` for one service. */
export function reconcileGlobal(book: TaskBook, context: GlobalContext): void {
  const { service } = context;
  if (service.spec.mode.kind !== 'global') return;
  const byNode = new Map<string, Task[]>();
  for (const task of book.ofService(service.id)) {
    const list = byNode.get(task.nodeId);
    if (list) list.push(task);
    else byNode.set(task.nodeId, [task]);
  }
  for (const [nodeId, slot] of [...byNode.entries()]) {
    const updatable = updatableTasksInSlot(context.restart, slot, service);
    if (updatable.length > 0) byNode.set(nodeId, updatable);
    else byNode.delete(nodeId);
  }
  const updates: string[][] = [];
  const nodes = context.nodes.filter(isGlobalEligible).sort((a, b) => compareStrings(a.id, b.id));
  for (const node of nodes) {
    const tasks = byNode.get(node.id) ?? [];
    byNode.delete(node.id);
    if (!nodeMatchesExpressions(service.spec.task.placement.constraints, node)) {
      shutdownAll(book, tasks);
      continue;
    }
    if (node.spec.availability === 'pause') continue;
    if (tasks.length === 0) {
      book.create(newTask({ id: context.newTaskId(), service, slot: 0, nodeId: node.id, nowUs: context.nowUs }));
    } else {
      updates.push(tasks.map((t) => t.id));
    }
  }
  if (updates.length > 0) book.emit({ kind: 'updateSlots', serviceId: service.id, slots: updates });
  for (const nodeId of [...byNode.keys()].sort(compareStrings)) shutdownAll(book, byNode.get(nodeId) ?? []);
}

/** `global.go#tickTasks` for one queued task; returns the new restart state. */
export function restartGlobalTask(book: TaskBook, task: Task, context: GlobalContext): RestartState {
  const node = context.nodes.find((n) => n.id === task.nodeId);
  if (!node || !isGlobalEligible(node)) return context.restart;
  if (node.spec.availability === 'pause' || !nodeMatchesExpressions(context.service.spec.task.placement.constraints, node)) {
    book.setDesired(task.id, 'shutdown');
    return context.restart;
  }
  return restartTask(context.restart, book, task, {
    service: context.service,
    node,
    nowUs: context.nowUs,
    newTaskId: context.newTaskId,
  });
}
