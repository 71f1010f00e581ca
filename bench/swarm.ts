/**
 * What the whole-swarm benchmarks (services, update, mesh) share: a world
 * with the safety checks off, waiting for every node to be Ready, and a
 * docker command run on manager-1 to completion.
 */
import { runDocker } from '../src/model/commands/runner.js';
import type { CliOutput } from '../src/model/docker/index.js';
import { SwarmWorld } from '../src/model/world.js';
import { type KernelSim, createSim } from '../src/sim/kernel.js';
import type { Micros } from '../src/sim/types.js';

/** A swarm on a fresh kernel (seed 1), started, checks off: they are for scenarios and tests. */
export function benchWorld(managers: number, workers: number): { sim: KernelSim; world: SwarmWorld } {
  const sim = createSim({ seed: 1 });
  const world = new SwarmWorld(sim, { managers, workers }, { checks: false });
  world.start();
  return { sim, world };
}

/** Run the simulation a second at a time until every node is Ready in the leader's store (or `giveUpUs`). */
export function waitAllReady(world: SwarmWorld, giveUpUs: number): void {
  const total = world.engines.length;
  while (readyNodes(world) < total && world.sim.now < giveUpUs) world.sim.runUntil((world.sim.now + 1_000_000) as Micros);
}

function readyNodes(world: SwarmWorld): number {
  const nodes = world.leader()?.app.store.nodes ?? {};
  let count = 0;
  for (const id in nodes) if (nodes[id]?.status.state === 'ready') count++;
  return count;
}

/** A docker command line on manager-1, run to its answer; a non-zero exit is a broken benchmark. */
export function docker(world: SwarmWorld, line: string): CliOutput {
  let out: CliOutput | undefined;
  runDocker(world, { line, on: 'manager-1' }, false, (o) => {
    out = o;
  });
  while (out === undefined && world.sim.step());
  if (out?.exitCode !== 0) throw new Error(`${line}: ${out?.stderr ?? 'no answer'}`);
  return out;
}
