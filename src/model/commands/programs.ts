/**
 * Programs other than `docker` that a scenario's command line may start on a
 * node: `curl` (the routing mesh as a user probes it), SwarmKit's `swarmd`
 * and `swarmctl`, `docker-machine ssh`, and
 * `firewall-cmd`/`systemctl` for a host's firewalld (and docker stop/start). A line whose first word is not
 * `docker` and not a program here gets the shell's "command not found".
 */
import type { CliOutput } from '../docker/errors.js';
import type { SwarmWorld } from '../world.js';
import { curlProgram } from './curl.js';
import { dockerMachineProgram } from './docker-machine.js';
import { firewallCmdProgram } from './firewall-cmd.js';
import { systemctlProgram } from './systemctl.js';
import { swarmctlProgram, swarmdProgram } from './swarmkit-cli.js';

export interface ProgramLine {
  /** The words after the program's name, as the shell split them. */
  readonly args: readonly string[];
  readonly line: string;
  readonly on: string;
  readonly tty?: boolean;
  /** The step's `env:` (e.g. SWARM_SOCKET), if any. */
  readonly env?: Readonly<Record<string, string>>;
  /** The step's `stdin:` text, if any. */
  readonly stdin?: string;
}

export interface Program {
  /** Answers at once from the state it reads (may be used in `show:` and watched expectations). */
  isRead(args: readonly string[]): boolean;
  /** Run; `finish` is called once (at once when `instant`). */
  run(world: SwarmWorld, command: ProgramLine, instant: boolean, finish: (output: CliOutput) => void): void;
}

export const PROGRAMS: Readonly<Record<string, Program>> = {
  curl: curlProgram,
  swarmd: swarmdProgram,
  swarmctl: swarmctlProgram,
  'docker-machine': dockerMachineProgram,
  'firewall-cmd': firewallCmdProgram,
  systemctl: systemctlProgram,
};

/** bash's answer for a program that is not installed (exit 127). */
export function commandNotFound(name: string): CliOutput {
  return { stdout: '', stderr: `bash: ${name}: command not found\n`, exitCode: 127 };
}
