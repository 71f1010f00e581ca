/** Wall-clock helpers for benchmarks (bench/ may read real time; src/ may not). */
import type { KernelSim } from '../src/sim/kernel.js';

/** Milliseconds since an arbitrary origin, high resolution. */
export function wallNowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Peak resident set size of this process so far, in MB (one decimal). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
}

/** Run `body` and return its wall time in ms. */
export function timed(body: () => void): number {
  const start = wallNowMs();
  body();
  return wallNowMs() - start;
}

/** The figures every simulation benchmark reports about its timed part. */
export interface SimulationFigures {
  readonly wallMs: number;
  readonly eventsPerSec: number;
  readonly peakRssMb: number;
  readonly simulatedMs: number;
  /** Simulated time per wall time. */
  readonly speedup: number;
  /** CPU time of this process (GC threads included): the figure to compare when other work shares the machine. */
  readonly cpuMs: number;
  readonly events: number;
  readonly traceHash: string;
}

/** Run `body` (the timed part) on `sim` and measure it. */
export function measureSimulation(sim: KernelSim, body: () => void): SimulationFigures {
  const startUs = sim.now;
  const eventsBefore = sim.eventCount;
  const cpuBefore = process.cpuUsage();
  const wallMs = timed(body);
  const cpu = process.cpuUsage(cpuBefore);
  const events = sim.eventCount - eventsBefore;
  const simulatedMs = (sim.now - startUs) / 1000;
  return {
    wallMs: round3(wallMs),
    eventsPerSec: Math.round(events / (wallMs / 1000)),
    peakRssMb: peakRssMb(),
    simulatedMs,
    speedup: round3(simulatedMs / wallMs),
    cpuMs: round3((cpu.user + cpu.system) / 1000),
    events,
    traceHash: sim.trace.hash(),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Round to three significant digits for display. */
export function round3(value: number): number {
  return Number(value.toPrecision(3));
}

/** `12,345,678` */
export function grouped(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
