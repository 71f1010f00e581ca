/**
 * The node state: durable part (term, vote, log with snapshot; the voter set
 * is derived from the snapshot plus applied conf entries) and volatile part
 * (role, leader, timers, votes, progress). Mutable inside a step, etcd style:
 * `step(state, input)` returns the same object as the next state. Keep no
 * reference to a "previous" state; use `persistentOf` / `status` to observe.
 */
import type { RaftConfig } from './config.js';
import { type RaftLog, lastIndex, newLog } from './log.js';
import { type Effect, type Entry, type Message, type NodeId, type RaftEvent, type RaftPersistent, type Role, type Snapshot, type TimeoutSource, compareIds } from './types.js';

export type ProgressState = 'probe' | 'replicate' | 'snapshot';

/** The leader's view of one follower (etcd tracker.Progress). */
export interface Progress {
  match: number;
  next: number;
  state: ProgressState;
  /** Probe: an append is outstanding, wait for an answer or a heartbeat response. */
  paused: boolean;
  /** Snapshot: index of the snapshot sent. */
  pendingSnapshot: number;
  /** Heard from since the last check-quorum round. */
  recentActive: boolean;
  /** Replicate: last index of each unacknowledged append, ascending. */
  inflight: number[];
  /** Highest commit index this follower has been told (etcd 3.6 sentCommit). */
  sentCommit: number;
}

/** What a step collects before it turns into effects. */
export interface Outbox {
  traces: RaftEvent[];
  sends: Message[];
  applied: Effect[];
  hardTerm: number;
  hardVote: NodeId | undefined;
  hardCommit: number;
}

export interface RaftState {
  readonly id: NodeId;
  readonly config: RaftConfig;
  readonly random: TimeoutSource;
  // durable
  term: number;
  vote: NodeId | undefined;
  log: RaftLog;
  /** Current configuration (sorted): snapshot voters plus applied conf entries. */
  voters: NodeId[];
  // volatile
  role: Role;
  leader: NodeId | undefined;
  electionElapsed: number;
  heartbeatElapsed: number;
  randomizedElectionTimeout: number;
  votes: Map<NodeId, boolean>;
  progress: Map<NodeId, Progress>;
  /** Leader: index of the last conf entry it appended; a new one waits until applied >= this. */
  pendingConfIndex: number;
  /** Leader: first index of its own term; "caught up" (SwarmKit's signal) once applied >= it. */
  readyIndex: number;
  caughtUp: boolean;
  leadTransferee: NodeId | undefined;
  /** A snapshot-due effect was emitted and no snapshot taken since. */
  snapshotRequested: boolean;
  out: Outbox;
}

export interface NodeOptions {
  readonly id: NodeId;
  readonly config: RaftConfig;
  /** Draws randomized election timeouts, one per role change. */
  readonly random: TimeoutSource;
}

export function emptyOutbox(state: { term: number; vote: NodeId | undefined; log: RaftLog }): Outbox {
  return { traces: [], sends: [], applied: [], hardTerm: state.term, hardVote: state.vote, hardCommit: state.log.committed };
}

/**
 * A fresh node's durable state. Like etcd's StartNode (which swarm init uses),
 * the initial voters are written as committed ConfChange entries of term 1, so
 * that a manager joining later learns the whole membership from the log (or
 * from a snapshot). `voters: []` is a joining node: empty log, term 0.
 */
export function bootstrapPersistent(voters: readonly NodeId[]): RaftPersistent {
  const sorted = [...voters].sort(compareIds);
  const entries: Entry[] = sorted.map((node, i) => ({ kind: 'conf', term: 1, index: i + 1, change: { type: 'add-node', node } }));
  const snapshot: Snapshot = { index: 0, term: 0, voters: [], data: '' };
  const term = entries.length > 0 ? 1 : 0;
  return { hardState: { term, vote: undefined, commit: entries.length }, snapshot, base: { index: 0, term: 0 }, entries };
}

/** Build the in-memory state from durable state. Volatile fields start as a follower's. */
export function stateFrom(persistent: RaftPersistent, options: NodeOptions): RaftState {
  const { hardState, snapshot, base, entries } = persistent;
  const log = newLog({ base, snapshot, entries, committed: Math.max(hardState.commit, snapshot.index) });
  const state: RaftState = {
    id: options.id,
    config: options.config,
    random: options.random,
    term: hardState.term,
    vote: hardState.vote,
    log,
    voters: [...snapshot.voters].sort(compareIds),
    role: 'follower',
    leader: undefined,
    electionElapsed: 0,
    heartbeatElapsed: 0,
    randomizedElectionTimeout: options.config.electionTick,
    votes: new Map(),
    progress: new Map(),
    pendingConfIndex: 0,
    readyIndex: 0,
    caughtUp: false,
    leadTransferee: undefined,
    snapshotRequested: false,
    out: { traces: [], sends: [], applied: [], hardTerm: 0, hardVote: undefined, hardCommit: 0 },
  };
  state.out = emptyOutbox(state);
  return state;
}

/** A copy of what survives a crash (entries are immutable and shared). */
export function persistentOf(state: RaftState): RaftPersistent {
  return {
    hardState: { term: state.term, vote: state.vote, commit: state.log.committed },
    snapshot: state.log.snapshot,
    base: state.log.base,
    entries: [...state.log.entries],
  };
}

export function isVoter(state: RaftState, id: NodeId): boolean {
  return state.voters.includes(id);
}

/** Can this node campaign? (etcd `promotable`). */
export function promotable(state: RaftState): boolean {
  return isVoter(state, state.id);
}

export function quorum(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/** What `show: raft` prints for one manager. */
export interface RaftStatus {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly vote: NodeId | undefined;
  readonly leader: NodeId | undefined;
  readonly commit: number;
  readonly applied: number;
  readonly lastIndex: number;
  readonly snapshotIndex: number;
  readonly firstIndex: number;
  readonly voters: readonly NodeId[];
  /** Leader only: the leader's SwarmKit "signalled" flag (accepts proposals). */
  readonly ready: boolean;
  /** Leader only, sorted by id. */
  readonly progress: readonly { readonly id: NodeId; readonly match: number; readonly next: number; readonly state: ProgressState }[];
}

export function status(state: RaftState): RaftStatus {
  const progress = state.role !== 'leader' ? [] : [...state.progress.entries()]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([id, pr]) => ({ id, match: pr.match, next: pr.next, state: pr.state }));
  return {
    id: state.id,
    role: state.role,
    term: state.term,
    vote: state.vote,
    leader: state.leader,
    commit: state.log.committed,
    applied: state.log.applied,
    lastIndex: lastIndex(state.log),
    snapshotIndex: state.log.snapshot.index,
    firstIndex: state.log.base.index + 1,
    voters: [...state.voters],
    ready: state.role === 'leader' && state.caughtUp,
    progress,
  };
}
