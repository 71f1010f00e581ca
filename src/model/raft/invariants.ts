/**
 * Cluster-wide Raft safety checkers (Raft paper Figure 3) for the invariant
 * registry. Each is a pure function over the live nodes' states plus a
 * `RaftHistory` the harness records, returning undefined when it holds or one
 * line saying what broke.
 *
 * Driving order after every event: call `noteApplied` for each apply effect,
 * run the checkers, then `recordStep(history, nodes)`.
 *
 * Cost: logMatching is O(nodes^2 x log length); leaderCompleteness and
 * durability are O(log length) per node. A long run may check them every N
 * events; the others are O(nodes) per event.
 */
import { describeEntry } from './describe.js';
import type { LogBase } from './log.js';
import type { Entry, NodeId, Role, Snapshot } from './types.js';

/** What the checkers read of a node (a RaftState satisfies it). */
export interface RaftNodeView {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly vote: NodeId | undefined;
  readonly log: { readonly base: LogBase; readonly snapshot: Snapshot; readonly entries: readonly Entry[]; readonly committed: number };
}

export interface CommittedRecord {
  readonly index: number;
  readonly term: number;
  readonly text: string;
  /** Term of the node that first reported it committed: leaders of later terms must hold it. */
  readonly committedInTerm: number;
}

export interface RaftHistory {
  readonly leaderOfTerm: Map<number, NodeId>;
  readonly lastTermOf: Map<NodeId, number>;
  readonly voteOf: Map<NodeId, { readonly term: number; readonly vote: NodeId | undefined }>;
  readonly lastCommitOf: Map<NodeId, number>;
  readonly committed: Map<number, CommittedRecord>;
  readonly applied: Map<number, { readonly text: string; readonly node: NodeId }>;
  /** Apply effects seen since the last `recordStep`. */
  readonly pendingApplies: { readonly node: NodeId; readonly entries: readonly Entry[] }[];
}

export function newRaftHistory(): RaftHistory {
  return { leaderOfTerm: new Map(), lastTermOf: new Map(), voteOf: new Map(), lastCommitOf: new Map(), committed: new Map(), applied: new Map(), pendingApplies: [] };
}

export function noteApplied(history: RaftHistory, node: NodeId, entries: readonly Entry[]): void {
  history.pendingApplies.push({ node, entries });
}

function entryOf(view: RaftNodeView, index: number): Entry | undefined {
  if (index <= view.log.base.index) return undefined;
  return view.log.entries[index - view.log.base.index - 1];
}

function lastIndexOf(view: RaftNodeView): number {
  return view.log.base.index + view.log.entries.length;
}

/** Fold the current step into the history (after the checkers ran). */
export function recordStep(history: RaftHistory, nodes: readonly RaftNodeView[]): void {
  for (const { node, entries } of history.pendingApplies) {
    for (const e of entries) if (!history.applied.has(e.index)) history.applied.set(e.index, { text: describeEntry(e), node });
  }
  history.pendingApplies.length = 0;
  for (const n of nodes) {
    if (n.role === 'leader' && !history.leaderOfTerm.has(n.term)) history.leaderOfTerm.set(n.term, n.id);
    history.lastTermOf.set(n.id, n.term);
    history.voteOf.set(n.id, { term: n.term, vote: n.vote });
    const from = Math.max(history.lastCommitOf.get(n.id) ?? 0, n.log.base.index) + 1;
    for (let i = from; i <= n.log.committed; i += 1) {
      const e = entryOf(n, i);
      if (e !== undefined && !history.committed.has(i)) history.committed.set(i, { index: i, term: e.term, text: describeEntry(e), committedInTerm: n.term });
    }
    history.lastCommitOf.set(n.id, Math.max(history.lastCommitOf.get(n.id) ?? 0, n.log.committed));
  }
}

/** At most one leader per term, ever. */
export function electionSafety(nodes: readonly RaftNodeView[], history: RaftHistory): string | undefined {
  const seen = new Map(history.leaderOfTerm);
  for (const n of nodes) {
    if (n.role !== 'leader') continue;
    const other = seen.get(n.term);
    if (other !== undefined && other !== n.id) return `two leaders in term ${n.term}: ${other} and ${n.id}`;
    seen.set(n.term, n.id);
  }
  return undefined;
}

/** A node's term never goes back (across restarts too). */
export function termsNeverDecrease(nodes: readonly RaftNodeView[], history: RaftHistory): string | undefined {
  for (const n of nodes) {
    const before = history.lastTermOf.get(n.id);
    if (before !== undefined && n.term < before) return `${n.id} term went back from ${before} to ${n.term}`;
  }
  return undefined;
}

/** A node never changes its vote within a term (the vote is persisted). */
export function oneVotePerTerm(nodes: readonly RaftNodeView[], history: RaftHistory): string | undefined {
  for (const n of nodes) {
    const before = history.voteOf.get(n.id);
    if (before === undefined || before.term !== n.term || before.vote === undefined) continue;
    if (n.vote !== before.vote) return `${n.id} voted for ${before.vote} then ${n.vote ?? '-'} in term ${n.term}`;
  }
  return undefined;
}

function sameEntry(a: Entry, b: Entry): boolean {
  return a === b || describeEntry(a) === describeEntry(b);
}

/** Two logs holding an entry with the same index and term are identical up to it. */
export function logMatching(nodes: readonly RaftNodeView[]): string | undefined {
  for (let x = 0; x < nodes.length; x += 1) {
    for (let y = x + 1; y < nodes.length; y += 1) {
      const a = nodes[x] as RaftNodeView;
      const b = nodes[y] as RaftNodeView;
      const lo = Math.max(a.log.base.index, b.log.base.index) + 1;
      let agreedAt: number | undefined;
      for (let i = Math.min(lastIndexOf(a), lastIndexOf(b)); i >= lo; i -= 1) {
        const ea = entryOf(a, i) as Entry;
        const eb = entryOf(b, i) as Entry;
        if (ea.term !== eb.term) {
          if (agreedAt !== undefined) return `${a.id} and ${b.id} agree on ${agreedAt} but differ at ${i}: ${describeEntry(ea)} vs ${describeEntry(eb)}`;
          continue;
        }
        if (!sameEntry(ea, eb)) return `${a.id} and ${b.id} hold different entries at ${i}: ${describeEntry(ea)} vs ${describeEntry(eb)}`;
        agreedAt ??= i;
      }
    }
  }
  return undefined;
}

function holds(n: RaftNodeView, r: CommittedRecord): boolean {
  if (r.index <= n.log.base.index) return n.log.snapshot.index >= r.index || n.log.base.index >= r.index;
  const e = entryOf(n, r.index);
  return e !== undefined && e.term === r.term && describeEntry(e) === r.text;
}

/** A leader holds every entry committed in an earlier term (Raft §5.4). */
export function leaderCompleteness(nodes: readonly RaftNodeView[], history: RaftHistory): string | undefined {
  for (const n of nodes) {
    if (n.role !== 'leader') continue;
    for (const r of history.committed.values()) {
      if (r.committedInTerm < n.term && r.index > n.log.base.index && !holds(n, r)) {
        return `leader ${n.id} of term ${n.term} lacks committed ${r.text} (committed in term ${r.committedInTerm})`;
      }
    }
  }
  return undefined;
}

/** No two different entries are ever applied at one index, on any node. */
export function stateMachineSafety(history: RaftHistory): string | undefined {
  const now = new Map<number, { text: string; node: NodeId }>();
  for (const { node, entries } of history.pendingApplies) {
    for (const e of entries) {
      const text = describeEntry(e);
      const before = history.applied.get(e.index) ?? now.get(e.index);
      if (before !== undefined && before.text !== text) return `index ${e.index}: ${before.node} applied ${before.text}, ${node} applied ${text}`;
      now.set(e.index, { text, node });
    }
  }
  return undefined;
}

/** A committed entry is never lost: commit indexes never go back and every committed prefix agrees with history. */
export function durability(nodes: readonly RaftNodeView[], history: RaftHistory): string | undefined {
  for (const n of nodes) {
    const before = history.lastCommitOf.get(n.id) ?? 0;
    if (n.log.committed < before) return `${n.id} commit went back from ${before} to ${n.log.committed}`;
    for (let i = n.log.base.index + 1; i <= n.log.committed; i += 1) {
      const r = history.committed.get(i);
      if (r !== undefined && !holds(n, r)) return `${n.id} lost committed ${r.text}: holds ${describeEntryAt(n, i)}`;
    }
  }
  return undefined;
}

function describeEntryAt(n: RaftNodeView, i: number): string {
  const e = entryOf(n, i);
  return e === undefined ? 'nothing' : describeEntry(e);
}

export interface RaftCheckResult {
  readonly name: string;
  readonly detail: string;
}

/** Every checker, in a fixed order; the first violation of each is reported. */
export function checkAll(nodes: readonly RaftNodeView[], history: RaftHistory): RaftCheckResult[] {
  const checks: readonly [string, () => string | undefined][] = [
    ['electionSafety', () => electionSafety(nodes, history)],
    ['termsNeverDecrease', () => termsNeverDecrease(nodes, history)],
    ['oneVotePerTerm', () => oneVotePerTerm(nodes, history)],
    ['logMatching', () => logMatching(nodes)],
    ['leaderCompleteness', () => leaderCompleteness(nodes, history)],
    ['stateMachineSafety', () => stateMachineSafety(history)],
    ['durability', () => durability(nodes, history)],
  ];
  const failures: RaftCheckResult[] = [];
  for (const [name, check] of checks) {
    const detail = check();
    if (detail !== undefined) failures.push({ name, detail });
  }
  return failures;
}
