/**
 * Raft safety checks over the whole cluster, run after every kernel event in
 * which some manager's Raft state changed. The checkers (src/model/raft/
 * invariants.ts) compare the live states with a history of what was seen
 * before, so they must run before the history records this event: the world
 * runs them from its own after-event hook, which the kernel calls before the
 * scenario's, and the registry's invariants read the verdicts.
 */
import { type Entry, type RaftHistory, type RaftNodeView, checkAll, newRaftHistory, noteApplied, recordStep } from '../raft/index.js';

export const RAFT_INVARIANTS = [
  ['electionSafety', 'At most one leader per term (Raft §5.2).'],
  ['termsNeverDecrease', "A manager's term never goes back, across restarts too."],
  ['oneVotePerTerm', 'A manager votes at most once per term, and never changes that vote (persisted).'],
  ['logMatching', 'Two logs holding an entry with the same index and term agree on every entry before it (§5.3).'],
  ['leaderCompleteness', 'A leader holds every entry committed in an earlier term (§5.4).'],
  ['stateMachineSafety', 'No two managers apply different entries at one index (§5.4.3).'],
  ['durability', 'A committed entry is never lost, across crashes and restarts.'],
] as const;

export type RaftInvariantName = (typeof RAFT_INVARIANTS)[number][0];

export class RaftChecks {
  private readonly history: RaftHistory = newRaftHistory();
  private dirty = true;
  /** Violations found after the latest event, by invariant name. */
  readonly current = new Map<string, string>();

  constructor(private readonly enabled: boolean) {}

  noteApplied(node: string, entries: readonly Entry[]): void {
    if (this.enabled) noteApplied(this.history, node, entries);
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** Check the live managers (down ones are skipped: their durable state is checked when they return). */
  afterEvent(nodes: readonly RaftNodeView[]): void {
    if (!this.enabled || !this.dirty) return;
    this.dirty = false;
    this.current.clear();
    for (const failure of checkAll(nodes, this.history)) this.current.set(failure.name, failure.detail);
    recordStep(this.history, nodes);
  }
}
