/**
 * The routing mesh as the world stands now (a `MeshSnapshot` for core.ts).
 *
 * Modelling choices (docs/routing-mesh.md):
 * - Services and tasks come from the leader's store, or without a leader from
 *   the live manager with the highest commit index (the data plane keeps
 *   working without quorum). With every manager down there is no store to
 *   read and nothing answers (a limitation: real workers keep their
 *   load-balancer tables). Endpoint ports are the allocated ones.
 * - A task is a backend while its node is up and the store has it observed
 *   and desired RUNNING (a task being shut down leaves the load balancer
 *   first, as the agent removes the endpoint before stopping the container).
 * - A node's ingress reaches another node's tasks when both are up and they
 *   can exchange the data-path port (cluster `dataPathPort`, 4789/udp) and
 *   gossip (7946/tcp, which carries the load-balancer entries) both ways
 *   (swarm-behaviour.md §6). The change is instant: gossip's failure
 *   detection delay is not modelled.
 */
import { compareStrings } from '../../sim/order.js';
import { DEFAULT_DATA_PATH_PORT, type StoreObjects } from '../store/objects.js';
import type { SwarmWorld } from '../world.js';
import type { MeshService, MeshSnapshot, MeshTask } from './core.js';

export const GOSSIP_PORT = 7946;

/** The store the data plane follows: the leader's, else the most advanced live manager's (a crashed manager's store is gone). */
export function meshStore(world: SwarmWorld): StoreObjects | undefined {
  const leader = world.leader();
  if (leader !== undefined) return leader.app.store;
  let best: StoreObjects | undefined;
  let bestCommitted = -1;
  for (const engine of world.engines) {
    const raft = engine.raft?.raft;
    if (engine.raft === undefined || raft === undefined || !engine.up) continue;
    // Engine order breaks ties.
    if (raft.log.committed > bestCommitted) {
      best = engine.raft.app.store;
      bestCommitted = raft.log.committed;
    }
  }
  return best;
}

/** What a store says for the mesh, computed once per store snapshot (the store is copy-on-write: a change is a new object). */
interface StoreView {
  readonly services: readonly MeshService[];
  /** Observed and desired RUNNING, sorted by task ID; node as its ID. */
  readonly tasks: readonly { readonly id: string; readonly serviceId: string; readonly slot: number; readonly nodeId: string }[];
  readonly nodeIds: readonly string[];
}

const views = new WeakMap<StoreObjects, StoreView>();

function storeView(store: StoreObjects): StoreView {
  let view = views.get(store);
  if (view !== undefined) return view;
  const services = Object.values(store.services)
    .map((service) => ({ id: service.id, name: service.spec.name, image: service.spec.task.image, ports: service.endpoint?.ports ?? service.spec.endpoint.ports }))
    .sort((a, b) => compareStrings(a.id, b.id));
  const tasks = [...store.tasks.values()]
    .filter((task) => task.status.state === 'running' && task.desiredState === 'running')
    .map((task) => ({ id: task.id, serviceId: task.serviceId, slot: task.slot, nodeId: task.nodeId }))
    .sort((a, b) => compareStrings(a.id, b.id));
  view = { services, tasks, nodeIds: Object.keys(store.nodes) };
  views.set(store, view);
  return view;
}

const EMPTY_VIEW: StoreView = { services: [], tasks: [], nodeIds: [] };

export function meshSnapshot(world: SwarmWorld): MeshSnapshot {
  const store = meshStore(world);
  const view = store === undefined ? EMPTY_VIEW : storeView(store);
  const sim = world.sim;
  const dataPathPort = store?.cluster?.dataPathPort ?? DEFAULT_DATA_PATH_PORT;
  // Node ID → hostname in one pass (world.engineOfNode walks every engine: quadratic on big clusters).
  const engineOf = new Map<string, string>();
  for (const engine of world.engines) {
    const id = engine.membership.nodeId;
    if (id !== '' && !engineOf.has(id)) engineOf.set(id, engine.hostname);
  }
  const members = new Set<string>();
  for (const id of view.nodeIds) {
    const hostname = engineOf.get(id);
    if (hostname !== undefined && world.engine(hostname)?.membership.state === 'active') members.add(hostname);
  }
  const running: MeshTask[] = [];
  for (const task of view.tasks) {
    const node = engineOf.get(task.nodeId);
    if (node === undefined || !sim.isUp(node)) continue;
    running.push({ id: task.id, serviceId: task.serviceId, slot: task.slot, node });
  }
  const both = (a: string, b: string, port: number, protocol: 'tcp' | 'udp'): boolean => sim.net.reachable(a, b, port, protocol) && sim.net.reachable(b, a, port, protocol);
  return {
    services: view.services,
    running,
    members,
    dataPath: (from, to) => from === to || (both(from, to, dataPathPort, 'udp') && both(from, to, GOSSIP_PORT, 'tcp')),
  };
}
