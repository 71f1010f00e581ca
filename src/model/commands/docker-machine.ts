/**
 * `docker-machine ssh <machine> "<command>"` as the docker-machine seed uses
 * it: the machine names are the nodes' hostnames, and the quoted command runs
 * on that node exactly as a `run:` step `on:` it would (the remote shell
 * splits it again, so the words may also come unquoted). Errors as
 * docker-machine prints them (`libmachine` errors through its logger, exit 1):
 * an unknown machine, a machine that is down, no machine named. Only `ssh`
 * is modelled; an interactive session (no command) is refused.
 */
import type { CliOutput } from '../docker/errors.js';
import { type Program, PROGRAMS, commandNotFound } from './programs.js';
import { isWriteLine, runDocker } from './runner.js';
import { tokenize } from '../docker/tokenize.js';

function machineError(text: string): CliOutput {
  return { stdout: '', stderr: `${text}\n`, exitCode: 1 };
}

function notModelled(what: string): CliOutput {
  return { stdout: '', stderr: `swarmsim: ${what} is not modelled (only \`docker-machine ssh <machine> "<command>"\`)\n`, exitCode: 2 };
}

/** The remote command line, or undefined for an interactive session. */
function remoteLine(args: readonly string[]): string | undefined {
  const rest = args.slice(2);
  return rest.length === 0 ? undefined : rest.join(' ');
}

/** What the remote shell would run: docker or one of the modelled programs; anything else is not installed there. */
function remoteProgramMissing(line: string): string | undefined {
  const tokens = tokenize(line);
  const first = tokens.ok ? tokens.words[0] : undefined;
  if (first === undefined || first === 'docker' || PROGRAMS[first] !== undefined) return undefined;
  return first;
}

export const dockerMachineProgram: Program = {
  isRead(args) {
    const line = args[0] === 'ssh' ? remoteLine(args) : undefined;
    return line === undefined || !isWriteLine(line);
  },
  run(world, command, instant, finish) {
    const [subcommand, machine] = command.args;
    if (subcommand !== 'ssh') return finish(notModelled(subcommand === undefined ? '`docker-machine` without a command' : `\`docker-machine ${subcommand}\``));
    if (machine === undefined) return finish(machineError('Error: No machine name(s) specified and no "default" machine exists'));
    const engine = world.engine(machine);
    if (engine === undefined) return finish(machineError(`Host does not exist: "${machine}"`));
    if (!engine.up) return finish(machineError(`Error: Cannot run SSH command: Host "${machine}" is not running`));
    const line = remoteLine(command.args);
    if (line === undefined) return finish(notModelled('an interactive `docker-machine ssh` session'));
    const missing = remoteProgramMissing(line);
    if (missing !== undefined) return finish(commandNotFound(missing));
    runDocker(world, { line, on: machine, ...(command.env !== undefined ? { env: command.env } : {}), ...(command.stdin !== undefined ? { stdin: command.stdin } : {}) }, instant, finish);
  },
};
