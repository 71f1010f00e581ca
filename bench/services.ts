/**
 * `services`: a formed swarm of 3 managers and 997 workers; ten services of
 * 1,000 replicas each are created (`docker service create -d`, one after the
 * other) and the simulation runs until all 10,000 tasks are Running in the
 * leader's store. The clock starts once the swarm is formed (every node
 * Ready), so the figure is the services path: orchestrator, allocator,
 * scheduler, dispatcher pushes, agents pulling and starting, status reports,
 * reaper. The safety checks are off (they are for scenarios and tests).
 * Target: <= 3 s wall, <= 1 GiB.
 */
import type { Task } from '../src/model/store/objects.js';
import type { SwarmWorld } from '../src/model/world.js';
import type { Micros } from '../src/sim/types.js';
import { grouped, measureSimulation } from './measure.js';
import type { Benchmark, BenchResult } from './registry.js';
import { benchWorld, docker, waitAllReady } from './swarm.js';

const MANAGERS = 3;
const WORKERS = 997;
const SERVICES = 10;
const REPLICAS = 1_000;
const STEP_US = 100_000;
const GIVE_UP_US = 600_000_000;

function running(world: SwarmWorld): number {
  const tasks = world.leader()?.app.store.tasks ?? new Map<string, Task>();
  let count = 0;
  for (const task of tasks.values()) if (task.status.state === 'running' && task.desiredState === 'running') count++;
  return count;
}



function run(): BenchResult {
  const { sim, world } = benchWorld(MANAGERS, WORKERS);
  waitAllReady(world, GIVE_UP_US);
  const formedUs = sim.now;
  const figures = measureSimulation(sim, () => {
    for (let i = 0; i < SERVICES; i++) docker(world, `docker service create -d --name s${i} --replicas ${REPLICAS} nginx`);
    while (running(world) < SERVICES * REPLICAS && sim.now < formedUs + GIVE_UP_US) sim.runUntil((sim.now + STEP_US) as Micros);
  });
  const placed = running(world);
  return {
    name: 'services',
    ...figures,
    tasksRunning: placed,
    tasksPerSec: Math.round(placed / (figures.wallMs / 1000)),
    nodes: MANAGERS + WORKERS,
  };
}

export const servicesBenchmark: Benchmark = {
  description: '1,000 nodes, 10 services x 1,000 replicas created and run until all 10,000 tasks are Running (target <= 3 s wall, <= 1 GiB)',
  run,
  describe: (r) =>
    [
      `services: ${MANAGERS} managers + ${grouped(WORKERS)} workers, ${SERVICES} services x ${grouped(REPLICAS)} replicas, ${grouped(Number(r.tasksRunning))} tasks Running after ${grouped(r.simulatedMs ?? 0)} ms simulated`,
      `  wall ${grouped(r.wallMs)} ms (target <= 3,000 ms, CPU ${grouped(Number(r.cpuMs))} ms), ${grouped(Number(r.tasksPerSec))} tasks placed and running per second, ${grouped(r.eventsPerSec)} events/s`,
      `  peak RSS ${r.peakRssMb} MB (target <= 1,024 MB)`,
    ].join('\n'),
};
