/**
 * The pure Raft machine's entry points. Every one takes a state plus one input
 * and returns `{ state, effects }`; `propose*` also return a result value. The
 * returned state is the same object, updated (etcd style): hold no reference to
 * the "old" state; `persistentOf(state)` and `status(state)` copy what you need.
 * No clock, network or randomness of its own: time is `tick`, the network is
 * `send` effects and `step`, randomness is the `random` stream given at creation.
 *
 * EFFECT CONTRACT (what the driver must do with `effects`, in array order):
 *   trace        `event` is a canonical event (name, ordered fields) to record.
 *                Informational; order among traces is the order things happened.
 *   persist      at most one per call, before every `send`: make durable
 *                `hardState` (term, vote, commit), the log from `entriesFrom`
 *                to the last index (entries after it are gone), and `snapshot`
 *                when set. The simulator may keep `persistentOf(state)` instead:
 *                a call is atomic, so persistence is complete when it returns.
 *   send         deliver `message` to `to` (may be lost, delayed, reordered:
 *                Raft tolerates it). Only after the persist effect.
 *   restore      load the application state from `snapshot` (a snapshot was
 *                installed or the node restarted); always before the `apply`
 *                effects that follow it.
 *   apply        `entries` are committed: apply them to the application in
 *                array order (strictly increasing index, no gaps after the
 *                previous apply/restore). Conf entries already took effect in
 *                Raft. The machine counts them applied when it returns them.
 *   snapshot-due applied - snapshot >= SnapshotInterval: call
 *                `takeSnapshot(state, data)` with the application state at
 *                `index` (the applied index) before the next input.
 */
import { applyCommitted } from './apply.js';
import { confChangePending } from './confchange.js';
import { campaign, onVoteRequest, onVoteResponse } from './election.js';
import { compact, lastIndex } from './log.js';
import { send, trace } from './outbox.js';
import { appendAsLeader, bcastAppend, maybeCommit, onAppendEntries, onAppendResponse, onHeartbeat, onHeartbeatResponse, onSnapshot, sendAppend } from './replication.js';
import { becomeFollower } from './roles.js';
import { type NodeOptions, type RaftState, bootstrapPersistent, isVoter, promotable, stateFrom } from './state.js';
import { hup, timersByRole } from './timers.js';
import {
  type ConfChange,
  type Effect,
  type Entry,
  type Message,
  type MessageType,
  type NodeId,
  type ProposeResult,
  type RaftPersistent,
  type RaftEvent,
  type Role,
  type StepResult,
  type VoteMessage,
  InvariantError,
  invariant,
} from './types.js';
import { assertState } from './assert-state.js';

type Handler = (state: RaftState, m: Message) => void;

function asLeaderContact(handler: (state: RaftState, m: Message) => void): Handler {
  return (state, m) => {
    if (state.role !== 'follower') becomeFollower(state, m.term, m.from, `${m.type} from leader ${m.from}`);
    state.electionElapsed = 0;
    state.leader = m.from;
    handler(state, m);
  };
}

const onApp: Handler = asLeaderContact((s, m) => onAppendEntries(s, m as Extract<Message, { type: 'MsgApp' }>));
const onBeat: Handler = asLeaderContact((s, m) => onHeartbeat(s, m as Extract<Message, { type: 'MsgHeartbeat' }>));
const onSnap: Handler = asLeaderContact((s, m) => onSnapshot(s, m as Extract<Message, { type: 'MsgSnap' }>));
const onVote: Handler = (s, m) => onVoteRequest(s, m as VoteMessage);
const onVoteResp: Handler = (s, m) => onVoteResponse(s, m as Extract<Message, { type: 'MsgVoteResp' | 'MsgPreVoteResp' }>);
const onTimeoutNow: Handler = (s, m) => {
  if (!promotable(s)) return;
  trace(s, 'raft.transfer-campaign', [['from', m.from], ['term', s.term]]);
  campaign(s, 'transfer');
};
const onSecondLeader: Handler = (s, m) => {
  invariant(false, () => `raft ${s.id}: leader of term ${s.term} got ${m.type} from ${m.from} in the same term`);
};

/** Messages a role does not list are stale answers and are dropped silently. */
const stepByRole: Readonly<Record<Role, Partial<Record<MessageType, Handler>>>> = {
  follower: { MsgApp: onApp, MsgHeartbeat: onBeat, MsgSnap: onSnap, MsgVote: onVote, MsgPreVote: onVote, MsgTimeoutNow: onTimeoutNow },
  preCandidate: { MsgApp: onApp, MsgHeartbeat: onBeat, MsgSnap: onSnap, MsgVote: onVote, MsgPreVote: onVote, MsgPreVoteResp: onVoteResp },
  candidate: { MsgApp: onApp, MsgHeartbeat: onBeat, MsgSnap: onSnap, MsgVote: onVote, MsgPreVote: onVote, MsgVoteResp: onVoteResp },
  leader: {
    MsgAppResp: (s, m) => onAppendResponse(s, m as Extract<Message, { type: 'MsgAppResp' }>),
    MsgHeartbeatResp: (s, m) => onHeartbeatResponse(s, m.from),
    MsgVote: onVote,
    MsgPreVote: onVote,
    MsgApp: onSecondLeader,
    MsgHeartbeat: onSecondLeader,
    MsgSnap: onSecondLeader,
  },
};

function isLeaderContact(type: MessageType): boolean {
  return type === 'MsgApp' || type === 'MsgHeartbeat' || type === 'MsgSnap';
}

/** Check-quorum lease: a node that heard from a live leader within an election timeout ignores votes. */
export function ignoreVoteInLease(state: RaftState, m: VoteMessage): boolean {
  return state.config.checkQuorum && !m.transfer && state.leader !== undefined && state.electionElapsed < state.config.electionTick;
}

/** Settle the term before dispatching (Raft §5.1, etcd `Step`). Returns whether to dispatch. */
function settleTerm(state: RaftState, m: Message): boolean {
  if (m.term > state.term) {
    if ((m.type === 'MsgVote' || m.type === 'MsgPreVote') && ignoreVoteInLease(state, m)) {
      trace(state, 'raft.vote-ignored', [['type', m.type], ['from', m.from], ['term', m.term], ['reason', `in lease of leader ${state.leader ?? '-'}`]]);
      return false;
    }
    if (m.type === 'MsgPreVote' || (m.type === 'MsgPreVoteResp' && !m.reject)) return true;
    const leader = isLeaderContact(m.type) ? m.from : undefined;
    becomeFollower(state, m.term, leader, `${m.type} with higher term ${m.term} from ${m.from}`, m.type === 'MsgVote' && state.role === 'follower');
    return true;
  }
  if (m.term < state.term) {
    if ((state.config.checkQuorum || state.config.preVote) && (m.type === 'MsgApp' || m.type === 'MsgHeartbeat')) {
      // Tell a stale leader our term so that it steps down (etcd: it may be cut off and unable to learn otherwise).
      send(state, { type: 'MsgAppResp', to: m.from, index: 0, reject: false, rejectHint: 0, logTerm: 0 });
    } else if (m.type === 'MsgPreVote') {
      send(state, { type: 'MsgPreVoteResp', to: m.from, reject: true });
    }
    return false;
  }
  return true;
}

function begin(state: RaftState): void {
  const out = state.out;
  // Normally empty already (finish clears them); a call that threw may have left some behind.
  if (out.traces.length !== 0) out.traces.length = 0;
  if (out.sends.length !== 0) out.sends.length = 0;
  if (out.applied.length !== 0) out.applied.length = 0;
  out.hardTerm = state.term;
  out.hardVote = state.vote;
  out.hardCommit = state.log.committed;
  state.log.dirtyFrom = undefined;
  state.log.snapshotDirty = false;
}

function finish(state: RaftState): StepResult<RaftState> {
  applyCommitted(state);
  assertState(state);
  const out = state.out;
  const log = state.log;
  const { traces, sends, applied } = out;
  // Hot path: one array sized once, effects built in a plain loop (no map, no intermediate arrays).
  const effects: Effect[] = [];
  for (let i = 0; i < traces.length; i++) effects.push({ kind: 'trace', event: traces[i] as RaftEvent });
  const hardChanged = out.hardTerm !== state.term || out.hardVote !== state.vote || out.hardCommit !== log.committed;
  if (hardChanged || log.dirtyFrom !== undefined || log.snapshotDirty) {
    effects.push({
      kind: 'persist',
      hardState: { term: state.term, vote: state.vote, commit: log.committed },
      entriesFrom: log.dirtyFrom,
      snapshot: log.snapshotDirty ? log.snapshot : undefined,
    });
  }
  for (let i = 0; i < sends.length; i++) {
    const message = sends[i] as Message;
    effects.push({ kind: 'send', to: message.to, message });
  }
  for (let i = 0; i < applied.length; i++) effects.push(applied[i] as Effect);
  if (traces.length !== 0) traces.length = 0;
  if (sends.length !== 0) sends.length = 0;
  if (applied.length !== 0) applied.length = 0;
  log.dirtyFrom = undefined;
  log.snapshotDirty = false;
  return { state, effects };
}

export interface CreateOptions extends NodeOptions {
  /** The initial configuration: [self] for `swarm init`, [] for a joining manager, all ids for a test group. */
  readonly voters: readonly NodeId[];
}

/** A brand-new node. A group of one campaigns at once (swarm init). */
export function createNode(options: CreateOptions): StepResult<RaftState> {
  return restart(bootstrapPersistent(options.voters), options);
}

/** Rebuild a node from durable state after a crash: volatile state starts fresh as a follower. */
export function restart(persistent: RaftPersistent, options: NodeOptions): StepResult<RaftState> {
  const state = stateFrom(persistent, options);
  begin(state);
  becomeFollower(state, state.term, undefined, 'start');
  if (state.log.snapshot.index > 0) state.out.applied.push({ kind: 'restore', snapshot: state.log.snapshot });
  // Conf entries take effect on apply: replay committed ones before deciding whether we are alone.
  applyCommitted(state);
  if (state.voters.length === 1 && state.voters[0] === state.id) hup(state, 'single voter');
  return finish(state);
}

/** Deliver one message addressed to this node. */
export function step(state: RaftState, m: Message): StepResult<RaftState> {
  if (m.to !== state.id) throw new InvariantError(`raft ${state.id}: got a message for ${m.to}`);
  begin(state);
  if (settleTerm(state, m)) stepByRole[state.role][m.type]?.(state, m);
  return finish(state);
}

/** One tick (TICK_INTERVAL_US of simulated time): run the role's timers in table order. */
export function tick(state: RaftState): StepResult<RaftState> {
  begin(state);
  const role = state.role;
  for (const timer of timersByRole[role]) {
    if (state.role !== role) break;
    timer(state);
  }
  return finish(state);
}

/** Campaign now (etcd MsgHup / SwarmKit `Campaign`), regardless of timers. */
export function campaignNow(state: RaftState): StepResult<RaftState> {
  begin(state);
  hup(state, 'requested');
  return finish(state);
}

export interface ProposeStepResult extends StepResult<RaftState> {
  readonly result: ProposeResult;
}

function refuse(state: RaftState, forConf: boolean): Extract<ProposeResult, { kind: 'dropped' }> | undefined {
  if (state.role !== 'leader') return { kind: 'dropped', reason: 'no leader', detail: `not leader (leader ${state.leader ?? '-'})` };
  if (!state.caughtUp) return { kind: 'dropped', reason: 'no leader', detail: 'leader not caught up' };
  if (state.leadTransferee !== undefined) return { kind: 'dropped', reason: 'leadership transfer', detail: `transferring to ${state.leadTransferee}` };
  if (forConf && confChangePending(state)) return { kind: 'dropped', reason: 'conf change pending', detail: `conf entry ${state.pendingConfIndex} not applied` };
  return undefined;
}

/** Append a caught-up leader's new entry and replicate it; the caller has checked `refuse`. */
function appendProposal(state: RaftState, entry: Entry): ProposeResult {
  appendAsLeader(state, entry);
  if (entry.kind === 'conf') state.pendingConfIndex = entry.index;
  for (const id of state.voters) if (id !== state.id) sendAppend(state, id, false);
  if (maybeCommit(state)) bcastAppend(state);
  return { kind: 'proposed', index: entry.index, term: entry.term };
}

function refused(state: RaftState, refusal: Extract<ProposeResult, { kind: 'dropped' }>): ProposeResult {
  trace(state, 'raft.proposal-dropped', [['reason', refusal.reason], ['detail', refusal.detail]]);
  return refusal;
}

function withResult(step: StepResult<RaftState>, result: ProposeResult): ProposeStepResult {
  return { state: step.state, effects: step.effects, result };
}

/** Propose an entry (one store transaction). Only a caught-up leader accepts. */
export function propose(state: RaftState, data: string): ProposeStepResult {
  begin(state);
  const refusal = refuse(state, false);
  const result =
    refusal === undefined ? appendProposal(state, { kind: 'normal', term: state.term, index: lastIndex(state.log) + 1, data }) : refused(state, refusal);
  return withResult(finish(state), result);
}

/** Propose adding or removing one voter. Refused while another conf change is unapplied. */
export function proposeConfChange(state: RaftState, change: ConfChange): ProposeStepResult {
  begin(state);
  const refusal = refuse(state, true);
  const result =
    refusal === undefined ? appendProposal(state, { kind: 'conf', term: state.term, index: lastIndex(state.log) + 1, change }) : refused(state, refusal);
  return withResult(finish(state), result);
}

/** Record the application's snapshot at the applied index and compact the log. */
export function takeSnapshot(state: RaftState, data: string): StepResult<RaftState> {
  begin(state);
  const log = state.log;
  const index = log.applied;
  const term = log.base.index === index ? log.base.term : (log.entries[index - log.base.index - 1]?.term ?? 0);
  compact(log, { index, term, voters: [...state.voters], data }, state.config.logEntriesForSlowFollowers);
  state.snapshotRequested = false;
  trace(state, 'raft.snapshot-taken', [['index', index], ['term', term], ['first', log.base.index + 1]]);
  return finish(state);
}

/** Leader: hand leadership to `to` (SwarmKit uses it only to demote the leader). */
export function transferLeadership(state: RaftState, to: NodeId): StepResult<RaftState> {
  begin(state);
  if (state.role !== 'leader' || to === state.id || !isVoter(state, to) || state.leadTransferee === to) {
    trace(state, 'raft.transfer-ignored', [['to', to], ['role', state.role]]);
    return finish(state);
  }
  state.leadTransferee = to;
  state.electionElapsed = 0;
  trace(state, 'raft.transfer-started', [['to', to], ['term', state.term]]);
  const pr = state.progress.get(to);
  if (pr !== undefined && pr.match === lastIndex(state.log)) send(state, { type: 'MsgTimeoutNow', to });
  else sendAppend(state, to, true);
  return finish(state);
}
