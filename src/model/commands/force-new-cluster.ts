/**
 * `docker swarm init --force-new-cluster` on a manager of an existing swarm
 * (moby `daemon/cluster/swarm.go#Init` → SwarmKit `loadAndStart(forceNewCluster)`):
 * the node's manager restarts from its own state as the only Raft member of
 * the same cluster: cluster ID, node IDs, services and tasks stay; the other
 * managers are removed from the Raft member list (their node objects stay,
 * with no MANAGER STATUS, until `docker node rm`: a demote of one answers
 * "can't find manager in raft memberlist", as SwarmKit's UpdateNode does).
 * It answers like `swarm init`, once the node's agent has its session again.
 *
 * On a worker it is the daemon's worker variant of "not a swarm manager"; on a
 * node outside any swarm it is a plain `swarm init` (swarm-commands.ts).
 */
import { type CliOutput, EXIT_OK, notSwarmManagerWorker } from '../docker/errors.js';
import { renderSwarmInit } from '../docker/render/swarm.js';
import type { SwarmInitRequest } from '../docker/requests.js';
import type { CommandContext } from './context.js';

const ok = (stdout: string): CliOutput => ({ stdout, stderr: '', exitCode: EXIT_OK });

export function forceNewCluster(ctx: CommandContext, _request: SwarmInitRequest): void {
  const { engine, world } = ctx;
  const raft = engine.raft;
  if (engine.membership.role !== 'manager' || raft === undefined || !raft.up) return ctx.finish(notSwarmManagerWorker());
  const removed = raft.forceNewCluster();
  world.sim.trace.emit({ kind: 'swarm.force-new-cluster', node: engine.hostname, fields: [['removed', removed.join(',') || '-']] });
  const { nodeId, addr } = engine.membership;
  const port = world.member(raft.id)?.addr.replace(/^.*:/, '') ?? '2377';
  engine.whenSession(() => {
    const workerToken = engine.raft?.app.store.cluster?.joinTokens.worker ?? '';
    ctx.finish(ok(renderSwarmInit({ nodeId, workerToken, managerAddr: `${addr}:${port}` })));
  });
  engine.startAgent(engine.hostname);
}
