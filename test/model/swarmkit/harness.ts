/** A world of plain engines for swarmd/swarmctl tests: `run(on, line, env)` to completion, `show` at an instant (the control harness with env). */
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import type { SwarmWorld } from '../../../src/model/world.js';
import type { CliOutput } from '../../../src/model/docker/index.js';
import { harness } from '../control/harness.js';

export { text } from '../control/harness.js';

export interface SwarmkitHarness {
  readonly world: SwarmWorld;
  run(on: string, line: string, env?: Record<string, string>): CliOutput;
  show(on: string, line: string, env?: Record<string, string>): CliOutput;
  wait(us: number): void;
  violations(): string[];
}

export function swarmkitHarness(config: ClusterConfig, seed = 1): SwarmkitHarness {
  const h = harness(config, seed);
  const extras = (env: Record<string, string> | undefined) => (env === undefined ? {} : { env });
  return {
    world: h.world,
    run: (on, line, env) => h.docker(on, line, extras(env)),
    show: (on, line, env) => h.show(on, line, extras(env)),
    wait: (us) => h.wait(us),
    violations: () => h.violations(),
  };
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
