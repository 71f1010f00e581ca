/**
 * The progress display of `service create|update|scale|rollback` without
 * `-d` (swarm-services.md §12; docker/cli `cli/command/service/progress/progress.go`,
 * `pkg/jsonmessage`). Pure: the caller (the command runner, polling every
 * 200 ms of simulated time) builds a frame from the tasks it sees; this
 * renders it.
 *
 * TTY: the whole screen of the frame (the overall line, one bar line per slot
 * when N ≤ 20, then any verify line), as it stands after the redraw; no
 * cursor escapes. Non-TTY: what one poll appends — the overall line and the
 * slots whose task has an error (bars carry Current/Total and are dropped),
 * then any verify line.
 */
import type { TaskState } from '../../store/objects.js';

/** Progress units per state (`stateToProgress`); running is 9 of 9. */
const STATE_PROGRESS: Partial<Record<TaskState, number>> = {
  new: 1,
  pending: 3,
  assigned: 4,
  accepted: 5,
  preparing: 6,
  ready: 7,
  starting: 8,
  running: 9,
};

const MAX_BARS = 20;
const LONGEST_STATE = 9;

export interface ProgressSlot {
  /** `1/3` (replicated) or the 12-char node ID (global). */
  readonly label: string;
  /** The slot's chosen task (lowest desired, then lowest observed state); absent: no task yet. */
  readonly state?: TaskState;
  readonly err?: string;
}

export type ProgressVerify =
  | { readonly kind: 'waiting'; readonly seconds: number }
  | { readonly kind: 'failure' }
  /** `arg`: the full ID for create, the argument as typed for update/scale/rollback. */
  | { readonly kind: 'converged'; readonly arg: string };

export interface ProgressFrame {
  readonly mode: 'replicated' | 'global';
  /** Global before any task exists: `waiting for new tasks`. */
  readonly waitingForTasks?: boolean;
  readonly running: number;
  readonly total: number;
  readonly rollback?: boolean;
  readonly slots: readonly ProgressSlot[];
  readonly verify?: ProgressVerify;
}

/** `truncError`: newlines → spaces, more than 75 characters → 74 + `…`. */
export function truncError(err: string): string {
  const flat = err.replace(/\n/g, ' ');
  const chars = [...flat];
  return chars.length > 75 ? `${chars.slice(0, 74).join('')}…` : flat;
}

/** `[` + `=`×e + `>` + ` `×(50−e) + `] ` with e = int(int(k/9·100)/2). */
export function progressBar(state: TaskState): string {
  const units = STATE_PROGRESS[state] ?? 0;
  const filled = Math.trunc(Math.trunc((units * 100) / 9) / 2);
  return `[${'='.repeat(filled)}>${' '.repeat(50 - filled)}] `;
}

function overallLine(frame: ProgressFrame): string {
  if (frame.mode === 'global' && frame.waitingForTasks === true) return 'overall progress: waiting for new tasks';
  const rollback = frame.rollback === true ? 'rolling back update: ' : '';
  return `overall progress: ${rollback}${frame.running} out of ${frame.total} tasks`;
}

function verifyLine(verify: ProgressVerify): string {
  switch (verify.kind) {
    case 'waiting':
      return `verify: Waiting ${verify.seconds} seconds to verify that tasks are stable...`;
    case 'failure':
      return 'verify: Detected task failure';
    case 'converged':
      return `verify: Service ${verify.arg} converged`;
  }
}

function slotLine(slot: ProgressSlot, tty: boolean): string | undefined {
  if (slot.err !== undefined && slot.err !== '') return `${slot.label}: ${truncError(slot.err)}`;
  if (!tty || slot.state === undefined) return undefined;
  if (STATE_PROGRESS[slot.state] === undefined) return undefined;
  return `${slot.label}: ${slot.state.padEnd(LONGEST_STATE)} ${progressBar(slot.state)}`;
}

/** One frame as (progress ID, line) pairs, the IDs jsonmessage redraws in place on a TTY. */
export function progressEntries(frame: ProgressFrame, options: { tty: boolean }): [string, string][] {
  const entries: [string, string][] = [['overall progress', overallLine(frame)]];
  const showBars = frame.mode === 'global' || frame.total <= MAX_BARS;
  if (showBars) {
    for (const slot of frame.slots) {
      const line = slotLine(slot, options.tty);
      if (line !== undefined) entries.push([slot.label, line]);
    }
  }
  if (frame.verify !== undefined) entries.push(['verify', verifyLine(frame.verify)]);
  return entries;
}

/** The lines of one frame (each ending in '\n'). */
export function renderProgressFrame(frame: ProgressFrame, options: { tty: boolean }): string {
  return progressEntries(frame, options)
    .map(([, line]) => `${line}\n`)
    .join('');
}

/**
 * What a terminal shows at the end: each progress ID on its own line, in the
 * order it first appeared, holding the last text written under it
 * (jsonmessage moves the cursor up and redraws that line).
 */
export class ProgressScreen {
  private readonly lines = new Map<string, string>();

  write(entries: readonly (readonly [string, string])[]): void {
    for (const [id, line] of entries) this.lines.set(id, line);
  }

  render(): string {
    return [...this.lines.values()].map((line) => `${line}\n`).join('');
  }
}

/** `rollback: <message>` (the CLI's progress ID `rollback`). */
export function rollbackLine(message: string): string {
  return `rollback: ${message}`;
}

/** Interrupted wait (Ctrl-C / the scenario's deadline). */
export function renderProgressDetached(serviceId: string): string {
  return `Operation continuing in background.\nUse \`docker service ps ${serviceId}\` to check progress.\n`;
}
