/**
 * How a docker command reaches the cluster from the engine it runs on
 * (swarm-behaviour.md §1.4, §3.7): the "not a swarm manager" variants, then
 * the raft proxy to the leader. Modelling decisions: the proxy hop is
 * evaluated at the instant of the call against the network (the follower
 * must reach the leader on 2377 both ways) and takes no virtual time; a
 * manager that has had no leader for more than 10 ticks fails at once with
 * the lost-quorum error; otherwise the call polls every 1 s until a leader
 * serves it or the daemon's 20 s deadline passes.
 */
import type { Sim } from '../../sim/types.js';
import { type CliOutput, deadlineExceeded, noLeader, notSwarmManager, notSwarmManagerPreparing, notSwarmManagerWorker, swarmLocked } from '../docker/errors.js';
import type { Engine } from '../engine/engine.js';
import { hostOf } from '../raft-host/host.js';
import type { SwarmWorld } from '../world.js';

export const REQUEST_TIMEOUT_US = 20_000_000;
export const POLL_US = 1_000_000;
export const LOST_QUORUM_TICKS = 10;

export interface CommandContext {
  readonly world: SwarmWorld;
  readonly sim: Sim;
  readonly engine: Engine;
  /** render: no virtual time may pass (show:, expectations). */
  readonly instant: boolean;
  /** The step's `tty:` (the progress of create/update/scale/rollback shows the terminal's final screen). */
  readonly tty?: boolean;
  /** The step's `stdin:` (the key `docker swarm unlock` reads). */
  readonly stdin?: string;
  readonly startedUs: number;
  finish(output: CliOutput): void;
  /** The control-API call is over (a progress wait follows): the 20 s deadline no longer applies. */
  clearDeadline(): void;
}

export type Route = { readonly kind: 'leader'; readonly leader: Engine } | { readonly kind: 'error'; readonly output: CliOutput } | { readonly kind: 'wait' };

/** Is this engine able to serve manager commands at all? */
export function managerError(engine: Engine): CliOutput | undefined {
  const state = engine.membership.state;
  if (state === 'inactive' || state === 'error') return notSwarmManager();
  if (state === 'locked') return swarmLocked();
  if (state === 'pending' || engine.membership.role !== 'manager') return notSwarmManagerWorker();
  if (engine.raft === undefined || !engine.raftJoined || !engine.raft.up) return notSwarmManagerPreparing();
  return undefined;
}

/** `onEntry`: SwarmKit checks the no-leader threshold when a request arrives; later polls only wait (§1.4). */
export function route(world: SwarmWorld, engine: Engine, onEntry = true): Route {
  const error = managerError(engine);
  if (error !== undefined) return { kind: 'error', output: error };
  const raft = engine.raft;
  const leaderId = raft?.raft?.leader;
  if (raft === undefined || leaderId === undefined) {
    return onEntry && (raft?.ticksWithNoLeader ?? 0) > LOST_QUORUM_TICKS ? { kind: 'error', output: noLeader() } : { kind: 'wait' };
  }
  const leader = world.engine(hostOf(leaderId));
  if (leader === undefined || leader.leadership === undefined || leader.raft?.id !== leaderId) return { kind: 'wait' };
  if (leader !== engine) {
    const net = world.sim.net;
    if (!net.reachable(engine.hostname, leader.hostname, 2377, 'tcp') || !net.reachable(leader.hostname, engine.hostname, 2377, 'tcp')) return { kind: 'wait' };
  }
  return { kind: 'leader', leader };
}

/** Run `body` with the leader, waiting as the proxy does; errors finish the command. */
export function withLeader(ctx: CommandContext, body: (leader: Engine) => void): void {
  let first = true;
  const attempt = (): void => {
    if (!ctx.engine.up) return ctx.finish(daemonDown());
    const routed = route(ctx.world, ctx.engine, first);
    first = false;
    if (routed.kind === 'leader') return body(routed.leader);
    if (routed.kind === 'error') return ctx.finish(routed.output);
    if (ctx.instant || ctx.sim.now + POLL_US > ctx.startedUs + REQUEST_TIMEOUT_US) {
      if (!ctx.instant) {
        const waitUs = ctx.startedUs + REQUEST_TIMEOUT_US - ctx.sim.now;
        ctx.sim.schedule({ after: Math.max(0, waitUs) as never, label: 'docker/deadline' }, () => ctx.finish(deadlineExceeded()));
        return;
      }
      return ctx.finish(deadlineExceeded());
    }
    ctx.sim.schedule({ after: POLL_US as never, label: 'docker/poll' }, attempt);
  };
  attempt();
}

export function daemonDown(): CliOutput {
  return { stdout: '', stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n', exitCode: 1 };
}
