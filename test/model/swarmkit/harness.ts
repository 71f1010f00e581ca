/** A world of plain engines for swarmd/swarmctl tests: `run(on, line, env)` to completion, `show` at an instant. */
import { createSim, type Micros } from '../../../src/sim/index.js';
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import { SwarmWorld } from '../../../src/model/world.js';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';

export interface SwarmkitHarness {
  readonly world: SwarmWorld;
  run(on: string, line: string, env?: Record<string, string>): CliOutput;
  show(on: string, line: string, env?: Record<string, string>): CliOutput;
  wait(us: number): void;
  violations(): string[];
}

export function swarmkitHarness(config: ClusterConfig, seed = 1): SwarmkitHarness {
  const sim = createSim({ seed });
  const world = new SwarmWorld(sim, config);
  world.start();
  return {
    world,
    run(on, line, env) {
      let out: CliOutput | undefined;
      runDocker(world, { line, on, ...(env === undefined ? {} : { env }) }, false, (o) => {
        out = o;
      });
      let guard = 0;
      while (out === undefined && sim.step()) if (++guard > 5_000_000) throw new Error(`${line}: never answered`);
      if (out === undefined) throw new Error(`${line}: never answered (queue empty)`);
      return out;
    },
    show(on, line, env) {
      let out: CliOutput | undefined;
      runDocker(world, { line, on, ...(env === undefined ? {} : { env }) }, true, (o) => {
        out = o;
      });
      return out as CliOutput;
    },
    wait(us) {
      sim.runUntil((sim.now + us) as Micros);
    },
    violations() {
      return [...world.checks.current.entries(), ...world.controlChecks.current.entries(), ...world.serviceChecks.current.entries()].map(([n, d]) => `${n}: ${d}`);
    },
  };
}

export function text(out: CliOutput): string {
  return `${out.stdout}${out.stderr}(exit ${out.exitCode})\n`;
}

/** The tutorial's three hosts. */
export const TUTORIAL_NODES: ClusterConfig = {
  form: 'manual',
  nodes: [
    { name: 'mgmt-01', role: 'manager' },
    { name: 'work-01', role: 'worker' },
    { name: 'work-02', role: 'worker' },
  ],
};
