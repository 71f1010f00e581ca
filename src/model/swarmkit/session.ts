/**
 * One swarmctl invocation against the cluster: dial the control socket on
 * the node it runs on, wait for a leader the way the control API does, and
 * print the way `main.go` does (swarmctl-and-docker-ps.md §2.2): success on
 * stdout; an error as `Error: <msg>` on stderr, followed by the failing
 * command's usage unless it came from the manager (a gRPC status), exit 255.
 *
 * Waiting: swarmctl has no deadline (`context.TODO()`). A call polls every
 * 1 s until the local manager knows a ready leader; once the manager has
 * gone more than 10 ticks without one it fails with the lost-quorum text.
 * `show:` and expectations cannot wait: they get that text at once.
 */
import type { Micros } from '../../sim/types.js';
import { LOST_QUORUM_MESSAGE, type CliOutput } from '../docker/errors.js';
import { POLL_US, route } from '../commands/context.js';
import type { Engine } from '../engine/engine.js';
import type { WriteResult } from '../manager/control.js';
import type { Change } from '../store/store.js';
import type { SwarmWorld } from '../world.js';
import { type CommandDef, usageText } from './command-tree.js';
import type { ParsedFlags } from './flags.js';
import { nodeViews } from '../manager/views.js';
import type { Node } from '../store/objects.js';
import { dialSocket, reportedNode } from './sockets.js';

export const EXIT_SWARMCTL_ERROR = 255;

export interface Session {
  readonly world: SwarmWorld;
  readonly on: string;
  readonly instant: boolean;
  readonly socket: string;
  readonly socketDefault: string;
  readonly path: readonly CommandDef[];
  readonly flags: ParsedFlags;
  readonly args: readonly string[];
  readonly nowUs: number;
  /** `-n` given in any form (`Resolve` tests `Changed`). */
  readonly noResolve: boolean;
  finish(output: CliOutput): void;
}

export function ok(session: Session, stdout: string): void {
  session.finish({ stdout, stderr: '', exitCode: 0 });
}

/** A client-side error: the message, then the usage of the command that failed, then an empty line. */
export function userError(session: Session, message: string): void {
  session.finish({ stdout: '', stderr: `Error: ${message}\n${usageText(session.path, session.socketDefault)}\n`, exitCode: EXIT_SWARMCTL_ERROR });
}

/** An error the manager returned (a gRPC status): its description only, no usage. */
export function grpcError(session: Session, description: string): void {
  session.finish({ stdout: '', stderr: `Error: ${description}\n`, exitCode: EXIT_SWARMCTL_ERROR });
}

/** A docker-formatted daemon error (`Error response from daemon: rpc error: code = X desc = D`) as swarmctl shows it. */
export function grpcErrorFrom(session: Session, output: CliOutput): void {
  const description = output.stderr
    .trim()
    .replace(/^Error response from daemon: /, '')
    .replace(/^rpc error: code = \w+ desc = /, '');
  grpcError(session, description);
}

export function notModelled(session: Session, what: string): void {
  session.finish({ stdout: '', stderr: `swarmsim: ${what} is not modelled by swarmsim\n`, exitCode: 2 });
}

function dialError(session: Session, reason: string): void {
  grpcError(session, `connection error: desc = "transport: Error while dialing: dial unix ${session.socket}: connect: ${reason}"`);
}

/** Run `body` with the leader's engine, once the socket answers and a leader serves. */
export function withLeader(session: Session, body: (leader: Engine) => void): void {
  const attempt = (): void => {
    const dial = dialSocket(session.world, session.on, session.socket);
    if (dial.kind === 'missing') return dialError(session, 'no such file or directory');
    if (dial.kind === 'refused') return dialError(session, 'connection refused');
    const engine = session.world.engine(dial.hostname) as Engine;
    const routed = route(session.world, engine, true);
    if (routed.kind === 'leader') return body(routed.leader);
    if (routed.kind === 'error' && /does not have a leader/.test(routed.output.stderr)) return grpcError(session, LOST_QUORUM_MESSAGE);
    if (session.instant) return grpcError(session, LOST_QUORUM_MESSAGE);
    session.world.sim.schedule({ after: POLL_US as Micros, owner: session.on, label: 'swarmctl/poll' }, attempt);
  };
  attempt();
}

/** One store transaction through the leader's Raft; errors as the control API reports them. */
export function write(session: Session, leader: Engine, label: string, changes: readonly Change[], done: () => void): void {
  const control = leader.leadership?.control;
  if (control === undefined) return grpcError(session, 'raft: failed to process the request: node lost leader status');
  control.write(label, changes, (result: WriteResult) => {
    if (result === 'ok') return done();
    grpcError(session, result === 'no-leader' ? LOST_QUORUM_MESSAGE : 'raft: failed to process the request: node lost leader status');
  });
}

/** The nodes as the control API lists them (manager status attached), hostnames as swarmd reports them. */
export function controlNodes(session: Session, leader: Engine): Node[] {
  return nodeViews(leader).map((node) => reportedNode(session.world, node));
}

/** The same, by ID (for name resolution in task tables). */
export function controlNodeRecord(session: Session, leader: Engine): Record<string, Node> {
  const record: Record<string, Node> = {};
  for (const node of controlNodes(session, leader)) record[node.id] = node;
  return record;
}
