/**
 * A small DSL for model tests: a world on a fresh kernel (with an `images:`
 * table when a test needs one) and `docker(on, line)` run to completion. The
 * mesh, container and swarmkit tests use it under their own names.
 */
import { createSim, type Micros } from '../../../src/sim/index.js';
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import { SwarmWorld, type WorldOptions } from '../../../src/model/world.js';
import { type CommandInput, runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';

/** What a step may hand a command besides its line: `env:` and `stdin:`. */
export type CommandExtras = Pick<CommandInput, 'env' | 'stdin'>;

export interface Harness {
  readonly world: SwarmWorld;
  docker(on: string, line: string, extras?: CommandExtras): CliOutput & { tookUs: number };
  show(on: string, line: string, extras?: CommandExtras): CliOutput;
  wait(us: number): void;
  violations(): string[];
}

export function harness(config: ClusterConfig, seed = 1, options: WorldOptions = {}): Harness {
  const sim = createSim({ seed });
  const world = new SwarmWorld(sim, config, options);
  world.start();
  return {
    world,
    docker(on, line, extras = {}) {
      let out: CliOutput | undefined;
      const start = sim.now;
      runDocker(world, { line, on, ...extras }, false, (o) => {
        out = o;
      });
      let guard = 0;
      while (out === undefined && sim.step()) if (++guard > 5_000_000) throw new Error(`${line}: never answered`);
      if (out === undefined) throw new Error(`${line}: never answered (queue empty)`);
      return { ...out, tookUs: sim.now - start };
    },
    show(on, line, extras = {}) {
      let out: CliOutput | undefined;
      runDocker(world, { line, on, ...extras }, true, (o) => {
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

/** A command's whole output and exit status, as golden files keep it. */
export function text(out: CliOutput): string {
  return `${out.stdout}${out.stderr}(exit ${out.exitCode})\n`;
}
