/**
 * Where each node's swarmd listens: its control socket path (what swarmctl
 * dials) and remote API address, remembered per world. The socket exists
 * only while the node runs a manager (SwarmKit's `manager.go` listens on it;
 * a worker's path stays absent until promotion); a manager whose Raft member
 * is not running leaves the file with nobody listening (`connection refused`).
 * A crashed node runs no command at all.
 * `--hostname` is remembered too: swarmctl shows it as the node's hostname.
 */
import type { Node } from '../store/objects.js';
import type { SwarmWorld } from '../world.js';

export interface SwarmdNode {
  readonly hostname: string;
  readonly stateDir: string;
  readonly controlSocket: string;
  readonly remoteApi: string;
  /** `--hostname`: what the node reports as its hostname (swarmctl shows it; see reportedNode). */
  readonly hostnameOverride?: string;
}

const registries = new WeakMap<SwarmWorld, Map<string, SwarmdNode>>();

function registry(world: SwarmWorld): Map<string, SwarmdNode> {
  let found = registries.get(world);
  if (found === undefined) {
    found = new Map();
    registries.set(world, found);
  }
  return found;
}

export function rememberSwarmd(world: SwarmWorld, node: SwarmdNode): void {
  registry(world).set(node.hostname, node);
}

export function swarmdOn(world: SwarmWorld, hostname: string): SwarmdNode | undefined {
  return registry(world).get(hostname);
}

/**
 * A node as swarmctl sees it: with its swarmd's `--hostname` as the
 * description's hostname. Only for display and name resolution: the store
 * keeps the engine's hostname, which the dispatcher routes by.
 */
export function reportedNode(world: SwarmWorld, node: Node): Node {
  const engineHostname = node.description?.hostname;
  const override = engineHostname === undefined ? undefined : registry(world).get(engineHostname)?.hostnameOverride;
  if (override === undefined || node.description === undefined) return node;
  return { ...node, description: { ...node.description, hostname: override } };
}

/** What a dial of `socket` from `hostname` finds. */
export type Dial = { readonly kind: 'ok'; readonly hostname: string } | { readonly kind: 'missing' } | { readonly kind: 'refused' };

export function dialSocket(world: SwarmWorld, hostname: string, socket: string): Dial {
  const node = registry(world).get(hostname);
  const engine = world.engine(hostname);
  if (node === undefined || engine === undefined || node.controlSocket !== socket) return { kind: 'missing' };
  if (engine.membership.role !== 'manager' || engine.raft === undefined) return { kind: 'missing' };
  if (!engine.up || !engine.raft.up) return { kind: 'refused' };
  return { kind: 'ok', hostname };
}
