/**
 * `mesh`: a formed swarm of 3 managers and 197 workers runs a service of 100
 * replicas publishing port 8080; the `probe` step probes port 8080 on all
 * 200 nodes (each node its own localhost) every 100 ms for 10 s of simulated
 * time: 20,000 requests through the routing mesh (store read, backends,
 * round robin, response body). A partition cuts a quarter of the workers off
 * halfway, so reachability is computed for real. Checks are off.
 */
import { probeSchema, probeStep, probesExpectation } from '../src/model/mesh/probe.js';
import type { Micros } from '../src/sim/types.js';
import { grouped, measureSimulation } from './measure.js';
import type { Benchmark, BenchResult } from './registry.js';
import { benchWorld, docker } from './swarm.js';

const MANAGERS = 3;
const WORKERS = 197;
const REPLICAS = 100;
const PROBE_FOR_US = 10_000_000;


function run(): BenchResult {
  const { sim, world } = benchWorld(MANAGERS, WORKERS);
  docker(world, `docker service create -d --name web --replicas ${REPLICAS} --publish 8080:80 nginx`);
  sim.runUntil((sim.now + 10_000_000) as Micros);
  const startUs = sim.now;
  const figures = measureSimulation(sim, () => {
    probeStep.start(world, probeSchema.parse({ probe: { port: 8080, every: '100ms', for: '10s' } }), { sim, done: () => undefined });
    sim.runUntil((startUs + PROBE_FOR_US / 2) as Micros);
    const cutOff = world.nodeNames.slice(MANAGERS + (WORKERS * 3) / 4);
    sim.net.partition([world.nodeNames.filter((n) => !cutOff.includes(n)), cutOff]);
    sim.runUntil((startUs + PROBE_FOR_US) as Micros);
  });
  const seen = probesExpectation.evaluate(world, { probes: { port: 8080, answered: { atLeast: 0 } } }).seen;
  const requests = (MANAGERS + WORKERS) * (PROBE_FOR_US / 100_000);
  return {
    name: 'mesh',
    ...figures,
    requests,
    requestsPerSec: Math.round(requests / (figures.wallMs / 1000)),
    answered: seen.split(' ')[0] ?? '',
    nodes: MANAGERS + WORKERS,
  };
}

export const meshBenchmark: Benchmark = {
  description: '200 nodes, 100 replicas on port 8080, every node probed every 100 ms for 10 s (20,000 requests through the routing mesh)',
  run,
  describe: (r) =>
    [
      `mesh: ${MANAGERS} managers + ${WORKERS} workers, ${REPLICAS} replicas, ${grouped(Number(r.requests))} requests in ${grouped(r.simulatedMs ?? 0)} ms simulated (${String(r.answered)} answered)`,
      `  wall ${grouped(r.wallMs)} ms, ${grouped(Number(r.requestsPerSec))} requests/s, ${grouped(r.eventsPerSec)} events/s, peak RSS ${r.peakRssMb} MB`,
    ].join('\n'),
};
