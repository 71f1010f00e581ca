/** Cheap structural checks run at the end of every call (kept on). */
import { lastIndex } from './log.js';
import type { RaftState } from './state.js';
import { invariant } from './types.js';

export function assertState(state: RaftState): void {
  const log = state.log;
  const id = state.id;
  // Plain comparisons first: building the failure text only when something broke keeps this cheap.
  const ok =
    log.applied <= log.committed &&
    log.committed <= lastIndex(log) &&
    log.base.index <= log.snapshot.index &&
    log.snapshot.index <= log.applied &&
    (state.role === 'leader' ? state.leader === id && state.vote === id : state.leader !== id) &&
    (state.role !== 'candidate' || state.vote === id);
  if (ok) return;
  invariant(log.applied <= log.committed, () => `raft ${id}: applied ${log.applied} > commit ${log.committed}`);
  invariant(log.committed <= lastIndex(log), () => `raft ${id}: commit ${log.committed} > last index ${lastIndex(log)}`);
  invariant(log.base.index <= log.snapshot.index && log.snapshot.index <= log.applied, () => `raft ${id}: base ${log.base.index} <= snapshot ${log.snapshot.index} <= applied ${log.applied} broken`);
  if (state.role === 'leader') {
    invariant(state.leader === id && state.vote === id, () => `raft ${id}: leader with leader=${state.leader ?? '-'} vote=${state.vote ?? '-'}`);
  } else {
    invariant(state.leader !== id, () => `raft ${id}: ${state.role} believes itself leader`);
  }
  if (state.role === 'candidate') invariant(state.vote === id, () => `raft ${id}: candidate voted for ${state.vote ?? '-'}`);
}
