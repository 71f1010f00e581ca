/**
 * Raft safety checks over the whole cluster, run after every kernel event in
 * which some manager's Raft state changed. The checkers (src/model/raft/
 * invariants.ts) compare the live states with a history of what was seen
 * before, so they must run before the history records this event: the world
 * runs them from its own after-event hook, which the kernel calls before the
 * scenario's, and the registry's invariants read the verdicts.
 *
 * One world can hold several Raft groups (a `swarm leave --force` then a new
 * `swarm init`, or a second `init` on another host): terms and indexes are
 * per group, so every group has its own history. A member's group is fixed
 * the first time it has a configuration: the group of any voter it lists
 * that already has one, else a new group named after its first voter. Raft
 * ids are never reused, so a member never changes group; a joining member
 * with no configuration yet is in no group and is not checked until it has one.
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

/** A live member's Raft state: the checkers' view plus its configuration (voters). */
export type GroupedView = RaftNodeView & { readonly voters: readonly string[] };

export class RaftChecks {
  private readonly histories = new Map<string, RaftHistory>();
  private readonly groups = new Map<string, string>();
  private readonly applies: { readonly node: string; readonly entries: readonly Entry[] }[] = [];
  private dirty = true;
  /** Violations found after the latest event, by invariant name. */
  readonly current = new Map<string, string>();

  constructor(private readonly enabled: boolean) {}

  /** The Raft group (named after its founding member) a member belongs to; undefined before it has a configuration. */
  groupOf(id: string, voters: readonly string[]): string | undefined {
    const known = this.groups.get(id);
    if (known !== undefined) return known;
    if (voters.length === 0) return undefined;
    let group: string | undefined;
    for (const voter of voters) group ??= this.groups.get(voter);
    group ??= [...voters].sort()[0] as string;
    this.groups.set(id, group);
    return group;
  }

  noteApplied(node: string, entries: readonly Entry[]): void {
    if (this.enabled) this.applies.push({ node, entries });
  }

  private historyOf(group: string): RaftHistory {
    let history = this.histories.get(group);
    if (history === undefined) this.histories.set(group, (history = newRaftHistory()));
    return history;
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** Check the live managers (down ones are skipped: their durable state is checked when they return). */
  afterEvent(nodes: readonly GroupedView[]): void {
    if (!this.enabled || !this.dirty) return;
    this.dirty = false;
    this.current.clear();
    const byGroup = new Map<string, GroupedView[]>();
    for (const node of nodes) {
      const group = this.groupOf(node.id, node.voters);
      if (group === undefined) continue;
      const members = byGroup.get(group);
      if (members === undefined) byGroup.set(group, [node]);
      else members.push(node);
    }
    for (const { node, entries } of this.applies.splice(0)) {
      const group = this.groups.get(node);
      if (group === undefined) continue;
      if (!byGroup.has(group)) byGroup.set(group, []);
      noteApplied(this.historyOf(group), node, entries);
    }
    for (const [group, members] of byGroup) {
      const history = this.historyOf(group);
      for (const failure of checkAll(members, history)) if (!this.current.has(failure.name)) this.current.set(failure.name, failure.detail);
      recordStep(history, members);
    }
  }
}
