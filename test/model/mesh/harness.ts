/** A world with an `images:` table, and commands run to completion (the control harness, plus images). */
import { createSim, type Micros } from '../../../src/sim/index.js';
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import { imageCatalogue, type ImagesInput } from '../../../src/model/agent/images.js';
import { SwarmWorld } from '../../../src/model/world.js';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';

export interface MeshHarness {
  readonly world: SwarmWorld;
  run(on: string, line: string): CliOutput & { tookUs: number };
  show(on: string, line: string): CliOutput;
  wait(us: number): void;
}

export function meshHarness(config: ClusterConfig, images: ImagesInput = {}, seed = 1): MeshHarness {
  const sim = createSim({ seed });
  const world = new SwarmWorld(sim, config, { images: imageCatalogue(images) });
  world.start();
  return {
    world,
    run(on, line) {
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
  };
}

export function text(out: CliOutput): string {
  return `${out.stdout}${out.stderr}(exit ${out.exitCode})\n`;
}
