/**
 * The model's `commands`: a docker command line run on an engine. `start`
 * takes virtual time (a write waits for its Raft commit, a join for its
 * answer or timeout); `render` answers at once and only for reads (`node ls`,
 * `node inspect`, `node ps`, `info`, `swarm join-token` without `--rotate`):
 * a read that would wait for a leader renders the deadline text it would end
 * with. A command that exits non-zero fails its `run` step.
 */
import type { CommandRunner, StepContext } from '../../sim/plugin.js';
import type { Micros, TimerId } from '../../sim/types.js';
import { type CliOutput, deadlineExceeded, parseCommandLine, serviceLogsNotModelled, tokenize, type DockerRequest } from '../docker/index.js';
import { PROGRAMS, type Program, commandNotFound } from './programs.js';
import type { SwarmWorld } from '../world.js';
import { type CommandContext, REQUEST_TIMEOUT_US, daemonDown } from './context.js';
import { info, nodeInspect, nodeLs, nodePromoteDemote, nodeRm, nodeUpdate } from './node-commands.js';
import { stackDeploy, stackLs, stackPs, stackRm, stackServices } from './stack-commands.js';
import { serviceRollback, serviceUpdate } from './update-commands.js';
import { nodePsTasks, serviceCreate, serviceInspect, serviceLs, servicePs, serviceRm, serviceScale } from './service-commands.js';
import { containerLs } from './container-commands.js';
import { swarmInit, swarmJoin, swarmJoinToken, swarmLeave, swarmUnlock, swarmUnlockKey, swarmUpdate } from './swarm-commands.js';

/** Commands that run `--format` templates (docker/render/formatted.ts, render/containers.ts). */
export function isRead(request: DockerRequest): boolean {
  switch (request.command) {
    case 'node ls':
    case 'node inspect':
    case 'node ps':
    case 'info':
    case 'service ls':
    case 'service ps':
    case 'service inspect':
    case 'stack ls':
    case 'stack services':
    case 'stack ps':
    case 'container ls':
      return true;
    case 'swarm join-token':
    case 'swarm unlock-key':
      return !request.rotate;
    default:
      return false;
  }
}

function dispatch(ctx: CommandContext, request: DockerRequest): void {
  switch (request.command) {
    case 'swarm init':
      return swarmInit(ctx, request);
    case 'swarm join':
      return swarmJoin(ctx, request);
    case 'swarm join-token':
      return swarmJoinToken(ctx, request);
    case 'swarm leave':
      return swarmLeave(ctx, request);
    case 'swarm update':
      return swarmUpdate(ctx, request);
    case 'swarm unlock':
      return swarmUnlock(ctx, request);
    case 'swarm unlock-key':
      return swarmUnlockKey(ctx, request);
    case 'node ls':
      return nodeLs(ctx, request);
    case 'node inspect':
      return nodeInspect(ctx, request);
    case 'node ps':
      return nodePsTasks(ctx, request);
    case 'service create':
      return serviceCreate(ctx, request);
    case 'service ls':
      return serviceLs(ctx, request);
    case 'service inspect':
      return serviceInspect(ctx, request);
    case 'service ps':
      return servicePs(ctx, request);
    case 'service rm':
      return serviceRm(ctx, request);
    case 'service scale':
      return serviceScale(ctx, request);
    case 'service update':
      return serviceUpdate(ctx, request);
    case 'service rollback':
      return serviceRollback(ctx, request);
    case 'stack deploy':
      return stackDeploy(ctx, request);
    case 'stack ls':
      return stackLs(ctx, request);
    case 'stack services':
      return stackServices(ctx, request);
    case 'stack ps':
      return stackPs(ctx, request);
    case 'stack rm':
      return stackRm(ctx, request);
    case 'service logs':
      return ctx.finish(serviceLogsNotModelled());
    case 'node update':
      return nodeUpdate(ctx, request);
    case 'node promote':
    case 'node demote':
      return nodePromoteDemote(ctx, request);
    case 'node rm':
      return nodeRm(ctx, request);
    case 'info':
      return info(ctx, request);
    case 'container ls':
      return containerLs(ctx, request);
    default: {
      // Every request the docker layer parses is run above; a new one fails to compile here.
      const unhandled: never = request;
      throw new Error(`runner: no handler for ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * The program a line starts when its first word names one (`curl`,
 * `swarmctl`, ...); undefined otherwise: the line is a docker command, with
 * or without the word `docker` (expectations leave it out).
 */
function programOf(line: string): { name: string; program: Program; args: readonly string[] } | undefined {
  const tokens = tokenize(line);
  if (!tokens.ok) return undefined;
  const [name, ...args] = tokens.words;
  const program = name === undefined ? undefined : PROGRAMS[name];
  return program === undefined ? undefined : { name: name as string, program, args };
}

/** Does this command line change the swarm (so that it may take virtual time)? */
export function isWriteLine(line: string): boolean {
  const other = programOf(line);
  if (other !== undefined) return !other.program.isRead(other.args);
  const parsed = parseCommandLine(line);
  return parsed.ok && !isRead(parsed.request);
}

export interface CommandInput {
  readonly line: string;
  readonly on: string;
  readonly tty?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
}

/** Run a command line on `on`; `finish` is called once (at once when `instant`). */
export function runDocker(world: SwarmWorld, command: CommandInput, instant: boolean, finish: (output: CliOutput) => void): void {
  const other = programOf(command.line);
  if (other !== undefined) {
    if (world.engine(command.on) === undefined) return finish({ stdout: '', stderr: `swarmsim: no node ${command.on}\n`, exitCode: 2 });
    if (instant && !other.program.isRead(other.args)) {
      return finish({ stdout: '', stderr: `swarmsim: \`${command.line}\` changes the swarm; use it in a run: step\n`, exitCode: 2 });
    }
    world.sim.trace.emit({ kind: 'docker.run', node: command.on, fields: [['line', command.line]] });
    return other.program.run(world, { ...command, args: other.args }, instant, finish);
  }
  const parsed = parseCommandLine(command.line);
  if (!parsed.ok) return finish(parsed.output);
  const engine = world.engine(command.on);
  if (engine === undefined) return finish({ stdout: '', stderr: `swarmsim: no node ${command.on}\n`, exitCode: 2 });
  if (!engine.up) return finish(daemonDown());
  if (instant && !isRead(parsed.request)) {
    return finish({ stdout: '', stderr: `swarmsim: \`${command.line}\` changes the swarm; use it in a run: step\n`, exitCode: 2 });
  }
  let finished = false;
  let deadline: TimerId | undefined;
  let deadlineCleared = false;
  const ctx: CommandContext = {
    world,
    sim: world.sim,
    engine,
    instant,
    tty: command.tty === true,
    ...(command.stdin === undefined ? {} : { stdin: command.stdin }),
    startedUs: world.sim.now,
    finish: (output) => {
      if (finished) return;
      finished = true;
      if (deadline !== undefined) world.sim.cancel(deadline);
      finish(parsed.stderr === '' ? output : { ...output, stderr: parsed.stderr + output.stderr });
    },
    clearDeadline: () => {
      deadlineCleared = true;
      if (deadline !== undefined) world.sim.cancel(deadline);
      deadline = undefined;
    },
  };
  world.sim.trace.emit({ kind: 'docker.run', node: command.on, fields: [['line', command.line]] });
  dispatch(ctx, parsed.request);
  if (!finished && !deadlineCleared && !instant && usesControlApi(parsed.request)) {
    deadline = world.sim.schedule({ after: REQUEST_TIMEOUT_US as Micros, label: 'docker/deadline' }, () => ctx.finish(deadlineExceeded()));
  }
}

/**
 * Calls that go through the control API carry moby's 20 s context deadline
 * (a write waiting for a commit that never comes ends with it); init, join and
 * leave have their own timing.
 */
function usesControlApi(request: DockerRequest): boolean {
  return request.command !== 'swarm init' && request.command !== 'swarm join' && request.command !== 'swarm leave' && request.command !== 'container ls';
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? '';
}

/**
 * A `run:` or `show:` line is typed at a shell: its first word must be
 * `docker` or a program of PROGRAMS; any other word gets bash's "command not
 * found" (a `docker:` expectation, which leaves the word docker out, calls
 * runDocker directly).
 */
function notInstalled(line: string): CliOutput | undefined {
  const tokens = tokenize(line);
  const first = tokens.ok ? tokens.words[0] : undefined;
  if (first === undefined || first === 'docker' || PROGRAMS[first] !== undefined) return undefined;
  return commandNotFound(first);
}

/** A shell line as the user typed it, `docker` included. */
function typed(line: string): string {
  const trimmed = line.trim();
  return programOf(trimmed) !== undefined || trimmed.startsWith('docker ') ? trimmed : `docker ${trimmed}`;
}

export const dockerCommands: CommandRunner<SwarmWorld> = {
  start(world, command, ctx: StepContext) {
    const refused = notInstalled(command.line);
    const run = (finish: (output: CliOutput) => void): void => (refused === undefined ? runDocker(world, command, false, finish) : finish(refused));
    run((output) => {
      world.sim.trace.emit({ kind: 'docker.exit', node: command.on, fields: [['code', output.exitCode]] });
      const text = output.stdout + output.stderr;
      if (output.exitCode === 0) ctx.done({ ok: true, output: output.stdout + output.stderr });
      else ctx.done({ ok: false, message: `${refused === undefined ? typed(command.line) : command.line.trim()} exited ${output.exitCode}: ${firstLine(output.stderr)}`, output: text });
    });
  },
  render(world, command) {
    const refused = notInstalled(command.line);
    if (refused !== undefined) return refused;
    let result: CliOutput | undefined;
    runDocker(world, command, true, (output) => {
      result = output;
    });
    return result ?? { stdout: '', stderr: 'swarmsim: the command did not answer at once\n', exitCode: 2 };
  },
};
