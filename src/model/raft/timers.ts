/**
 * Timers, in ticks, listed per role and walked in a fixed order by `tick`.
 * etcd `tickElection` / `tickHeartbeat`; swarm-behaviour.md §1.2.
 */
import { campaign } from './election.js';
import { trace } from './outbox.js';
import { bcastHeartbeat } from './replication.js';
import { becomeFollower } from './roles.js';
import { type RaftState, promotable, quorum } from './state.js';
import type { Role } from './types.js';

type Timer = (state: RaftState) => void;

/** Follower, pre-candidate, candidate: campaign when the randomized timeout elapses. */
function onElectionTimeout(state: RaftState): void {
  state.electionElapsed += 1;
  if (state.electionElapsed < state.randomizedElectionTimeout) return;
  state.electionElapsed = 0;
  hup(state, 'election timeout');
}

/** Leader: every electionTick, check that a quorum was heard from (CheckQuorum) and end a stuck transfer. */
function onCheckQuorumTimeout(state: RaftState): void {
  state.electionElapsed += 1;
  if (state.electionElapsed < state.config.electionTick) return;
  state.electionElapsed = 0;
  if (state.config.checkQuorum) {
    const active = state.voters.filter((id) => id === state.id || state.progress.get(id)?.recentActive === true).length;
    if (active < quorum(state.voters.length)) {
      becomeFollower(state, state.term, undefined, 'quorum not active');
      return;
    }
    for (const [id, pr] of state.progress) pr.recentActive = id === state.id;
  }
  if (state.leadTransferee !== undefined) {
    trace(state, 'raft.transfer-aborted', [['to', state.leadTransferee], ['reason', 'election timeout elapsed']]);
    state.leadTransferee = undefined;
  }
}

function onHeartbeatTimeout(state: RaftState): void {
  state.heartbeatElapsed += 1;
  if (state.heartbeatElapsed < state.config.heartbeatTick) return;
  state.heartbeatElapsed = 0;
  bcastHeartbeat(state);
}

export const timersByRole: Readonly<Record<Role, readonly Timer[]>> = {
  follower: [onElectionTimeout],
  preCandidate: [onElectionTimeout],
  candidate: [onElectionTimeout],
  leader: [onCheckQuorumTimeout, onHeartbeatTimeout],
};

/** etcd MsgHup: start a campaign unless leader or not a voter. */
export function hup(state: RaftState, why: string): void {
  if (state.role === 'leader') return;
  if (!promotable(state)) {
    trace(state, 'raft.campaign-skipped', [['reason', 'not a voter'], ['why', why]]);
    return;
  }
  trace(state, 'raft.campaign', [['why', why], ['term', state.term]]);
  campaign(state, state.config.preVote ? 'pre-election' : 'election');
}
