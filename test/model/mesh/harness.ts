/** A world with an `images:` table, and commands run to completion (the control harness, plus images). */
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import { imageCatalogue, type ImagesInput } from '../../../src/model/agent/images.js';
import type { SwarmWorld } from '../../../src/model/world.js';
import type { CliOutput } from '../../../src/model/docker/index.js';
import { harness } from '../control/harness.js';

export { text } from '../control/harness.js';

export interface MeshHarness {
  readonly world: SwarmWorld;
  run(on: string, line: string): CliOutput & { tookUs: number };
  show(on: string, line: string): CliOutput;
  wait(us: number): void;
}

export function meshHarness(config: ClusterConfig, images: ImagesInput = {}, seed = 1): MeshHarness {
  const h = harness(config, seed, { images: imageCatalogue(images) });
  return { world: h.world, run: (on, line) => h.docker(on, line), show: (on, line) => h.show(on, line), wait: (us) => h.wait(us) };
}
