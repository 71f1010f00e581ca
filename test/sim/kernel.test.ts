/**
 * The kernel's clock, drivers, crash/restart and afterEvent contract
 * (src/sim/types.ts `Sim`, docs: architecture.md "The kernel").
 */
import { describe, expect, it } from 'vitest';
import { BoundExceededError, createSim } from '../../src/sim/kernel.js';
import { micros } from '../../src/sim/time.js';
import type { Envelope, NodeHandlers } from '../../src/sim/types.js';

function quietHandlers(log: string[], name: string): NodeHandlers {
  return {
    onMessage: (envelope: Envelope) => log.push(`${name} got ${envelope.describe}`),
    onCrash: () => log.push(`${name} crash`),
    onRestart: () => log.push(`${name} restart`),
  };
}

describe('clock and drivers', () => {
  it('runs events in (time, scheduling order) and moves now to each due time', () => {
    const sim = createSim({ seed: 1 });
    const seen: string[] = [];
    const at = (t: number, name: string) =>
      sim.schedule({ at: micros(t), label: name }, () => seen.push(`${name}@${sim.now}`));
    at(30, 'c');
    at(10, 'a');
    at(30, 'd');
    at(20, 'b');
    sim.schedule({ after: micros(10), label: 'a2' }, () => seen.push(`a2@${sim.now}`));
    expect(sim.nextEventTime()).toBe(10);
    sim.runUntilQuiet({ maxEvents: 10 });
    expect(seen).toEqual(['a@10', 'a2@10', 'b@20', 'c@30', 'd@30']);
    expect(sim.eventCount).toBe(5);
    expect(sim.nextEventTime()).toBeUndefined();
    expect(sim.step()).toBe(false);
  });

  it('runUntil runs events due at or before t, then sets now = t', () => {
    const sim = createSim({ seed: 1 });
    const seen: number[] = [];
    for (const t of [5, 10, 11]) sim.schedule({ at: micros(t), label: 'x' }, () => seen.push(t));
    sim.runUntil(micros(10));
    expect(seen).toEqual([5, 10]);
    expect(sim.now).toBe(10);
    sim.runUntil(micros(10));
    expect(sim.now).toBe(10);
    expect(() => sim.runUntil(micros(9))).toThrow(/before now=10µs/);
    sim.runUntil(micros(100));
    expect(seen).toEqual([5, 10, 11]);
    expect(sim.now).toBe(100);
  });

  it('rejects scheduling in the past and malformed options', () => {
    const sim = createSim({ seed: 1 });
    sim.runUntil(micros(50));
    expect(() => sim.schedule({ at: micros(49), label: 'late' }, () => {})).toThrow(
      'schedule late: at=49µs is before now=50µs',
    );
    expect(() => sim.schedule({ label: 'none' }, () => {})).toThrow(/give after or at/);
    expect(() => sim.schedule({ at: micros(60), after: micros(1), label: 'both' }, () => {})).toThrow(/not both/);
    expect(() => sim.schedule({ after: 1.5 as never, label: 'float' }, () => {})).toThrow(/integer number of microseconds/);
    expect(() => sim.schedule({ after: micros(1), owner: 'ghost', label: 'x' }, () => {})).toThrow(/unknown node "ghost"/);
  });

  it('runUntilQuiet throws BoundExceededError naming the bound, now and event count', () => {
    const sim = createSim({ seed: 1 });
    const tick = (): void => {
      sim.schedule({ after: micros(1_000), label: 'tick' }, tick);
    };
    tick();
    let caught: unknown;
    try {
      sim.runUntilQuiet({ maxEvents: 3 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BoundExceededError);
    const error = caught as BoundExceededError;
    expect(error.message).toBe('runUntilQuiet: still not quiet after maxEvents=3 events (now=3ms, eventCount=3, 1 events pending)');
    expect([error.bound, error.now, error.eventCount]).toEqual([3, 3_000, 3]);
  });

  it('cancel removes a pending timer once', () => {
    const sim = createSim({ seed: 1 });
    const seen: string[] = [];
    const id = sim.schedule({ after: micros(5), label: 'x' }, () => seen.push('x'));
    sim.schedule({ after: micros(6), label: 'y' }, () => seen.push('y'));
    expect(sim.cancel(id)).toBe(true);
    expect(sim.cancel(id)).toBe(false);
    sim.runUntilQuiet({ maxEvents: 5 });
    expect(seen).toEqual(['y']);
    expect(sim.cancel(id)).toBe(false);
  });

  it('afterEvent listeners run after each event in subscription order, until unsubscribed', () => {
    const sim = createSim({ seed: 1 });
    const seen: string[] = [];
    sim.schedule({ after: micros(1), label: 'e1' }, () => seen.push('e1'));
    sim.schedule({ after: micros(2), label: 'e2' }, () => seen.push('e2'));
    const offA = sim.afterEvent(() => seen.push(`A${sim.eventCount}`));
    sim.afterEvent(() => seen.push(`B${sim.eventCount}`));
    sim.step();
    offA();
    offA();
    sim.step();
    expect(seen).toEqual(['e1', 'A1', 'B1', 'e2', 'B2']);
  });
});

describe('crash and restart', () => {
  it("cancels the crashed node's timers only, calls onCrash then onRestart", () => {
    const log: string[] = [];
    const sim = createSim({ seed: 1 });
    sim.registerNode('n1', quietHandlers(log, 'n1'));
    sim.registerNode('n2', quietHandlers(log, 'n2'));
    sim.schedule({ after: micros(10), owner: 'n1', label: 'n1-timer' }, () => log.push('n1 timer'));
    sim.schedule({ after: micros(10), owner: 'n2', label: 'n2-timer' }, () => log.push('n2 timer'));
    sim.schedule({ after: micros(10), label: 'free' }, () => log.push('free timer'));
    sim.crash('n1');
    expect(sim.isUp('n1')).toBe(false);
    expect(sim.isUp('n2')).toBe(true);
    expect(() => sim.crash('n1')).toThrow('crash: node "n1" is already down');
    expect(() => sim.schedule({ after: micros(1), owner: 'n1', label: 'x' }, () => {})).toThrow(/is down/);
    sim.runUntilQuiet({ maxEvents: 10 });
    sim.restart('n1');
    expect(() => sim.restart('n1')).toThrow('restart: node "n1" is up');
    expect(log).toEqual(['n1 crash', 'n2 timer', 'free timer', 'n1 restart']);
    expect(sim.isUp('n1')).toBe(true);
  });
});
