/**
 * What the leader-only components (control API, dispatcher, role manager)
 * need from the world: the leader's Raft host, the transaction registry, the
 * seeded streams, the raft member registry and the ground-truth records the
 * invariants use.
 */
import type { Rng, Sim } from '../../sim/types.js';
import type { RaftHost } from '../raft-host/host.js';
import type { StoreObjects } from '../store/objects.js';
import type { TransactionLog } from '../store/store.js';

/** A raft member's identity (SwarmKit's RaftMember: RaftID, NodeID, Addr). */
export interface RaftMember {
  readonly raftId: string;
  readonly nodeId: string;
  readonly hostname: string;
  /** `<ip>:2377` */
  readonly addr: string;
}

export interface WorldServices {
  readonly sim: Sim;
  readonly transactions: TransactionLog;
  /** IDs, tokens and secrets the leader draws (node IDs, session IDs, rotated tokens). */
  readonly ids: Rng;
  member(raftId: string): RaftMember | undefined;
  addMember(member: RaftMember): void;
  /** A fresh raft id for a hostname: the hostname, then `hostname#2`, ... */
  newRaftId(hostname: string): string;
  /** Kernel node name of an engine by its address IP, if any. */
  engineByAddress(ip: string): string | undefined;
  addressOf(hostname: string): string;
  /** Ground truth for `downOnlyAfterHeartbeatsStop`. */
  noteHeartbeat(nodeId: string, by: string): void;
  noteMarkedDown(nodeId: string, graceUs: number, by: string): void;
}

export interface LeaderEnv {
  readonly world: WorldServices;
  readonly host: RaftHost;
  /** Kernel node (hostname) of the leader. */
  readonly hostname: string;
  readonly rng: Rng;
}

export function storeOf(env: LeaderEnv): StoreObjects {
  return env.host.app.store;
}
