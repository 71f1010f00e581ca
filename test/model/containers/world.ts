/** A world with an `images:` table and helpers to run docker command lines on it (container tests). */
import { createSim, type Micros } from '../../../src/sim/index.js';
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import { SwarmWorld } from '../../../src/model/world.js';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';
import { imageCatalogue, type ImagesInput } from '../../../src/model/agent/images.js';

export interface ContainerWorld {
  readonly world: SwarmWorld;
  docker(on: string, line: string): CliOutput;
  show(on: string, line: string): CliOutput;
  wait(us: number): void;
}

export function containerWorld(config: ClusterConfig, images: ImagesInput = {}, seed = 1): ContainerWorld {
  const sim = createSim({ seed });
  const world = new SwarmWorld(sim, config, { images: imageCatalogue(images) });
  world.start();
  return {
    world,
    docker(on, line) {
      let out: CliOutput | undefined;
      runDocker(world, { line, on }, false, (o) => {
        out = o;
      });
      while (out === undefined && sim.step());
      if (out === undefined) throw new Error(`${line}: never answered`);
      return out;
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
  };
}

export function text(out: CliOutput): string {
  return `${out.stdout}${out.stderr}(exit ${out.exitCode})\n`;
}
