/**
 * What the scheduler knows about a node (`swarmkit manager/scheduler/nodeinfo.go`):
 * the tasks on it that still hold resources, how many of them are active in
 * total and per service, the resources left and the host ports in use.
 *
 * Rebuilt from a store snapshot on every pass (SwarmKit keeps it incrementally
 * from store events; the result is the same). A task counts when it has a node
 * and its observed state is ASSIGNED..RUNNING (PENDING preassigned tasks do not
 * count until confirmed, `scheduler.go#createTask`). It holds resources and
 * host ports while observed ≤ RUNNING; it counts as *active* (per-service
 * balance, MaxReplicas) only while desired ≤ COMPLETE (`nodeinfo.go#addTask`).
 *
 * NodeInfo is mutable on purpose: one scheduling pass updates it in place as
 * it assigns tasks, as SwarmKit's does. It never outlives the pass.
 */
import { compareStrings } from '../../sim/order.js';
import type { Node, Task } from '../store/objects.js';
import { stateAtMost, stateBefore } from '../tasks/states.js';

export interface NodeInfo {
  readonly node: Node;
  readonly taskIds: Set<string>;
  activeTasksCount: number;
  readonly activeByService: Map<string, number>;
  availableNanoCPUs: number;
  availableMemoryBytes: number;
  /** `<protocol>/<publishedPort>` of host-mode ports in use. */
  readonly usedHostPorts: Set<string>;
}

export function hostPortKey(protocol: string, publishedPort: number): string {
  return `${protocol}/${publishedPort}`;
}

/** Host-mode published ports of a task (`publishedPort` 0 = dynamic, not tracked). */
export function taskHostPorts(task: Task): string[] {
  return task.endpoint.ports
    .filter((p) => p.publishMode === 'host' && p.publishedPort !== 0)
    .map((p) => hostPortKey(p.protocol, p.publishedPort));
}

export function newNodeInfo(node: Node): NodeInfo {
  const resources = node.description?.resources;
  return {
    node,
    taskIds: new Set(),
    activeTasksCount: 0,
    activeByService: new Map(),
    availableNanoCPUs: resources?.nanoCPUs ?? 0,
    availableMemoryBytes: resources?.memoryBytes ?? 0,
    usedHostPorts: new Set(),
  };
}

export function activeCountOf(info: NodeInfo, serviceId: string): number {
  return info.activeByService.get(serviceId) ?? 0;
}

/** `nodeinfo.go#addTask` for a task not seen before on this node. */
export function addTaskToNode(info: NodeInfo, task: Task): void {
  if (info.taskIds.has(task.id)) return;
  info.taskIds.add(task.id);
  info.availableNanoCPUs -= task.spec.resources.reservations.nanoCPUs;
  info.availableMemoryBytes -= task.spec.resources.reservations.memoryBytes;
  for (const key of taskHostPorts(task)) info.usedHostPorts.add(key);
  if (stateAtMost(task.desiredState, 'complete')) {
    info.activeTasksCount++;
    info.activeByService.set(task.serviceId, activeCountOf(info, task.serviceId) + 1);
  }
}

/** A task the scheduler counts on its node: assigned, ASSIGNED ≤ state ≤ RUNNING. */
export function holdsNode(task: Task): boolean {
  return task.nodeId !== '' && !stateBefore(task.status.state, 'assigned') && stateAtMost(task.status.state, 'running');
}

/** Node infos for every node, sorted by node ID, with the tasks that hold them. */
export function buildNodeInfos(nodes: readonly Node[], tasks: readonly Task[]): NodeInfo[] {
  const sorted = [...nodes].sort((a, b) => compareStrings(a.id, b.id));
  const byId = new Map<string, NodeInfo>();
  const infos = sorted.map((node) => {
    const info = newNodeInfo(node);
    byId.set(node.id, info);
    return info;
  });
  for (const task of tasks) {
    if (!holdsNode(task)) continue;
    const info = byId.get(task.nodeId);
    if (info) addTaskToNode(info, task);
  }
  return infos;
}
