/**
 * Canonical one-line text of entries, messages, effects and events, with a
 * fixed field order (never JSON.stringify or util.inspect). Used by traces,
 * transcripts and the kernel's envelope `describe`.
 */
import type { RaftStatus } from './state.js';
import type { ConfChange, Effect, Entry, Message, RaftEvent, Snapshot } from './types.js';

const NEEDS_ESCAPE = /[\\"\n]/;

function quote(text: string): string {
  // Most entry data needs no escaping: test once instead of running three replacements.
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function describeConfChange(change: ConfChange): string {
  return `${change.type} ${change.node}`;
}

/** `term/index kind payload`, e.g. `2/5 normal "x"`, `2/6 conf add-node 4`, `2/4 noop`. */
export function describeEntry(entry: Entry): string {
  const head = `${entry.term}/${entry.index}`;
  switch (entry.kind) {
    case 'noop':
      return `${head} noop`;
    case 'normal':
      return `${head} normal ${quote(entry.data)}`;
    case 'conf':
      return `${head} conf ${describeConfChange(entry.change)}`;
  }
}

export function describeSnapshot(snapshot: Snapshot): string {
  return `snapshot ${snapshot.term}/${snapshot.index} voters=[${snapshot.voters.join(',')}] data=${quote(snapshot.data)}`;
}

function describeEntries(entries: readonly Entry[]): string {
  if (entries.length === 0) return '[]';
  let text = `[${describeEntry(entries[0] as Entry)}`;
  for (let i = 1; i < entries.length; i++) text += `, ${describeEntry(entries[i] as Entry)}`;
  return `${text}]`;
}

/** `from->to MsgType term=T ...` with each type's fields in a fixed order. */
export function describeMessage(m: Message): string {
  const head = `${m.from}->${m.to} ${m.type} term=${m.term}`;
  switch (m.type) {
    case 'MsgApp':
      return `${head} log=${m.logTerm}/${m.index} commit=${m.commit} entries=${describeEntries(m.entries)}`;
    case 'MsgAppResp':
      return m.reject ? `${head} reject index=${m.index} hint=${m.logTerm}/${m.rejectHint}` : `${head} index=${m.index}`;
    case 'MsgVote':
    case 'MsgPreVote':
      return `${head} log=${m.logTerm}/${m.index}${m.transfer ? ' transfer' : ''}`;
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      return `${head} ${m.reject ? 'reject' : 'grant'}`;
    case 'MsgHeartbeat':
      return `${head} commit=${m.commit}`;
    case 'MsgSnap':
      return `${head} ${describeSnapshot(m.snapshot)}`;
    case 'MsgHeartbeatResp':
    case 'MsgTimeoutNow':
      return head;
  }
}

export function describeEvent(event: RaftEvent): string {
  return [event.name, ...event.fields.map(([key, value]) => `${key}=${typeof value === 'string' && /[\s"=]/.test(value) ? quote(value) : String(value)}`)].join(' ');
}

export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case 'trace':
      return `trace ${describeEvent(effect.event)}`;
    case 'persist': {
      const h = effect.hardState;
      const parts = [`persist term=${h.term} vote=${h.vote ?? '-'} commit=${h.commit}`];
      if (effect.entriesFrom !== undefined) parts.push(`entries-from=${effect.entriesFrom}`);
      if (effect.snapshot !== undefined) parts.push(describeSnapshot(effect.snapshot));
      return parts.join(' ');
    }
    case 'send':
      return `send ${describeMessage(effect.message)}`;
    case 'restore':
      return `restore ${describeSnapshot(effect.snapshot)}`;
    case 'apply':
      return `apply ${describeEntries(effect.entries)}`;
    case 'snapshot-due':
      return `snapshot-due index=${effect.index}`;
  }
}

/** One line of a `show: raft` table. */
export function describeStatus(s: RaftStatus): string {
  const base = `${s.id} ${s.role} term=${s.term} vote=${s.vote ?? '-'} leader=${s.leader ?? '-'} commit=${s.commit} applied=${s.applied} last=${s.lastIndex} snapshot=${s.snapshotIndex} first=${s.firstIndex} voters=[${s.voters.join(',')}]`;
  if (s.role !== 'leader') return base;
  const progress = s.progress.map((p) => `${p.id}:${p.match}/${p.next}/${p.state}`).join(' ');
  return `${base} ready=${s.ready} progress=[${progress}]`;
}
