/**
 * Log replication (Raft §5.3) with etcd's progress tracking: probe (one
 * append in flight until answered), replicate (optimistic, bounded in-flight
 * window), snapshot (waiting for a sent snapshot to be acknowledged); fast
 * back-off by (rejectHint, logTerm); commit by counting replicas of an entry of
 * the leader's own term only (§5.4.2, Figure 8).
 */
import { appendOwn, commitTo, findConflictByTerm, lastIndex, maybeAppend, matchTerm, restore, slice, termAt } from './log.js';
import { idOrNone, send, trace } from './outbox.js';
import { type Progress, type RaftState, quorum } from './state.js';
import { type AppendMessage, type AppendResponseMessage, type Entry, type HeartbeatMessage, type NodeId, type SnapshotMessage, invariant } from './types.js';

/** The entries of every empty append (messages are immutable, so one frozen array serves all). */
const NO_ENTRIES: readonly Entry[] = Object.freeze([]);

function progressOf(state: RaftState, id: NodeId): Progress | undefined {
  return state.progress.get(id);
}

/** The leader appends an entry of its own term and counts itself as a replica. */
export function appendAsLeader(state: RaftState, entry: Entry): void {
  appendOwn(state.log, entry);
  const self = progressOf(state, state.id);
  if (self) {
    self.match = entry.index;
    self.next = entry.index + 1;
  }
}

function becomeProbe(pr: Progress): void {
  pr.state = 'probe';
  pr.paused = false;
  pr.pendingSnapshot = 0;
  pr.inflight = [];
  pr.next = pr.match + 1;
}

function becomeReplicate(pr: Progress): void {
  pr.state = 'replicate';
  pr.paused = false;
  pr.pendingSnapshot = 0;
  pr.inflight = [];
  pr.next = pr.match + 1;
}

/** Send what `to` is missing (or an empty append when `sendIfEmpty`). Returns whether it sent. */
export function sendAppend(state: RaftState, to: NodeId, sendIfEmpty: boolean): boolean {
  const pr = progressOf(state, to);
  if (pr === undefined || to === state.id) return false;
  if (pr.state === 'snapshot' || (pr.state === 'probe' && pr.paused)) return false;
  if (pr.state === 'replicate' && pr.inflight.length >= state.config.maxInflightMessages) return false;
  const prevIndex = pr.next - 1;
  const prevTerm = termAt(state.log, prevIndex);
  if (prevTerm === undefined) {
    sendSnapshot(state, to, pr);
    return true;
  }
  const last = lastIndex(state.log);
  const entries = pr.next <= last ? slice(state.log, pr.next, pr.next + state.config.maxEntriesPerMessage) : NO_ENTRIES;
  if (entries.length === 0 && !sendIfEmpty) return false;
  const commit = state.log.committed;
  send(state, { type: 'MsgApp', to, index: prevIndex, logTerm: prevTerm, entries, commit });
  const lastSent = entries[entries.length - 1];
  pr.sentCommit = Math.max(pr.sentCommit, Math.min(commit, lastSent?.index ?? prevIndex));
  if (pr.state === 'replicate' && lastSent !== undefined) {
    pr.next = lastSent.index + 1;
    pr.inflight.push(lastSent.index);
  } else if (pr.state === 'probe') {
    pr.paused = true;
  }
  return true;
}

function sendSnapshot(state: RaftState, to: NodeId, pr: Progress): void {
  const snapshot = state.log.snapshot;
  send(state, { type: 'MsgSnap', to, snapshot });
  pr.state = 'snapshot';
  pr.pendingSnapshot = snapshot.index;
  pr.inflight = [];
  trace(state, 'raft.snapshot-sent', [['to', to], ['index', snapshot.index], ['term', snapshot.term]]);
}

/** Leader: an append to every follower, in id order (carries the commit index). */
export function bcastAppend(state: RaftState): void {
  for (const id of state.voters) if (id !== state.id) sendAppend(state, id, true);
  // A removed follower still in progress (not possible after apply) is not contacted.
}

export function bcastHeartbeat(state: RaftState): void {
  for (const id of state.voters) {
    if (id === state.id) continue;
    const pr = progressOf(state, id);
    if (pr === undefined) continue;
    // Never tell a follower to commit beyond what it is known to hold (etcd).
    const commit = Math.min(pr.match, state.log.committed);
    send(state, { type: 'MsgHeartbeat', to: id, commit });
    pr.sentCommit = Math.max(pr.sentCommit, commit);
  }
}

/**
 * The highest index a quorum of `matchIndexes` holds (the quorum-th largest),
 * found without sorting a copy: the largest value that at least a quorum of
 * entries reach. Voter sets are small, so the quadratic walk is cheap.
 */
export function quorumIndex(matchIndexes: readonly number[]): number {
  const needed = quorum(matchIndexes.length);
  let best = 0;
  for (let i = 0; i < matchIndexes.length; i++) {
    const candidate = matchIndexes[i] as number;
    if (candidate <= best) continue;
    let reached = 0;
    for (let j = 0; j < matchIndexes.length; j++) if ((matchIndexes[j] as number) >= candidate) reached += 1;
    if (reached >= needed) best = candidate;
  }
  return best;
}

/** commit = max N such that a quorum has matchIndex >= N and log[N].term == currentTerm. */
export function commitIndexFor(input: {
  readonly matchIndexes: readonly number[];
  readonly committed: number;
  readonly currentTerm: number;
  readonly termAt: (index: number) => number | undefined;
}): number {
  const candidate = quorumIndex(input.matchIndexes);
  if (candidate > input.committed && input.termAt(candidate) === input.currentTerm) return candidate;
  return input.committed;
}

/** Leader: advance the commit index if a quorum now holds an entry of this term (`commitIndexFor`'s rule). */
export function maybeCommit(state: RaftState): boolean {
  const log = state.log;
  const voters = state.voters;
  let ahead = 0;
  for (let i = 0; i < voters.length; i++) if ((progressOf(state, voters[i] as NodeId)?.match ?? 0) > log.committed) ahead += 1;
  // Fast path: fewer than a quorum hold anything new.
  if (ahead < quorum(voters.length)) return false;
  const matchIndexes: number[] = [];
  for (let i = 0; i < voters.length; i++) matchIndexes.push(progressOf(state, voters[i] as NodeId)?.match ?? 0);
  // The rule itself lives in commitIndexFor, which the differential test checks against a naive oracle.
  const next = commitIndexFor({ matchIndexes, committed: log.committed, currentTerm: state.term, termAt: (index) => termAt(log, index) });
  return next > log.committed && commitTo(log, next);
}

/** Follower: MsgApp from the leader of this term. */
export function onAppendEntries(state: RaftState, m: AppendMessage): void {
  const log = state.log;
  if (m.index < log.committed) {
    send(state, { type: 'MsgAppResp', to: m.from, index: log.committed, reject: false, rejectHint: 0, logTerm: 0 });
    return;
  }
  if (matchTerm(log, m.index, m.logTerm)) {
    const { lastNew, truncatedFrom } = maybeAppend(log, m.entries);
    const lastMatched = Math.max(lastNew, m.index);
    if (truncatedFrom !== undefined) trace(state, 'raft.log-truncated', [['from', truncatedFrom], ['leader', m.from], ['term', m.term]]);
    commitTo(log, Math.min(m.commit, lastMatched));
    send(state, { type: 'MsgAppResp', to: m.from, index: lastMatched, reject: false, rejectHint: 0, logTerm: 0 });
    return;
  }
  const hintIndex = findConflictByTerm(log, Math.min(m.index, lastIndex(log)), m.logTerm);
  const hintTerm = termAt(log, hintIndex) ?? 0;
  send(state, { type: 'MsgAppResp', to: m.from, index: m.index, reject: true, rejectHint: hintIndex, logTerm: hintTerm });
}

/** Follower: MsgHeartbeat from the leader of this term. */
export function onHeartbeat(state: RaftState, m: HeartbeatMessage): void {
  commitTo(state.log, Math.min(m.commit, lastIndex(state.log)));
  send(state, { type: 'MsgHeartbeatResp', to: m.from });
}

/** Follower: MsgSnap (a leader's snapshot because our next entry was compacted). */
export function onSnapshot(state: RaftState, m: SnapshotMessage): void {
  const snap = m.snapshot;
  const log = state.log;
  if (snap.index <= log.committed) {
    send(state, { type: 'MsgAppResp', to: m.from, index: log.committed, reject: false, rejectHint: 0, logTerm: 0 });
    return;
  }
  if (matchTerm(log, snap.index, snap.term)) {
    // We already hold the entries: just learn they are committed.
    commitTo(log, snap.index);
    send(state, { type: 'MsgAppResp', to: m.from, index: lastIndex(log), reject: false, rejectHint: 0, logTerm: 0 });
    return;
  }
  restore(log, snap);
  state.voters = [...snap.voters];
  state.out.applied.push({ kind: 'restore', snapshot: snap });
  trace(state, 'raft.snapshot-installed', [['index', snap.index], ['term', snap.term], ['from', m.from], ['voters', snap.voters.join(',')]]);
  send(state, { type: 'MsgAppResp', to: m.from, index: snap.index, reject: false, rejectHint: 0, logTerm: 0 });
}

/** Leader: MsgAppResp from a follower. */
export function onAppendResponse(state: RaftState, m: AppendResponseMessage): void {
  const pr = progressOf(state, m.from);
  if (pr === undefined) return;
  pr.recentActive = true;
  if (m.reject) {
    const hint = m.logTerm > 0 ? findConflictByTerm(state.log, m.rejectHint, m.logTerm) : m.rejectHint;
    if (maybeDecrTo(pr, m.index, hint)) sendAppend(state, m.from, false);
    return;
  }
  if (!maybeUpdate(pr, m.index)) return;
  if (pr.state === 'probe') becomeReplicate(pr);
  else if (pr.state === 'snapshot' && pr.match >= pr.pendingSnapshot) becomeReplicate(pr);
  else if (pr.state === 'replicate') freeInflightTo(pr.inflight, m.index);
  if (maybeCommit(state)) bcastAppend(state);
  else {
    let sent = false;
    while (sendAppend(state, m.from, false)) sent = true;
    // The follower holds entries it does not yet know are committed: tell it (etcd 3.6 sentCommit).
    if (!sent && pr.sentCommit < Math.min(pr.match, state.log.committed)) sendAppend(state, m.from, true);
  }
  if (state.leadTransferee === m.from && pr.match === lastIndex(state.log)) {
    send(state, { type: 'MsgTimeoutNow', to: m.from });
    trace(state, 'raft.transfer-timeout-now', [['to', m.from]]);
  }
}

/** Drop the acknowledged appends (every last index <= `index`) from the ascending window, in place. */
function freeInflightTo(inflight: number[], index: number): void {
  let acked = 0;
  while (acked < inflight.length && (inflight[acked] as number) <= index) acked += 1;
  if (acked === 0) return;
  inflight.copyWithin(0, acked);
  inflight.length -= acked;
}

function maybeUpdate(pr: Progress, index: number): boolean {
  if (index <= pr.match) {
    pr.paused = false;
    return false;
  }
  pr.match = index;
  pr.next = Math.max(pr.next, index + 1);
  pr.paused = false;
  return true;
}

/** A rejection of `rejected`; `matchHint` is where the follower suggests we retry. */
function maybeDecrTo(pr: Progress, rejected: number, matchHint: number): boolean {
  if (pr.state === 'replicate') {
    if (rejected <= pr.match) return false;
    becomeProbe(pr);
    return true;
  }
  if (pr.next - 1 !== rejected) return false;
  pr.next = Math.max(Math.min(rejected, matchHint + 1), pr.match + 1);
  invariant(pr.next >= 1, () => `raft: next index ${pr.next} below 1`);
  pr.paused = false;
  return true;
}

/** Leader: MsgHeartbeatResp. Unpause a probe and resend what the follower lacks. */
export function onHeartbeatResponse(state: RaftState, from: NodeId): void {
  const pr = progressOf(state, from);
  if (pr === undefined) return;
  pr.recentActive = true;
  pr.paused = false;
  // A snapshot still unacknowledged at the next heartbeat may have been lost: probe again.
  if (pr.state === 'snapshot') becomeProbe(pr);
  // A lost last append would leave the window full and the follower behind: free a slot and probe.
  if (pr.state === 'replicate' && pr.inflight.length >= state.config.maxInflightMessages) pr.inflight.shift();
  if (pr.match < lastIndex(state.log)) sendAppend(state, from, true);
}

export function describeProgress(id: NodeId, pr: Progress): string {
  return `${idOrNone(id)} match=${pr.match} next=${pr.next} ${pr.state}${pr.paused ? ' paused' : ''}`;
}
