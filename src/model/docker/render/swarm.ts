/**
 * Success output of `docker swarm init|join|join-token|leave|update` and the
 * one-line echoes of `docker node promote|demote|update|rm`
 * (docker-cli.md §2, §3; swarm-behaviour.md §3.1, §3.3, §4; docker/cli
 * `cli/command/swarm/{init,join_token,unlock_key}.go`, `node/{promote,demote,update,remove}.go`).
 * All of it goes to stdout.
 */
import type { NodeRole } from '../../store/objects.js';

/** `printUnlockCommand`: printed after init/update when autolock is (newly) on. */
export function renderUnlockBlock(unlockKey: string): string {
  if (unlockKey === '') return '';
  return (
    'To unlock a swarm manager after it restarts, run the `docker swarm unlock`\n' +
    'command and provide the following key:\n\n' +
    `    ${unlockKey}\n\n` +
    'Remember to store this key in a password manager, since without it you\n' +
    'will not be able to restart the manager.\n'
  );
}

/** `printJoinCommand` for one role; ends with an empty line. */
export function renderJoinCommand(options: { role: NodeRole; token: string; managerAddr: string }): string {
  return `To add a ${options.role} to this swarm, run the following command:\n\n    docker swarm join --token ${options.token} ${options.managerAddr}\n\n`;
}

export interface SwarmInitOutput {
  readonly nodeId: string;
  readonly workerToken: string;
  /** The new manager's `ManagerStatus.Addr` (advertise IP:port). */
  readonly managerAddr: string;
  /** Present when `--autolock` was given. */
  readonly unlockKey?: string;
}

/** `docker swarm init` (CLI ≥ 28: no blank line at the end). */
export function renderSwarmInit(output: SwarmInitOutput): string {
  return (
    `Swarm initialized: current node (${output.nodeId}) is now a manager.\n\n` +
    renderJoinCommand({ role: 'worker', token: output.workerToken, managerAddr: output.managerAddr }) +
    "To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n" +
    renderUnlockBlock(output.unlockKey ?? '')
  );
}

export interface JoinTokenOutput {
  readonly role: NodeRole;
  readonly token: string;
  readonly managerAddr: string;
  readonly quiet: boolean;
  readonly rotated: boolean;
}

/** `docker swarm join-token [-q] [--rotate] worker|manager`. */
export function renderJoinToken(output: JoinTokenOutput): string {
  if (output.quiet) return `${output.token}\n`;
  const rotated = output.rotated ? `Successfully rotated ${output.role} join token.\n\n` : '';
  return rotated + renderJoinCommand(output);
}

/** `docker swarm join`: decided by `/info` ControlAvailable after the join. */
export function renderSwarmJoin(asManager: boolean): string {
  return asManager ? 'This node joined a swarm as a manager.\n' : 'This node joined a swarm as a worker.\n';
}

export function renderSwarmLeave(): string {
  return 'Node left the swarm.\n';
}

/** `docker swarm update`; the unlock block only when autolock went from off to on. */
export function renderSwarmUpdate(newUnlockKey?: string): string {
  return `Swarm updated.\n${renderUnlockBlock(newUnlockKey ?? '')}`;
}

/** `node promote`: the argument as typed. */
export function renderPromoted(arg: string): string {
  return `Node ${arg} promoted to a manager in the swarm.\n`;
}

/** `node promote` of a node whose desired role is already manager: the full ID. */
export function renderAlreadyManager(fullId: string): string {
  return `Node ${fullId} is already a manager.\n`;
}

/** `node demote`: the argument as typed. */
export function renderDemoted(arg: string): string {
  return `Manager ${arg} demoted in the swarm.\n`;
}

export function renderAlreadyWorker(fullId: string): string {
  return `Node ${fullId} is already a worker.\n`;
}

/** `node update` and each removed node of `node rm`: the argument as typed. */
export function renderNodeEcho(arg: string): string {
  return `${arg}\n`;
}
