/**
 * Membership changes, one voter at a time (etcd v2-style ConfChange): the
 * change takes effect when its entry is applied, i.e. after it commits. A
 * leader refuses a second change while one is unapplied.
 *
 * SwarmKit specifics (swarm-behaviour.md §1.2, §1.7): a leader whose own
 * removal is applied steps down; a follower that applies the removal of the
 * current leader campaigns at once (`raft.go#applyRemoveNode`).
 */
import { campaign } from './election.js';
import { lastIndex } from './log.js';
import { trace } from './outbox.js';
import { bcastAppend, maybeCommit } from './replication.js';
import { becomeFollower } from './roles.js';
import { type RaftState, promotable } from './state.js';
import { type ConfEntry, compareIds } from './types.js';

/** Leader-side admission of a conf change proposal. */
export function confChangePending(state: RaftState): boolean {
  return state.pendingConfIndex > state.log.applied;
}

export function applyConfChange(state: RaftState, entry: ConfEntry): void {
  const { type, node } = entry.change;
  const before = state.voters.length;
  if (type === 'add-node') addVoter(state, node);
  else removeVoter(state, node);
  trace(state, 'raft.conf-applied', [['change', type], ['node', node], ['index', entry.index], ['voters', state.voters.join(',')]]);
  if (state.voters.length === before) return;
  if (type === 'remove-node') afterRemoval(state, node);
}

function addVoter(state: RaftState, node: string): void {
  if (state.voters.includes(node)) return;
  state.voters = [...state.voters, node].sort(compareIds);
  if (state.role === 'leader' && !state.progress.has(node)) {
    // Counted active so that the next quorum check does not fail just because it is new (etcd).
    state.progress.set(node, { match: 0, next: lastIndex(state.log) + 1, state: 'probe', paused: false, pendingSnapshot: 0, recentActive: true, inflight: [], sentCommit: 0 });
  }
}

function removeVoter(state: RaftState, node: string): void {
  state.voters = state.voters.filter((id) => id !== node);
  if (state.role === 'leader') state.progress.delete(node);
  if (state.leadTransferee === node) state.leadTransferee = undefined;
}

function afterRemoval(state: RaftState, node: string): void {
  if (node === state.id) {
    if (state.role !== 'follower') becomeFollower(state, state.term, undefined, 'removed from configuration');
    else state.leader = undefined;
    return;
  }
  if (state.role === 'leader') {
    // A smaller quorum may commit more at once.
    if (maybeCommit(state)) bcastAppend(state);
    return;
  }
  if (node === state.leader) {
    state.leader = undefined;
    if (promotable(state)) {
      trace(state, 'raft.campaign-after-leader-removed', [['removed', node], ['term', state.term]]);
      campaign(state, state.config.preVote ? 'pre-election' : 'election');
    }
  }
}
