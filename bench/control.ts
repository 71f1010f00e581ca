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
import { grouped, measureSimulation } from './measure.js';
import type { Benchmark, BenchResult } from './registry.js';

const MANAGERS = 5;
const WORKERS = 2_000;
const SIMULATED_US = US_PER_HOUR;

function run(): BenchResult {
  const sim = createSim({ seed: 1 });
  const world = new SwarmWorld(sim, { managers: MANAGERS, workers: WORKERS }, { checks: false });
  let heartbeats = 0;
  const figures = measureSimulation(sim, () => {
    world.start();
    sim.runUntil(micros(SIMULATED_US));
  });
  const leader = world.leader();
  const nodes = leader === undefined ? [] : Object.values(leader.app.store.nodes);
  const ready = nodes.filter((node) => node.status.state === 'ready').length;
  for (const engine of world.engines) heartbeats += engine.agent.heartbeats;
  return { name: 'control', ...figures, heartbeats, ready, nodes: nodes.length };
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
