/**
 * The Raft log: a base (index and term of the last compacted entry), then
 * entries in an array with an offset (entry i lives at entries[i - base.index - 1]),
 * plus the latest application snapshot (at or after the base: SwarmKit keeps
 * LogEntriesForSlowFollowers entries behind its snapshot).
 * Mutable inside a step; `dirtyFrom`/`snapshotDirty` tell the step what to
 * persist. Never copies the whole log on the hot path.
 */
import { type Entry, InvariantError, type Snapshot, invariant } from './types.js';

/** Index and term of the last entry dropped by compaction (0/0 for a fresh log). */
export interface LogBase {
  readonly index: number;
  readonly term: number;
}

export interface RaftLog {
  base: LogBase;
  /** The latest application snapshot; base.index <= snapshot.index <= applied. */
  snapshot: Snapshot;
  entries: Entry[];
  /** Highest index known committed. Never decreases, never beyond lastIndex. */
  committed: number;
  /** Highest index handed to the application (apply effect or snapshot restore). */
  applied: number;
  /** Lowest index written during the current step (undefined: none). */
  dirtyFrom: number | undefined;
  snapshotDirty: boolean;
}

export function newLog(options: { base: LogBase; snapshot: Snapshot; entries: readonly Entry[]; committed: number }): RaftLog {
  const { base, snapshot, entries, committed } = options;
  const log: RaftLog = { base, snapshot, entries: [...entries], committed, applied: snapshot.index, dirtyFrom: undefined, snapshotDirty: false };
  entries.forEach((entry, i) => invariant(entry.index === base.index + 1 + i, () => `log: entry ${entry.index} at position ${i} after base ${base.index}`));
  invariant(snapshot.index >= base.index && snapshot.index <= lastIndex(log), () => `log: snapshot ${snapshot.index} outside [${base.index}, ${lastIndex(log)}]`);
  invariant(termAt(log, snapshot.index) === snapshot.term, () => `log: snapshot term ${snapshot.term} at ${snapshot.index} does not match the log`);
  invariant(committed >= snapshot.index && committed <= lastIndex(log), () => `log: commit ${committed} outside [${snapshot.index}, ${lastIndex(log)}]`);
  return log;
}

export function firstIndex(log: RaftLog): number {
  return log.base.index + 1;
}

export function lastIndex(log: RaftLog): number {
  return log.base.index + log.entries.length;
}

export function lastTerm(log: RaftLog): number {
  return termAt(log, lastIndex(log)) ?? 0;
}

/** Term of the entry at `index`; undefined when compacted away or beyond the end. */
export function termAt(log: RaftLog, index: number): number | undefined {
  if (index === log.base.index) return log.base.term;
  if (index < log.base.index || index > lastIndex(log)) return undefined;
  return log.entries[index - log.base.index - 1]?.term;
}

export function entryAt(log: RaftLog, index: number): Entry | undefined {
  if (index <= log.base.index) return undefined;
  return log.entries[index - log.base.index - 1];
}

export function matchTerm(log: RaftLog, index: number, term: number): boolean {
  return termAt(log, index) === term;
}

/** Entries in [lo, hi) (hi clamped to lastIndex + 1). lo must not be compacted. */
export function slice(log: RaftLog, lo: number, hi: number): Entry[] {
  if (lo <= log.base.index) throw new InvariantError(`log: slice from ${lo} but compacted up to ${log.base.index}`);
  const offset = log.base.index + 1;
  return log.entries.slice(lo - offset, Math.min(hi, lastIndex(log) + 1) - offset);
}

/** Is a log ending at (index, term) at least as up to date as ours (Raft §5.4.1)? */
export function isUpToDate(log: RaftLog, index: number, term: number): boolean {
  const ourTerm = lastTerm(log);
  return term > ourTerm || (term === ourTerm && index >= lastIndex(log));
}

function markDirty(log: RaftLog, index: number): void {
  log.dirtyFrom = log.dirtyFrom === undefined ? index : Math.min(log.dirtyFrom, index);
}

/** The leader appends its own entry. */
export function appendOwn(log: RaftLog, entry: Entry): void {
  if (entry.index !== lastIndex(log) + 1) throw new InvariantError(`log: append ${entry.index} after ${lastIndex(log)}`);
  log.entries.push(entry);
  markDirty(log, entry.index);
}

/**
 * A follower accepts `entries` following (index, term) which already matched.
 * Returns the last new index and the index of the first conflicting entry
 * that was truncated (undefined when nothing was overwritten).
 */
export function maybeAppend(log: RaftLog, entries: readonly Entry[]): { lastNew: number; truncatedFrom: number | undefined } {
  let conflict: number | undefined;
  for (const entry of entries) {
    if (termAt(log, entry.index) !== entry.term) {
      conflict = entry.index;
      break;
    }
  }
  const last = entries.length > 0 ? (entries[entries.length - 1] as Entry).index : undefined;
  if (conflict === undefined) return { lastNew: last ?? -1, truncatedFrom: undefined };
  invariant(conflict > log.committed, () => `log: entry ${conflict} conflicts with committed ${log.committed}`);
  const truncatedFrom = conflict <= lastIndex(log) ? conflict : undefined;
  log.entries.length = conflict - log.base.index - 1;
  for (const entry of entries) if (entry.index >= conflict) log.entries.push(entry);
  markDirty(log, conflict);
  return { lastNew: last ?? -1, truncatedFrom };
}

/**
 * Fast back-off (etcd findConflictByTerm): the largest index <= `index` whose
 * term is <= `term`, or the snapshot index when that is all we know.
 */
export function findConflictByTerm(log: RaftLog, index: number, term: number): number {
  let i = Math.min(index, lastIndex(log));
  while (i > log.base.index) {
    const t = termAt(log, i);
    if (t !== undefined && t <= term) break;
    i -= 1;
  }
  return i;
}

export function commitTo(log: RaftLog, index: number): boolean {
  if (index <= log.committed) return false;
  if (index > lastIndex(log)) throw new InvariantError(`log: commit ${index} beyond last index ${lastIndex(log)}`);
  log.committed = index;
  return true;
}

/**
 * Record the application's snapshot at `snapshot.index` (<= applied) and drop
 * entries older than `keep` entries behind it.
 */
export function compact(log: RaftLog, snapshot: Snapshot, keep: number): void {
  invariant(snapshot.index <= log.applied, () => `log: snapshot ${snapshot.index} beyond applied ${log.applied}`);
  invariant(snapshot.index >= log.snapshot.index, () => `log: snapshot ${snapshot.index} older than ${log.snapshot.index}`);
  invariant(termAt(log, snapshot.index) === snapshot.term, () => `log: snapshot term ${snapshot.term} at ${snapshot.index} does not match`);
  const cut = Math.max(log.base.index, snapshot.index - keep);
  const base: LogBase = { index: cut, term: termAt(log, cut) ?? 0 };
  log.entries.splice(0, cut - log.base.index);
  log.base = base;
  log.snapshot = snapshot;
  log.snapshotDirty = true;
}

/** A follower replaces everything with a leader's snapshot. */
export function restore(log: RaftLog, snapshot: Snapshot): void {
  log.base = { index: snapshot.index, term: snapshot.term };
  log.snapshot = snapshot;
  log.entries = [];
  log.committed = snapshot.index;
  log.applied = snapshot.index;
  log.snapshotDirty = true;
  log.dirtyFrom = undefined;
}
