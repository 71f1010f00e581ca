/**
 * Handing committed entries to the application, in index order, and the
 * bookkeeping that hangs on it: conf changes take effect, the new leader's
 * "caught up" signal (SwarmKit `raft.go#Run`: a leader signals leadership only
 * after applying every entry of its log), and the snapshot-due hint.
 */
import { applyConfChange } from './confchange.js';
import { slice } from './log.js';
import { trace } from './outbox.js';
import type { RaftState } from './state.js';
import type { Entry } from './types.js';

export function applyCommitted(state: RaftState): void {
  const log = state.log;
  while (log.applied < log.committed) {
    const batch = slice(log, log.applied + 1, log.committed + 1);
    for (const entry of batch) {
      log.applied = entry.index;
      pushApplied(state, entry);
      if (entry.kind === 'conf') applyConfChange(state, entry);
    }
  }
  if (state.role === 'leader' && !state.caughtUp && log.applied >= state.readyIndex) {
    state.caughtUp = true;
    trace(state, 'raft.leader-ready', [['term', state.term], ['applied', log.applied]]);
  }
  if (!state.snapshotRequested && log.applied - log.snapshot.index >= state.config.snapshotInterval) {
    state.snapshotRequested = true;
    state.out.applied.push({ kind: 'snapshot-due', index: log.applied });
  }
}

function pushApplied(state: RaftState, entry: Entry): void {
  const effects = state.out.applied;
  const last = effects[effects.length - 1];
  if (last !== undefined && last.kind === 'apply') (last.entries as Entry[]).push(entry);
  else effects.push({ kind: 'apply', entries: [entry] });
}
