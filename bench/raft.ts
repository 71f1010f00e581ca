/**
 * `raft`: five managers for one simulated hour, 100 proposals per second on
 * the leader, heartbeats every tick, Docker's Raft defaults (snapshots every
 * 10,000 entries). Message deliveries are traced and hashed as in any run;
 * the safety checks are off (they are for scenarios and tests, not for speed).
 * Target: <= 2 s wall.
 */
import { SwarmWorld } from '../src/model/world.js';
import { createSim } from '../src/sim/kernel.js';
import { US_PER_HOUR, micros } from '../src/sim/time.js';
import { grouped, measureSimulation } from './measure.js';
import type { Benchmark, BenchResult } from './registry.js';

const MANAGERS = 5;
const SIMULATED_US = US_PER_HOUR;
const PROPOSALS_PER_SECOND = 100;

function run(): BenchResult {
  const sim = createSim({ seed: 1 });
  const world = new SwarmWorld(sim, { managers: MANAGERS }, { checks: false });
  let proposed = 0;
  const interval = micros(1_000_000 / PROPOSALS_PER_SECOND);
  const figures = measureSimulation(sim, () => {
    world.start();
    const next = (): void => {
      if (world.propose(undefined).kind === 'proposed') proposed += 1;
      sim.schedule({ after: interval, label: 'bench/propose' }, next);
    };
    next();
    sim.runUntil(micros(SIMULATED_US));
  });
  const committed = world.leader()?.raft?.log.committed ?? 0;
  return { name: 'raft', ...figures, proposed, committed };
}

export const raftBenchmark: Benchmark = {
  description: '5 managers, 1 simulated hour, 100 proposals/s (target <= 2 s wall)',
  run,
  describe: (r) =>
    [
      `raft: 5 managers, 1 h simulated, ${grouped(Number(r.proposed))} proposals, commit index ${grouped(Number(r.committed))}`,
      `  wall ${grouped(r.wallMs)} ms (target <= 2,000 ms), ${grouped(r.eventsPerSec)} events/s over ${grouped(Number(r.events))} events`,
      `  simulated/wall ${grouped(r.speedup ?? 0)}x, peak RSS ${r.peakRssMb} MB`,
    ].join('\n'),
};
