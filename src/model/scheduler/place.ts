/**
 * Placing one group of equal tasks (same service, same spec version) on the
 * decision tree: `swarmkit manager/scheduler/scheduler.go#scheduleTaskGroup`,
 * `#scheduleNTasksOnSubtree`, `#scheduleNTasksOnNodes` (swarm-services.md §9.4).
 *
 * Subtree: branches are evened out level by level (each gets its share of
 * the service's tasks, the remainder one each in branch order; a branch that
 * cannot take its share is marked full). Leaf: water-filling over the leaf's
 * nodes best first — stay on a node until the next one is strictly better,
 * then, once every node has had its turn, one task each round-robin —
 * skipping nodes that stop passing the filters.
 */
import type { Micros } from '../../sim/types.js';
import type { Task, TaskStatus } from '../store/objects.js';
import type { Pipeline } from './filters.js';
import { type NodeInfo, addTaskToNode } from './node-info.js';
import type { NodeLess } from './ranking.js';
import { type DecisionTree, orderedNodes } from './tree.js';

export const ASSIGNED_MESSAGE = 'scheduler assigned task to node';

export interface Assignment {
  readonly task: Task;
  readonly nodeId: string;
  readonly status: TaskStatus;
}

/** The group being placed: tasks in order, a cursor over the ones not yet placed. */
export interface GroupPlacement {
  readonly tasks: readonly Task[];
  next: number;
  readonly assignments: Assignment[];
  readonly pipeline: Pipeline;
  readonly nodeLess: NodeLess;
  readonly compareNodes: (a: NodeInfo, b: NodeInfo) => number;
  readonly nowUs: Micros;
}

function assign(group: GroupPlacement, task: Task, info: NodeInfo): void {
  const status: TaskStatus = { state: 'assigned', timestamp: group.nowUs, message: ASSIGNED_MESSAGE, err: '' };
  addTaskToNode(info, { ...task, nodeId: info.node.id, status });
  group.assignments.push({ task, nodeId: info.node.id, status });
}

/** `scheduleNTasksOnNodes`: place up to `n` tasks on `nodes` (best first); returns how many. */
export function placeOnNodes(group: GroupPlacement, n: number, nodes: readonly NodeInfo[]): number {
  let scheduled = 0;
  let iter = 0;
  const count = nodes.length;
  const failed = new Set<number>();
  while (group.next < group.tasks.length) {
    const task = group.tasks[group.next++] as Task;
    const info = nodes[iter % count] as NodeInfo;
    assign(group, task, info);
    scheduled++;
    if (scheduled === n) return scheduled;
    if (iter + 1 < count) {
      if (group.nodeLess(nodes[(iter + 1) % count] as NodeInfo, info)) iter++;
    } else {
      iter++;
    }
    const origin = iter;
    while (failed.has(iter % count) || !group.pipeline.process(nodes[iter % count] as NodeInfo)) {
      failed.add(iter % count);
      iter++;
      if (iter - origin === count) return scheduled;
    }
  }
  return scheduled;
}

/** `scheduleNTasksOnSubtree`: place up to `n` tasks under `tree`; returns how many. */
export function placeOnSubtree(group: GroupPlacement, n: number, tree: DecisionTree): number {
  if (tree.next === undefined) {
    const nodes = orderedNodes(tree, (info) => group.pipeline.process(info), group.compareNodes);
    return nodes.length === 0 ? 0 : placeOnNodes(group, n, nodes);
  }
  const branches = [...tree.next.values()];
  const noRoom = new Set<DecisionTree>();
  let scheduled = 0;
  let usable = tree.tasks;
  let converging = true;
  while (scheduled !== n && noRoom.size !== branches.length && converging) {
    const open = branches.length - noRoom.size;
    const desired = Math.floor((usable + n - scheduled) / open);
    let remainder = (usable + n - scheduled) % open;
    converging = false;
    for (const branch of branches) {
      if (noRoom.has(branch)) continue;
      if (branch.tasks < desired || (branch.tasks === desired && remainder > 0)) {
        converging = true;
        const want = desired - branch.tasks + (remainder > 0 ? 1 : 0);
        const got = placeOnSubtree(group, want, branch);
        if (got < want) {
          noRoom.add(branch);
          usable -= branch.tasks;
        } else if (remainder > 0) {
          remainder--;
        }
        scheduled += got;
      }
    }
  }
  return scheduled;
}
