/**
 * The routing mesh's core (issues 6 and 10), pure: which service answers a
 * connection to `node:port`, and through which task.
 *
 * - An ingress-mode published port listens on every node of the swarm. A
 *   connection goes to one of the service's running tasks that the receiving
 *   node can reach over the overlay data path (its own tasks always; another
 *   node's when the two can exchange data-path and gossip traffic both ways,
 *   see `snapshot.ts`). With none, the connection is refused (see docs/routing-mesh.md).
 * - A host-mode published port listens only on a node that runs a task of the
 *   service, and that task answers.
 * - Between several backends, round robin (IPVS's default scheduler) over the
 *   backends in a fixed order: slot, then node hostname, then task ID.
 */
import { compareStrings } from '../../sim/order.js';
import type { PortConfig, PortProtocol } from '../store/objects.js';

export interface MeshService {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** `Endpoint.Ports`: published ports as allocated (0 = not published). */
  readonly ports: readonly PortConfig[];
}

/** A task whose container runs (observed and desired RUNNING) on an up node. */
export interface MeshTask {
  readonly id: string;
  readonly serviceId: string;
  readonly slot: number;
  /** Hostname of the node it runs on. */
  readonly node: string;
}

export interface MeshSnapshot {
  /** Sorted by service ID. */
  readonly services: readonly MeshService[];
  readonly running: readonly MeshTask[];
  /** Nodes in the swarm (ingress exists on them), by hostname. */
  readonly members: ReadonlySet<string>;
  /** Can `from`'s ingress reach tasks on `to` (true when from === to)? */
  dataPath(from: string, to: string): boolean;
}

export type MeshAnswer =
  /** Nothing listens on this port on this node. */
  | { readonly kind: 'closed' }
  /** The port is published but no running task is reachable from this node. */
  | { readonly kind: 'no-backend'; readonly service: MeshService }
  | { readonly kind: 'backends'; readonly service: MeshService; readonly backends: readonly MeshTask[]; readonly mode: 'ingress' | 'host' };

/** The fixed order round robin walks: slot, node, task ID. */
export function compareBackends(a: MeshTask, b: MeshTask): number {
  return a.slot - b.slot || compareStrings(a.node, b.node) || compareStrings(a.id, b.id);
}

function publishes(service: MeshService, port: number, protocol: PortProtocol, mode: 'ingress' | 'host'): boolean {
  return service.ports.some((p) => p.publishMode === mode && p.publishedPort === port && p.protocol === protocol);
}

/** Who answers a connection to `node:port/protocol`. */
export function meshAnswer(snapshot: MeshSnapshot, node: string, port: number, protocol: PortProtocol): MeshAnswer {
  if (port === 0) return { kind: 'closed' };
  // Host mode first: a task's host port is bound on its own node (the scheduler keeps ingress and host ports apart).
  for (const service of snapshot.services) {
    if (!publishes(service, port, protocol, 'host')) continue;
    const local = snapshot.running.filter((task) => task.serviceId === service.id && task.node === node).sort(compareBackends);
    if (local.length > 0) return { kind: 'backends', service, backends: local, mode: 'host' };
  }
  if (!snapshot.members.has(node)) return { kind: 'closed' };
  const service = snapshot.services.find((s) => publishes(s, port, protocol, 'ingress'));
  if (service === undefined) return { kind: 'closed' };
  const backends = snapshot.running.filter((task) => task.serviceId === service.id && snapshot.dataPath(node, task.node)).sort(compareBackends);
  return backends.length === 0 ? { kind: 'no-backend', service } : { kind: 'backends', service, backends, mode: 'ingress' };
}

/** Round robin: the backend at `cursor` (wrapped), and the cursor for the next connection. */
export function pickBackend(backends: readonly MeshTask[], cursor: number): { readonly task: MeshTask; readonly next: number } {
  if (backends.length === 0) throw new RangeError('pickBackend: no backends');
  const index = cursor % backends.length;
  return { task: backends[index] as MeshTask, next: index + 1 };
}
