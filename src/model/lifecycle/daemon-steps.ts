/**
 * `stop: <node>` and `start: <node>`: `systemctl stop docker` and
 * `systemctl start docker` on a node. A stop shuts the daemon down cleanly:
 * its swarm node stops (the agent's session stream closes, the Raft member
 * stops with its durable state on disk), its containers are stopped, then
 * the process exits (the kernel marks the node down, losing its timers and
 * in-flight messages as a crash does). The managers see what they see after
 * a crash: a closed session stream does not mark a node down, so it stays
 * Ready until its heartbeats expire (swarm-behaviour.md §2.2). A start brings
 * the daemon back with its identity (node ID, role, Raft state); a manager
 * of an autolocked swarm comes back locked.
 */
import { z } from 'zod';
import type { StepKind } from '../../sim/plugin.js';
import { nodeName } from '../schema-kit.js';
import type { SwarmWorld } from '../world.js';

const stopSchema = z.object({ stop: nodeName.describe('The node whose docker daemon stops (systemctl stop docker).') }).strict();
const startSchema = z.object({ start: nodeName.describe('The node whose docker daemon starts again (systemctl start docker).') }).strict();

function downWord(by: 'crash' | 'stop' | undefined): string {
  return by === 'stop' ? 'stopped' : 'crashed';
}

export const stopStep: StepKind<SwarmWorld, z.infer<typeof stopSchema>> = {
  description: 'systemctl stop docker on a node: containers stop, the agent session closes, Raft state is kept; managers see it Ready until its heartbeats expire.',
  schema: stopSchema,
  nodeRefs: (args) => [args.stop],
  start(world, args, ctx) {
    const engine = world.engine(args.stop);
    if (engine === undefined) return ctx.done({ ok: false, message: `no node ${args.stop}` });
    if (!engine.up) return ctx.done({ ok: false, message: `the docker daemon on ${args.stop} is not running (${downWord(engine.downBy)})` });
    world.sim.trace.emit({ kind: 'docker.daemon-stop', node: args.stop, fields: [['swarm', engine.membership.state]] });
    engine.stopDaemon();
    ctx.done({ ok: true });
  },
};

export const startStep: StepKind<SwarmWorld, z.infer<typeof startSchema>> = {
  description: 'systemctl start docker on a node: the daemon starts with its identity (a manager of an autolocked swarm starts locked).',
  schema: startSchema,
  nodeRefs: (args) => [args.start],
  start(world, args, ctx) {
    const engine = world.engine(args.start);
    if (engine === undefined) return ctx.done({ ok: false, message: `no node ${args.start}` });
    if (engine.up) return ctx.done({ ok: false, message: `the docker daemon on ${args.start} is already running` });
    world.sim.trace.emit({ kind: 'docker.daemon-start', node: args.start, fields: [['after', downWord(engine.downBy)]] });
    world.sim.restart(args.start);
    ctx.done({ ok: true });
  },
};
