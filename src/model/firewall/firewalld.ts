/**
 * The firewalld of each host that runs it (`firewall: firewalld` in the
 * cluster's node list), per world, applied to the kernel as REJECT rules on
 * the node's incoming swarm ports (see firewalld-core.ts for the rules).
 * A `heal:` step removes these rules behind firewalld's back; the next
 * change here puts back what firewalld's state says.
 */
import type { BlockRule } from '../../sim/types.js';
import type { SwarmWorld } from '../world.js';
import { BOOT_STATE, type FirewalldState, blockedPorts } from './firewalld-core.js';

const hosts = new WeakMap<SwarmWorld, Map<string, FirewalldState>>();

function rulesOf(node: string, state: FirewalldState): BlockRule[] {
  return blockedPorts(state).map(([port, protocol]) => ({ node, port, protocol, direction: 'in', mode: 'reject' }));
}

/** firewalld starts with the host: only ssh is let in. */
export function bootFirewalld(world: SwarmWorld, node: string): void {
  let states = hosts.get(world);
  if (states === undefined) hosts.set(world, (states = new Map()));
  states.set(node, BOOT_STATE);
  for (const rule of rulesOf(node, BOOT_STATE)) world.sim.net.block(rule);
}

/** The host's firewalld, or undefined when the host does not have it installed. */
export function firewalldOf(world: SwarmWorld, node: string): FirewalldState | undefined {
  return hosts.get(world)?.get(node);
}

/** Replace the host's firewalld state and its kernel rules; traced when the rejected ports change. */
export function setFirewalld(world: SwarmWorld, node: string, next: FirewalldState): void {
  const states = hosts.get(world);
  const before = states?.get(node);
  if (states === undefined || before === undefined) return;
  states.set(node, next);
  const old = rulesOf(node, before);
  const now = rulesOf(node, next);
  const text = (rules: BlockRule[]) => rules.map((r) => `${r.port}/${r.protocol ?? 'any'}`).join(' ');
  for (const rule of old) world.sim.net.unblock(rule);
  for (const rule of now) world.sim.net.block(rule);
  if (text(old) !== text(now)) world.sim.trace.emit({ kind: 'firewalld.rejects', node, fields: [['ports', text(now) === '' ? '-' : text(now)]] });
}
