/** A small DSL for control-plane tests: a world on a fresh kernel and `docker(on, line)` run to completion. */
import { createSim, type Micros } from '../../../src/sim/index.js';
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import { SwarmWorld } from '../../../src/model/world.js';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';

export interface Harness {
  readonly world: SwarmWorld;
  docker(on: string, line: string): CliOutput & { tookUs: number };
  show(on: string, line: string): CliOutput;
  wait(us: number): void;
  violations(): string[];
}

export function harness(config: ClusterConfig, seed = 1): Harness {
  const sim = createSim({ seed });
  const world = new SwarmWorld(sim, config);
  world.start();
  return {
    world,
    docker(on, line) {
      let out: CliOutput | undefined;
      const start = sim.now;
      runDocker(world, { line, on }, false, (o) => {
        out = o;
      });
      let guard = 0;
      while (out === undefined && sim.step()) if (++guard > 5_000_000) throw new Error(`${line}: never answered`);
      if (out === undefined) throw new Error(`${line}: never answered (queue empty)`);
      return { ...out, tookUs: sim.now - start };
    },
    show(on, line) {
      let out: CliOutput | undefined;
      runDocker(world, { line, on }, true, (o) => {
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
