/**
 * `kernel`: the kernel's event loop against a bare binary heap, same pattern.
 *
 * Pattern: 1,000 pending timers; each, when it fires, schedules itself again
 * `intBetween(1, 1000)` µs later, drawn from a forked stream. The baseline is
 * the smallest loop that does the same work: an array heap of {at, seq, fn}
 * objects, pop, set now, call, with the same random stream type. The ratio
 * (kernel rate / baseline rate) is what the kernel's bookkeeping costs
 * (options object, owner/label slots, cancellable ids, event count, listeners).
 */
import { createSim } from '../src/sim/kernel.js';
import { createRng } from '../src/sim/rng.js';
import { micros } from '../src/sim/time.js';
import { grouped, median, peakRssMb, round3, timed } from './measure.js';
import type { Benchmark, BenchResult } from './registry.js';

const PENDING = 1_000;
const EVENTS = 2_000_000;
const ROUNDS = 5;

/** Events per second of the kernel on the pattern. */
function kernelRun(events: number): number {
  const sim = createSim({ seed: 1 });
  const rng = sim.rng.fork('bench/kernel');
  const tick = (): void => {
    sim.schedule({ after: micros(rng.intBetween(1, 1_000)), label: 'tick' }, tick);
  };
  for (let i = 0; i < PENDING; i++) sim.schedule({ after: micros(rng.intBetween(1, 1_000)), label: 'tick' }, tick);
  const wall = timed(() => {
    while (sim.eventCount < events) sim.step();
  });
  return (events / wall) * 1000;
}

interface BareEvent {
  at: number;
  seq: number;
  fn: () => void;
}

/** A bare binary min-heap on (at, seq): the baseline. */
class BareHeap {
  items: BareEvent[] = [];
  private seq = 0;
  push(at: number, fn: () => void): void {
    const items = this.items;
    const event = { at, seq: this.seq++, fn };
    let i = items.length;
    items.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as BareEvent;
      if (p.at < at || (p.at === at && p.seq < event.seq)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = event;
  }
  pop(): BareEvent {
    const items = this.items;
    const top = items[0] as BareEvent;
    const last = items.pop() as BareEvent;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let child = items[c] as BareEvent;
        const r = items[c + 1];
        if (r !== undefined && (r.at < child.at || (r.at === child.at && r.seq < child.seq))) {
          c++;
          child = r;
        }
        if (last.at < child.at || (last.at === child.at && last.seq < child.seq)) break;
        items[i] = child;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }
}

/** Events per second of the bare heap on the same pattern. */
function baselineRun(events: number): number {
  const heap = new BareHeap();
  const rng = createRng(1).fork('bench/kernel');
  let now = 0;
  const tick = (): void => heap.push(now + rng.intBetween(1, 1_000), tick);
  for (let i = 0; i < PENDING; i++) heap.push(rng.intBetween(1, 1_000), tick);
  const wall = timed(() => {
    for (let count = 0; count < events; count++) {
      const event = heap.pop();
      now = event.at;
      event.fn();
    }
  });
  return (events / wall) * 1000;
}

function run(): BenchResult {
  kernelRun(EVENTS / 4); // warm up both paths before measuring
  baselineRun(EVENTS / 4);
  const kernelRates: number[] = [];
  const baselineRates: number[] = [];
  const wallMs = timed(() => {
    for (let round = 0; round < ROUNDS; round++) {
      kernelRates.push(kernelRun(EVENTS));
      baselineRates.push(baselineRun(EVENTS));
    }
  });
  const eventsPerSec = median(kernelRates);
  const baselineEventsPerSec = median(baselineRates);
  return {
    name: 'kernel',
    wallMs: Math.round(wallMs),
    eventsPerSec: Math.round(eventsPerSec),
    peakRssMb: peakRssMb(),
    baselineEventsPerSec: Math.round(baselineEventsPerSec),
    ratio: round3(eventsPerSec / baselineEventsPerSec),
    pending: PENDING,
    eventsPerRound: EVENTS,
    rounds: ROUNDS,
  };
}

export const kernelBenchmark: Benchmark = {
  description: 'kernel event loop vs a bare binary heap (1k self-rescheduling timers)',
  run,
  describe: (r) =>
    [
      `kernel    ${grouped(r.eventsPerSec)} events/s`,
      `bare heap ${grouped(Number(r.baselineEventsPerSec))} events/s`,
      `ratio     ${String(r.ratio)} (target >= 0.7); median of ${String(r.rounds)} rounds of ${grouped(Number(r.eventsPerRound))} events, ${String(r.pending)} pending`,
      `wall ${grouped(r.wallMs)} ms, peak RSS ${r.peakRssMb} MB`,
    ].join('\n'),
};
