/**
 * Elections: campaigns (pre-vote and vote), granting votes, counting them.
 * Raft §5.2 and §5.4.1 (up-to-date check); pre-vote from Ongaro's thesis §9.6
 * as etcd implements it.
 */
import { isUpToDate, lastIndex, lastTerm } from './log.js';
import { trace } from './outbox.js';
import { bcastAppend, maybeCommit } from './replication.js';
import { becomeCandidate, becomeFollower, becomeLeader, becomePreCandidate } from './roles.js';
import { type RaftState, quorum } from './state.js';
import { send } from './outbox.js';
import type { NodeId, VoteMessage, VoteResponseMessage } from './types.js';

export type CampaignKind = 'pre-election' | 'election' | 'transfer';

/** Start a (pre-)election. Only voters campaign; callers check `promotable`. */
export function campaign(state: RaftState, kind: CampaignKind): void {
  let type: VoteMessage['type'];
  let term: number;
  if (kind === 'pre-election') {
    becomePreCandidate(state);
    type = 'MsgPreVote';
    term = state.term + 1;
  } else {
    becomeCandidate(state);
    type = 'MsgVote';
    term = state.term;
  }
  if (poll(state, state.id, true) === 'won') {
    // A group of one wins at once (swarm init makes the first manager leader immediately).
    winElection(state);
    return;
  }
  const index = lastIndex(state.log);
  const logTerm = lastTerm(state.log);
  for (const to of state.voters) {
    if (to === state.id) continue;
    send(state, { type, to, term, index, logTerm, transfer: kind === 'transfer' });
  }
}

function winElection(state: RaftState): void {
  if (state.role === 'preCandidate') {
    campaign(state, 'election');
    return;
  }
  becomeLeader(state);
  bcastAppend(state);
  // A group of one commits its no-op at once.
  maybeCommit(state);
}

type PollResult = 'won' | 'lost' | 'pending';

function poll(state: RaftState, from: NodeId, granted: boolean): PollResult {
  if (!state.votes.has(from)) state.votes.set(from, granted);
  let yes = 0;
  let no = 0;
  for (const id of state.voters) {
    const vote = state.votes.get(id);
    if (vote === true) yes += 1;
    else if (vote === false) no += 1;
  }
  const needed = quorum(state.voters.length);
  if (yes >= needed) return 'won';
  if (no >= needed) return 'lost';
  return 'pending';
}

/** MsgVote / MsgPreVote, after the term checks in `step`. */
export function onVoteRequest(state: RaftState, m: VoteMessage): void {
  const responseType = m.type === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp';
  const canVote =
    state.vote === m.from ||
    (state.vote === undefined && state.leader === undefined) ||
    (m.type === 'MsgPreVote' && m.term > state.term);
  const upToDate = isUpToDate(state.log, m.index, m.logTerm);
  if (canVote && upToDate) {
    // A pre-vote answer carries the candidate's future term, so it is not mistaken for a stale reply.
    send(state, { type: responseType, to: m.from, term: m.term, reject: false });
    if (m.type === 'MsgVote') {
      state.electionElapsed = 0;
      state.vote = m.from;
    }
    trace(state, m.type === 'MsgVote' ? 'raft.vote-granted' : 'raft.pre-vote-granted', [['to', m.from], ['term', m.term]]);
    return;
  }
  send(state, { type: responseType, to: m.from, reject: true });
  const reason = !upToDate ? 'log not up to date' : state.vote !== undefined ? `already voted for ${state.vote}` : `leader ${state.leader ?? '-'} known`;
  trace(state, m.type === 'MsgVote' ? 'raft.vote-rejected' : 'raft.pre-vote-rejected', [['to', m.from], ['term', m.term], ['reason', reason]]);
}

/** MsgVoteResp on a candidate, MsgPreVoteResp on a pre-candidate. */
export function onVoteResponse(state: RaftState, m: VoteResponseMessage): void {
  const expected = state.role === 'candidate' ? 'MsgVoteResp' : 'MsgPreVoteResp';
  if (m.type !== expected) return;
  const result = poll(state, m.from, !m.reject);
  if (result === 'won') winElection(state);
  else if (result === 'lost') becomeFollower(state, state.term, undefined, m.type === 'MsgVoteResp' ? 'lost election' : 'lost pre-election');
}
