/**
 * `update`: a formed swarm of 3 managers and 997 workers runs one service of
 * 10,000 replicas (`--update-parallelism 100 --update-delay 1s`); once all
 * are Running the clock starts, `docker service update -d --image nginx:2`
 * is run, and the simulation goes on until the leader's store records the
 * update `completed` (every slot replaced, then the 5 s watch). The figure
 * is the rolling-update path: updater steps, store writes through Raft,
 * scheduler, dispatcher, agents stopping and starting containers. The safety
 * checks are off (they are for scenarios and tests). Target: <= 5 s wall.
 */
import type { Task } from '../src/model/store/objects.js';
import type { SwarmWorld } from '../src/model/world.js';
import type { Micros } from '../src/sim/types.js';
import { grouped, measureSimulation } from './measure.js';
import type { Benchmark, BenchResult } from './registry.js';
import { benchWorld, docker, waitAllReady } from './swarm.js';

const MANAGERS = 3;
// SWARMSIM_BENCH_SCALE (e.g. 0.1) shrinks nodes and replicas for profiling; the figure is the default (1).
const SCALE = Number(process.env['SWARMSIM_BENCH_SCALE'] ?? '1');
const WORKERS = Math.max(1, Math.round(1000 * SCALE) - MANAGERS);
const REPLICAS = Math.max(1, Math.round(10_000 * SCALE));
const PARALLELISM = 100;
const STEP_US = 100_000;
const GIVE_UP_US = 3_600_000_000;

function store(world: SwarmWorld) {
  return world.leader()?.app.store;
}

function runningOn(world: SwarmWorld, image: string): number {
  const tasks = store(world)?.tasks ?? new Map<string, Task>();
  let count = 0;
  for (const task of tasks.values()) {
    if (task.status.state === 'running' && task.desiredState === 'running' && task.spec.image.startsWith(image)) count++;
  }
  return count;
}

function updateState(world: SwarmWorld): string | undefined {
  const services = store(world)?.services ?? {};
  for (const id in services) return services[id]?.updateStatus?.state;
  return undefined;
}



function run(): BenchResult {
  const { sim, world } = benchWorld(MANAGERS, WORKERS);
  waitAllReady(world, GIVE_UP_US);
  docker(world, `docker service create -d --name web --replicas ${REPLICAS} --update-parallelism ${PARALLELISM} --update-delay 1s nginx:1`);
  while (runningOn(world, 'nginx:1') < REPLICAS && sim.now < GIVE_UP_US) sim.runUntil((sim.now + STEP_US) as Micros);
  const startUs = sim.now;
  const figures = measureSimulation(sim, () => {
    docker(world, 'docker service update -d --image nginx:2 web');
    while (updateState(world) !== 'completed' && sim.now < startUs + GIVE_UP_US) sim.runUntil((sim.now + STEP_US) as Micros);
  });
  return {
    name: 'update',
    ...figures,
    updated: runningOn(world, 'nginx:2'),
    state: updateState(world) ?? 'none',
    nodes: MANAGERS + WORKERS,
  };
}

export const updateBenchmark: Benchmark = {
  description: '1,000 nodes, 10,000 replicas rolled to a new image, parallelism 100, delay 1s, until completed (target <= 5 s wall)',
  run,
  describe: (r) =>
    [
      `update: ${MANAGERS} managers + ${grouped(WORKERS)} workers, ${grouped(REPLICAS)} replicas, parallelism ${PARALLELISM}, delay 1s: ${String(r.state)} with ${grouped(Number(r.updated))} tasks on the new image after ${grouped(r.simulatedMs ?? 0)} ms simulated`,
      `  wall ${grouped(r.wallMs)} ms (target <= 5,000 ms, CPU ${grouped(Number(r.cpuMs))} ms), ${grouped(r.eventsPerSec)} events/s over ${grouped(Number(r.events))} events`,
      `  simulated/wall ${grouped(r.speedup ?? 0)}x, peak RSS ${r.peakRssMb} MB`,
    ].join('\n'),
};
