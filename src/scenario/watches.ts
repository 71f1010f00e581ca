/**
 * Watches: `always: { <expectation> }` must hold, `never: { <expectation> }`
 * must not hold, after every kernel event from the watch's step to the end of
 * its window (`for: <duration>`, or the end of the run). A watch is judged at
 * once when its step starts, then after every event whose time is inside the
 * window (an event exactly at the end counts), and after every later step's
 * action. Its first violation is reported with the event number, the time and
 * what was seen then; a watch reports once, and the run goes on.
 *
 * Cost: each active watch evaluates its expectation after every event. A kind
 * that renders a command (`docker:`) does that work per event; keep such
 * watches short (`for:`) in long runs.
 */
import { formatDuration, type AnyModelPlugin, type KernelSim, type Micros } from '../sim/index.js';
import { judge } from './expectations.js';
import type { ExpectationSpec, Step } from './types.js';

export interface ActiveWatch {
  readonly step: Step;
  readonly mode: 'always' | 'never';
  /** With variables substituted at the watch's start. */
  readonly spec: ExpectationSpec;
  readonly startUs: Micros;
  /** undefined: until the run ends. */
  readonly endUs: Micros | undefined;
}

export interface WatchViolation {
  readonly watch: ActiveWatch;
  readonly event: number;
  readonly atUs: Micros;
  readonly message: string;
}

/** `(from 1s for 30s)` / `(from 1s to the end)`. */
function windowText(watch: ActiveWatch): string {
  const end = watch.endUs === undefined ? 'to the end' : `for ${formatDuration((watch.endUs - watch.startUs) as Micros)}`;
  return `from ${formatDuration(watch.startUs)} ${end}`;
}

export class Watches {
  private active: ActiveWatch[] = [];
  passed = 0;
  failed = 0;

  constructor(
    private readonly model: AnyModelPlugin,
    private readonly world: unknown,
    private readonly sim: KernelSim,
    private readonly report: (violation: WatchViolation) => void,
  ) {}

  start(watch: ActiveWatch): void {
    this.active.push(watch);
    this.check();
  }

  /** The latest end of a watch with `for:` still running (the run goes on until then). */
  latestEnd(): Micros | undefined {
    let latest: Micros | undefined;
    for (const watch of this.active) if (watch.endUs !== undefined && (latest === undefined || watch.endUs > latest)) latest = watch.endUs;
    return latest;
  }

  /** Judge every watch whose window holds the current time; retire the ones whose window has passed. */
  check(): void {
    if (this.active.length === 0) return;
    const now = this.sim.now;
    const still: ActiveWatch[] = [];
    for (const watch of this.active) {
      if (watch.endUs !== undefined && now > watch.endUs) {
        this.passed++;
        continue;
      }
      const judgement = judge(this.model, this.world, watch.spec);
      const violated = watch.mode === 'always' ? !judgement.holds : judgement.holds;
      if (!violated) {
        still.push(watch);
        continue;
      }
      this.failed++;
      const event = this.sim.eventCount;
      const verb = watch.mode === 'always' ? 'expected always' : 'expected never';
      const message = `${verb} ${judgement.expected} (${windowText(watch)}), failed at event ${event}: saw ${judgement.seen}`;
      this.report({ watch, event, atUs: now, message });
    }
    this.active = still;
  }

  /** The run ended: every watch still running held. */
  finish(): void {
    this.passed += this.active.length;
    this.active = [];
  }
}
