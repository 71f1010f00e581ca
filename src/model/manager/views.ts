/**
 * Node objects as the control API returns them: read on the leader, with
 * ManagerStatus attached from the leader's Raft member list and transport
 * view (swarm-behaviour.md §1.8): Leader for the leader, Reachable for itself
 * and for peers heard from within the 2 s watchdog, Unreachable otherwise.
 */
import type { Engine } from '../engine/engine.js';
import type { ManagerStatus, Node } from '../store/objects.js';
import { nodesById } from '../store/store.js';

export function nodeViews(leader: Engine): Node[] {
  const raft = leader.raft;
  if (raft === undefined) return [];
  const byNode = new Map<string, ManagerStatus>();
  for (const raftId of raft.raft?.voters ?? []) {
    const member = leader.world.member(raftId);
    if (member === undefined) continue;
    byNode.set(member.nodeId, {
      leader: raftId === raft.id,
      reachability: raft.peerActive(raftId) ? 'reachable' : 'unreachable',
      addr: member.addr,
    });
  }
  return nodesById(raft.app.store).map((node) => {
    const status = byNode.get(node.id);
    if (status !== undefined) return { ...node, managerStatus: status };
    return node.managerStatus === undefined ? node : storedNode(node);
  });
}

/** The node as the store keeps it: ManagerStatus is computed on read, never stored. */
export function storedNode(node: Node): Node {
  if (node.managerStatus === undefined) return node;
  const { managerStatus: _, ...rest } = node;
  return rest;
}
