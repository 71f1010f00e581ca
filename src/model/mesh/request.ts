/**
 * One HTTP request from a node to `host:port` through the simulated network
 * and the routing mesh: what `curl` and the `probe` step send.
 *
 * The client's connection (modelling choices, docs/routing-mesh.md):
 * - `localhost`, `127.0.0.1`, the node's own hostname or address: loopback.
 *   Other nodes' hostnames and addresses resolve (every node knows the
 *   others, as /etc/hosts or the LAN's DNS would); an unknown name does not
 *   (curl 6); an unknown IPv4 address gets no ARP answer (no route to host).
 * - The SYN to `host:port/tcp` meets the network's faults: a REJECT rule
 *   refuses it at once, a partition, cut or DROP rule (either way: the answer
 *   comes back to the client's ephemeral port) drops it (the client waits for
 *   its timeout), a down node is "no route to host" once ARP gives up.
 * - On the node, the mesh (core.ts) answers or refuses.
 * `commit: false` peeks (show:, expectations): the same answer, without
 * moving the round-robin cursor or the hit counter.
 */
import type { SwarmWorld } from '../world.js';
import { meshAnswer, type MeshTask, pickBackend } from './core.js';
import { httpResponse, type HttpResponse } from './http.js';
import { meshSnapshot } from './snapshot.js';
import { cursorKey, meshState } from './state.js';

/** The client's side of the answer path (a Linux ephemeral port). */
export const EPHEMERAL_PORT = 40000;

export type RequestOutcome =
  | { readonly kind: 'unresolved' }
  /** RST: nothing listens, no backend, or a REJECT rule. */
  | { readonly kind: 'refused' }
  /** No host answers ARP: "No route to host" after ARP's ~3 s. */
  | { readonly kind: 'no-route' }
  /** The SYN (or its answer) is dropped: the client waits for a timeout. */
  | { readonly kind: 'dropped' }
  | { readonly kind: 'answered'; readonly node: string; readonly task: MeshTask; readonly response: HttpResponse };

export interface RequestTarget {
  readonly from: string;
  readonly host: string;
  readonly port: number;
  readonly commit: boolean;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The node a host name or address names, as seen from `from`; 'unknown-ip' when no node has that address. */
export function resolveHost(world: SwarmWorld, from: string, host: string): string | 'unresolved' | 'unknown-ip' {
  if (host === 'localhost' || host === '127.0.0.1' || host === from || host === world.addressOf(from)) return from;
  if (world.engine(host) !== undefined) return host;
  const byAddress = world.engineByAddress(host);
  if (byAddress !== undefined) return byAddress;
  return IPV4.test(host) ? 'unknown-ip' : 'unresolved';
}

/**
 * A task container's hostname: the first 12 hex digits of its container ID
 * (engine/containers.ts), as Docker sets it. A task the engine has no
 * container for yet (cannot happen for a RUNNING task) falls back to its task ID's head.
 */
export function containerHostname(world: SwarmWorld, task: MeshTask): string {
  const container = world.engine(task.node)?.tasks.containers.list().find((c) => c.taskId === task.id);
  return (container?.id ?? task.id).slice(0, 12);
}

export function meshRequest(world: SwarmWorld, target: RequestTarget): RequestOutcome {
  const node = resolveHost(world, target.from, target.host);
  if (node === 'unresolved') return { kind: 'unresolved' };
  if (node === 'unknown-ip') return { kind: 'no-route' };
  const net = world.sim.net;
  const verdict = net.linkVerdict(target.from, node, target.port, 'tcp');
  if (verdict === 'rejected') return { kind: 'refused' };
  if (verdict === 'down') return { kind: 'no-route' };
  if (verdict === 'dropped' || net.linkVerdict(node, target.from, EPHEMERAL_PORT, 'tcp') !== 'ok') return { kind: 'dropped' };
  const answer = meshAnswer(meshSnapshot(world), node, target.port, 'tcp');
  if (answer.kind !== 'backends') return { kind: 'refused' };
  const state = meshState(world);
  const key = cursorKey(node, 'tcp', target.port);
  const picked = pickBackend(answer.backends, state.cursors.get(key) ?? 0);
  const hits = (state.hits.get(answer.service.id) ?? 0) + 1;
  if (target.commit) {
    state.cursors.set(key, picked.next);
    state.hits.set(answer.service.id, hits);
  }
  const task = picked.task;
  const response = httpResponse(world.images, {
    image: answer.service.image,
    hostname: containerHostname(world, task),
    hits,
    service: answer.service.name,
    task: task.id,
    node: task.node,
    slot: task.slot,
  });
  return { kind: 'answered', node, task, response };
}
