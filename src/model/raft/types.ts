/**
 * Raft vocabulary: identifiers, log entries, snapshots, messages, effects and
 * configuration. Pure data, no behaviour (except the assertion helper).
 *
 * Model and limits: a single-group Raft in the shape of etcd-io/raft v3.6 as
 * SwarmKit runs it (swarm-behaviour.md §1). Node ids are strings (the manager's
 * name); SwarmKit's random 64-bit member ids are not user visible and are not
 * modelled. Entry data is an opaque string: the store keeps whatever it needs
 * keyed by that string.
 */

/** A Raft member id. Ordered by plain code-unit comparison (`compareIds`). */
export type NodeId = string;

export type Role = 'follower' | 'preCandidate' | 'candidate' | 'leader';

/** A single membership change (etcd v2-style ConfChange, one voter at a time). */
export interface ConfChange {
  readonly type: 'add-node' | 'remove-node';
  readonly node: NodeId;
}

interface EntryBase {
  readonly term: number;
  readonly index: number;
}
/** The empty entry a new leader appends in its own term. */
export interface NoopEntry extends EntryBase {
  readonly kind: 'noop';
}
export interface NormalEntry extends EntryBase {
  readonly kind: 'normal';
  readonly data: string;
}
export interface ConfEntry extends EntryBase {
  readonly kind: 'conf';
  readonly change: ConfChange;
}
/** Log entries are immutable once built; logs and messages share them. */
export type Entry = NoopEntry | NormalEntry | ConfEntry;

/** What a snapshot covers: every entry up to `index`, and the voters at that point. */
export interface Snapshot {
  readonly index: number;
  readonly term: number;
  /** Voters (sorted) after applying every entry up to `index`. */
  readonly voters: readonly NodeId[];
  /** The application's state at `index`, opaque to Raft. */
  readonly data: string;
}

/** etcd's HardState: what must be on disk before any message of the same step leaves. */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId | undefined;
  readonly commit: number;
}

/** Everything a restart needs (`restart(persistent, options)`). */
export interface RaftPersistent {
  readonly hardState: HardState;
  readonly snapshot: Snapshot;
  /** Index and term of the last compacted entry (<= snapshot.index). */
  readonly base: { readonly index: number; readonly term: number };
  /** Entries after `base.index`, contiguous. */
  readonly entries: readonly Entry[];
}

interface MessageBase {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
}
export interface AppendMessage extends MessageBase {
  readonly type: 'MsgApp';
  /** Index and term of the entry just before `entries`. */
  readonly index: number;
  readonly logTerm: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
}
export interface AppendResponseMessage extends MessageBase {
  readonly type: 'MsgAppResp';
  /** Accepted: the follower's last index matching the leader. Rejected: the rejected `index`. */
  readonly index: number;
  readonly reject: boolean;
  /** Rejected only: the follower's guess of the last index that may match, and its term. */
  readonly rejectHint: number;
  readonly logTerm: number;
}
export interface VoteMessage extends MessageBase {
  readonly type: 'MsgVote' | 'MsgPreVote';
  readonly index: number;
  readonly logTerm: number;
  /** Sent on MsgTimeoutNow: overrides the check-quorum lease. */
  readonly transfer: boolean;
}
export interface VoteResponseMessage extends MessageBase {
  readonly type: 'MsgVoteResp' | 'MsgPreVoteResp';
  readonly reject: boolean;
}
export interface HeartbeatMessage extends MessageBase {
  readonly type: 'MsgHeartbeat';
  readonly commit: number;
}
export interface HeartbeatResponseMessage extends MessageBase {
  readonly type: 'MsgHeartbeatResp';
}
export interface SnapshotMessage extends MessageBase {
  readonly type: 'MsgSnap';
  readonly snapshot: Snapshot;
}
export interface TimeoutNowMessage extends MessageBase {
  readonly type: 'MsgTimeoutNow';
}
export type Message =
  | AppendMessage
  | AppendResponseMessage
  | VoteMessage
  | VoteResponseMessage
  | HeartbeatMessage
  | HeartbeatResponseMessage
  | SnapshotMessage
  | TimeoutNowMessage;
export type MessageType = Message['type'];

/** One canonical trace event: a name and ordered fields (never an arbitrary object). */
export interface RaftEvent {
  readonly name: string;
  readonly fields: readonly (readonly [string, string | number | boolean])[];
}

/** See the effect contract in `step.ts`. */
export type Effect =
  | { readonly kind: 'trace'; readonly event: RaftEvent }
  | {
      readonly kind: 'persist';
      readonly hardState: HardState;
      /** First log index written (entries from here to the last index are new); undefined: log unchanged. */
      readonly entriesFrom: number | undefined;
      /** A new snapshot replaced the log prefix. */
      readonly snapshot: Snapshot | undefined;
    }
  | { readonly kind: 'send'; readonly to: NodeId; readonly message: Message }
  | { readonly kind: 'restore'; readonly snapshot: Snapshot }
  | { readonly kind: 'apply'; readonly entries: readonly Entry[] }
  | { readonly kind: 'snapshot-due'; readonly index: number };

export interface StepResult<S> {
  readonly state: S;
  readonly effects: readonly Effect[];
}

export type DropReason = 'no leader' | 'conf change pending' | 'leadership transfer';

export type ProposeResult =
  | { readonly kind: 'proposed'; readonly index: number; readonly term: number }
  | { readonly kind: 'dropped'; readonly reason: DropReason; readonly detail: string };

/** The injected random stream (the kernel's `Rng` satisfies it). */
export interface TimeoutSource {
  /** Uniform integer in [0, n). */
  intBelow(n: number): number;
}

/** Thrown when the machine reaches a state Raft forbids: a bug, never a protocol outcome. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

export function invariant(condition: boolean, detail: () => string): asserts condition {
  if (!condition) throw new InvariantError(detail());
}

export function compareIds(a: NodeId, b: NodeId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
