/**
 * What the scheduler knows about a node (`swarmkit manager/scheduler/nodeinfo.go`):
 * the tasks on it that still hold resources, how many of them are active in
 * total and per service, the resources left and the host ports in use.
 *
 * Built from a store snapshot on every pass (SwarmKit keeps it incrementally
 * from store events; the result is the same), through the index the
 * scheduler keeps across passes (./task-index.ts) or by walking the tasks.
 * A task counts when it has a node and its observed state is
 * ASSIGNED..RUNNING (PENDING preassigned tasks do not count until confirmed,
 * `scheduler.go#createTask`). It holds resources and
 * host ports while observed ≤ RUNNING; it counts as *active* (per-service
 * balance, MaxReplicas) only while desired ≤ COMPLETE (`nodeinfo.go#addTask`).
 *
 * NodeInfo is mutable on purpose: one scheduling pass updates it in place as
 * it assigns tasks, as SwarmKit's does. It never outlives the pass.
 */
import { compareStrings } from '../../sim/order.js';
import type { Node, Task } from '../store/objects.js';
import { TASK_STATE_VALUES, stateAtMost } from '../tasks/states.js';

export interface NodeInfo {
  readonly node: Node;
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

/** Shared by every task that publishes no host port (most of them): no array per task and pass. */
const NO_HOST_PORTS: readonly string[] = [];

/** Host-mode published ports of a task (`publishedPort` 0 = dynamic, not tracked). */
export function taskHostPorts(task: Task): readonly string[] {
  let keys: string[] | undefined;
  for (const p of task.endpoint.ports) {
    if (p.publishMode === 'host' && p.publishedPort !== 0) (keys ??= []).push(hostPortKey(p.protocol, p.publishedPort));
  }
  return keys ?? NO_HOST_PORTS;
}

export function newNodeInfo(node: Node): NodeInfo {
  const resources = node.description?.resources;
  return {
    node,
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

/**
 * `nodeinfo.go#addTask` for a task not counted on this node yet. SwarmKit
 * checks that by task ID; here every caller adds distinct tasks (a store's
 * tasks once each, then PENDING ones as they are placed), so no set of IDs
 * per node is kept.
 */
export function addTaskToNode(info: NodeInfo, task: Task): void {
  info.availableNanoCPUs -= task.spec.resources.reservations.nanoCPUs;
  info.availableMemoryBytes -= task.spec.resources.reservations.memoryBytes;
  if (task.endpoint.ports.length > 0) for (const key of taskHostPorts(task)) info.usedHostPorts.add(key);
  if (stateAtMost(task.desiredState, 'complete')) {
    info.activeTasksCount++;
    info.activeByService.set(task.serviceId, activeCountOf(info, task.serviceId) + 1);
  }
}

const PENDING = TASK_STATE_VALUES.pending;
const ASSIGNED = TASK_STATE_VALUES.assigned;
const RUNNING = TASK_STATE_VALUES.running;

/** A task the scheduler counts on its node: assigned, ASSIGNED ≤ state ≤ RUNNING. */
export function holdsNode(task: Task): boolean {
  if (task.nodeId === '') return false;
  const state = TASK_STATE_VALUES[task.status.state];
  return state >= ASSIGNED && state <= RUNNING;
}

/** One walk over a pass's tasks: the node infos (sorted by node ID, also by ID) and the PENDING tasks in task order. */
export interface TaskScan {
  readonly infos: NodeInfo[];
  readonly infoById: Map<string, NodeInfo>;
  readonly pending: Task[];
}

/** Node infos for every node with the tasks that hold them, and the PENDING tasks; the tasks' IDs must be distinct. */
export function scanTasks(nodes: readonly Node[], tasks: readonly Task[]): TaskScan {
  const sorted = [...nodes].sort((a, b) => compareStrings(a.id, b.id));
  const infoById = new Map<string, NodeInfo>();
  const infos = sorted.map((node) => {
    const info = newNodeInfo(node);
    infoById.set(node.id, info);
    return info;
  });
  const pending: Task[] = [];
  for (const task of tasks) {
    // holdsNode and the PENDING test from one read of the state (this loop runs over every task, every tick).
    const state = TASK_STATE_VALUES[task.status.state];
    if (state === PENDING) pending.push(task);
    else if (state >= ASSIGNED && state <= RUNNING && task.nodeId !== '') {
      const info = infoById.get(task.nodeId);
      if (info) addTaskToNode(info, task);
    }
  }
  return { infos, infoById, pending };
}

/** Node infos for every node, sorted by node ID, with the tasks that hold them (task IDs distinct). */
export function buildNodeInfos(nodes: readonly Node[], tasks: readonly Task[]): NodeInfo[] {
  return scanTasks(nodes, tasks).infos;
}
