/**
 * Role changes. `becomeFollower`, `becomePreCandidate`, `becomeCandidate` and
 * `becomeLeader` are the only functions that assign `state.role`; each checks
 * the transition against `legalFrom` and draws a fresh randomized election
 * timeout from the injected stream (one draw per call, in call order).
 *
 *            timeout (preVote)          pre-vote quorum
 *  follower ------------------> preCandidate -----------> candidate --vote quorum--> leader
 *     ^  \______________ timeout (no preVote) _____________^   |                       |
 *     |                                                          |                       |
 *     +---- higher term, leader heard, vote lost, removed -------+-----------------------+
 */
import { appendOwn, lastIndex } from './log.js';
import { idOrNone, trace } from './outbox.js';
import type { Progress, RaftState } from './state.js';
import { type NodeId, type Role, invariant } from './types.js';

const legalFrom: Readonly<Record<Role, readonly Role[]>> = {
  follower: ['follower', 'preCandidate', 'candidate', 'leader'],
  preCandidate: ['follower', 'preCandidate', 'candidate'],
  candidate: ['follower', 'preCandidate', 'candidate'],
  leader: ['candidate'],
};

function enter(state: RaftState, role: Role): void {
  invariant(legalFrom[role].includes(state.role), () => `raft ${state.id}: illegal transition ${state.role} -> ${role}`);
  state.role = role;
}

function reset(state: RaftState, term: number): void {
  if (state.term !== term) {
    invariant(term > state.term, () => `raft ${state.id}: term would go back from ${state.term} to ${term}`);
    state.term = term;
    state.vote = undefined;
  }
  state.leader = undefined;
  state.electionElapsed = 0;
  state.heartbeatElapsed = 0;
  const tick = state.config.electionTick;
  const draw = state.random.intBelow(tick);
  invariant(Number.isInteger(draw) && draw >= 0 && draw < tick, () => `raft ${state.id}: random draw ${draw} outside [0, ${tick})`);
  state.randomizedElectionTimeout = tick + draw;
  state.votes.clear();
  state.progress.clear();
  state.leadTransferee = undefined;
  state.caughtUp = false;
  state.readyIndex = 0;
  state.pendingConfIndex = 0;
}

/**
 * `keepElectionTimer`: a higher-term vote request moves us to its term but,
 * as in the Raft paper (Figure 2) and unlike etcd's `reset`, does not restart
 * our election timer unless we grant the vote: a candidate with a stale log
 * would otherwise keep a better one from ever timing out.
 */
export function becomeFollower(state: RaftState, term: number, leader: NodeId | undefined, reason: string, keepElectionTimer = false): void {
  const from = state.role;
  const elapsed = state.electionElapsed;
  enter(state, 'follower');
  reset(state, term);
  if (keepElectionTimer) state.electionElapsed = elapsed;
  state.leader = leader;
  trace(state, 'raft.became-follower', [['term', term], ['leader', idOrNone(leader)], ['from', from], ['reason', reason]]);
}

export function becomePreCandidate(state: RaftState): void {
  enter(state, 'preCandidate');
  // Pre-vote keeps term and vote: only a won pre-election may bump the term.
  reset(state, state.term);
  trace(state, 'raft.became-pre-candidate', [['term', state.term]]);
}

export function becomeCandidate(state: RaftState): void {
  enter(state, 'candidate');
  reset(state, state.term + 1);
  state.vote = state.id;
  trace(state, 'raft.became-candidate', [['term', state.term]]);
}

export function becomeLeader(state: RaftState): void {
  enter(state, 'leader');
  reset(state, state.term);
  state.leader = state.id;
  const last = lastIndex(state.log);
  for (const id of state.voters) {
    const self = id === state.id;
    const pr: Progress = { match: self ? last : 0, next: last + 1, state: self ? 'replicate' : 'probe', paused: false, pendingSnapshot: 0, recentActive: self, inflight: [], sentCommit: 0 };
    state.progress.set(id, pr);
  }
  // Every conf entry still in the log may be unapplied: block new ones until it is (etcd).
  state.pendingConfIndex = last;
  appendOwn(state.log, { kind: 'noop', term: state.term, index: last + 1 });
  const self = state.progress.get(state.id);
  if (self) {
    self.match = last + 1;
    self.next = last + 2;
  }
  state.readyIndex = last + 1;
  trace(state, 'raft.became-leader', [['term', state.term], ['index', last + 1]]);
}
