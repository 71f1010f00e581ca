/**
 * `control`: a formed swarm of 5 managers and 2,000 workers for one simulated
 * hour. Every node's agent heartbeats every 5 s ± the dispatcher's jitter,
 * each heartbeat a real request to its manager, relayed to the leader's
 * dispatcher and answered back; the dispatcher's expiry timers, the Raft
 * ticks and heartbeats of the managers, and the trace hash all run as in any
 * scenario. The safety checks are off (they are for scenarios and tests).
 * Target: <= 5 s wall.
 */
import { SwarmWorld } from '../src/model/world.js';
import { createSim } from '../src/sim/kernel.js';
import { US_PER_HOUR, micros } from '../src/sim/time.js';
import { grouped, peakRssMb, round3, timed } from './measure.js';
import type { Benchmark, BenchResult } from './registry.js';

const MANAGERS = 5;
const WORKERS = 2_000;
const SIMULATED_US = US_PER_HOUR;

function run(): BenchResult {
  const sim = createSim({ seed: 1 });
  const world = new SwarmWorld(sim, { managers: MANAGERS, workers: WORKERS }, { checks: false });
  let heartbeats = 0;
  const cpuBefore = process.cpuUsage();
  const wallMs = timed(() => {
    world.start();
    sim.runUntil(micros(SIMULATED_US));
  });
  const cpu = process.cpuUsage(cpuBefore);
  const leader = world.leader();
  const nodes = leader === undefined ? [] : Object.values(leader.app.store.nodes);
  const ready = nodes.filter((node) => node.status.state === 'ready').length;
  for (const engine of world.engines) heartbeats += engine.agent.heartbeats;
  const simulatedMs = SIMULATED_US / 1000;
  return {
    name: 'control',
    wallMs: round3(wallMs),
    eventsPerSec: Math.round(sim.eventCount / (wallMs / 1000)),
    peakRssMb: peakRssMb(),
    simulatedMs,
    speedup: round3(simulatedMs / wallMs),
    // CPU time of this process: the figure to compare when other work shares the machine.
    cpuMs: round3((cpu.user + cpu.system) / 1000),
    events: sim.eventCount,
    heartbeats,
    ready,
    nodes: nodes.length,
    traceHash: sim.trace.hash(),
  };
}

export const controlBenchmark: Benchmark = {
  description: '5 managers + 2,000 workers, 1 simulated hour of heartbeats (target <= 5 s wall)',
  run,
  describe: (r) =>
    [
      `control: ${MANAGERS} managers + ${grouped(WORKERS)} workers, 1 h simulated, ${grouped(Number(r.heartbeats))} heartbeats, ${grouped(Number(r.ready))}/${grouped(Number(r.nodes))} nodes Ready at the end`,
      `  wall ${grouped(r.wallMs)} ms (target <= 5,000 ms, CPU ${grouped(Number(r.cpuMs))} ms), ${grouped(r.eventsPerSec)} events/s over ${grouped(Number(r.events))} events`,
      `  simulated/wall ${grouped(r.speedup ?? 0)}x, peak RSS ${r.peakRssMb} MB`,
    ].join('\n'),
};
