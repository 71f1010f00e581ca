/**
 * Containers on a node and recovery commands (issue 10): the `containers`
 * view (`show: containers`, or `show: containers worker-1`) lists every
 * node's task containers as `docker ps -a` would, with a per-node count, so
 * a lesson can show how a service spread in one step.
 */
import { visibleContainers } from '../commands/container-commands.js';
import { containerStatus } from '../docker/render/containers.js';
import type { SwarmWorld } from '../world.js';
import type { ModelPart } from './part.js';

function renderContainersView(world: SwarmWorld, args: string): string {
  const wanted = args.trim();
  const engines = wanted === '' ? world.engines : world.engines.filter((engine) => engine.hostname === wanted);
  if (engines.length === 0) return `no node ${wanted}\n`;
  const out: string[] = [];
  for (const engine of engines) {
    if (!engine.up) {
      out.push(`${engine.hostname}: daemon down`);
      continue;
    }
    const containers = visibleContainers(world, engine);
    const running = containers.filter((c) => c.state === 'running').length;
    out.push(`${engine.hostname}: ${containers.length} containers, ${running} running`);
    for (const container of containers) out.push(`  ${container.id.slice(0, 12)}  ${container.name}  ${containerStatus(container, world.sim.now)}`);
  }
  return `${out.join('\n')}\n`;
}

export const containersPart: ModelPart = {
  views: {
    containers: {
      description: "Each node's task containers as `docker ps -a` lists them, with a count per node (`show: containers`, or one node: `show: containers worker-1`).",
      render: renderContainersView,
    },
  },
};
