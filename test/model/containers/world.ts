/** A world with an `images:` table and helpers to run docker command lines on it (container tests): the control harness under its own name. */
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import type { SwarmWorld } from '../../../src/model/world.js';
import type { CliOutput } from '../../../src/model/docker/index.js';
import { imageCatalogue, type ImagesInput } from '../../../src/model/agent/images.js';
import { harness } from '../control/harness.js';

export { text } from '../control/harness.js';

export interface ContainerWorld {
  readonly world: SwarmWorld;
  docker(on: string, line: string): CliOutput;
  show(on: string, line: string): CliOutput;
  wait(us: number): void;
}

export function containerWorld(config: ClusterConfig, images: ImagesInput = {}, seed = 1): ContainerWorld {
  const h = harness(config, seed, { images: imageCatalogue(images) });
  return { world: h.world, docker: (on, line) => h.docker(on, line), show: (on, line) => h.show(on, line), wait: (us) => h.wait(us) };
}
