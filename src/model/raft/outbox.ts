/** Collecting a step's output: messages and trace events, in the order they happen. */
import type { RaftState } from './state.js';
import type { Message, RaftEvent } from './types.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Queue a message from this node at its current term (unless the body sets `term`). */
export function send(state: RaftState, body: DistributiveOmit<Message, 'from' | 'term'> & { term?: number }): void {
  // Hot path: complete the caller's fresh literal in place instead of spreading it.
  const m = body as { from?: string; term?: number };
  m.from = state.id;
  if (m.term === undefined) m.term = state.term;
  state.out.sends.push(body as Message);
}

export function trace(state: RaftState, name: string, fields: RaftEvent['fields'] = []): void {
  state.out.traces.push({ name, fields });
}

/** '-' for "nobody" in trace fields. */
export function idOrNone(id: string | undefined): string {
  return id ?? '-';
}
