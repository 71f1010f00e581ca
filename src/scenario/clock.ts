/**
 * Drives the kernel for the runner: one event at a time, so that a condition
 * (a `within` expectation, a step's `done`) is looked at after every event,
 * and so that `limits.maxEvents` / `limits.maxTime` stop the run exactly.
 */
import { formatDuration, type KernelSim, type Micros } from '../sim/index.js';
import type { ScenarioLimits } from './types.js';

/** How a wait ended. */
export type WaitEnd = 'met' | 'deadline' | 'quiet' | 'limit';

export interface LimitHit {
  readonly limit: 'maxEvents' | 'maxTime';
  readonly message: string;
}

export class Clock {
  /** Set once a limit stops the run; nothing runs after that. */
  limitHit: LimitHit | undefined;

  constructor(
    private readonly sim: KernelSim,
    private readonly limits: ScenarioLimits,
  ) {}

  /**
   * Run events until `met()` holds (checked first, then after every event),
   * or time reaches `deadline` (the clock is then set to it), or no event is
   * left (`quiet`, only without a deadline), or a limit stops the run.
   */
  runUntil(deadline: Micros | undefined, met: () => boolean): WaitEnd {
    const sim = this.sim;
    const { maxEvents, maxTimeUs } = this.limits;
    for (;;) {
      if (this.limitHit !== undefined) return 'limit';
      if (met()) return 'met';
      const next = sim.nextEventTime();
      const stopAt = deadline === undefined ? undefined : Math.min(deadline, maxTimeUs);
      if (next === undefined || (stopAt !== undefined && next > stopAt) || next > maxTimeUs) {
        if (deadline !== undefined && deadline <= maxTimeUs) {
          sim.runUntil(deadline);
          return 'deadline';
        }
        if (deadline === undefined && next === undefined) return 'quiet';
        sim.runUntil(maxTimeUs as Micros);
        return this.hit('maxTime', `limits.maxTime: the run reached ${formatDuration(maxTimeUs as Micros)}`);
      }
      if (sim.eventCount >= maxEvents) {
        return this.hit('maxEvents', `limits.maxEvents: the run reached ${maxEvents} events`);
      }
      sim.step();
    }
  }

  /** Move time to `t` (running every event due before), unless a limit stops it first. */
  advanceTo(t: Micros): boolean {
    return this.runUntil(t, () => false) === 'deadline';
  }

  private hit(limit: LimitHit['limit'], message: string): 'limit' {
    this.limitHit = { limit, message };
    return 'limit';
  }
}
