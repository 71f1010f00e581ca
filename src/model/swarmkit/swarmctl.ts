/**
 * `swarmctl` on a node: find the command in cobra's tree, parse its flags,
 * answer `--help`, then run the handler (swarmctl-and-docker-ps.md §2, §3).
 * The socket is `--socket`, else `$SWARM_SOCKET`, else `/var/run/swarmd.sock`.
 */
import { compareStrings } from '../../sim/order.js';
import type { CliOutput } from '../docker/errors.js';
import type { SwarmWorld } from '../world.js';
import { type CommandDef, DEFAULT_SOCKET, findSubcommand, helpText, inheritedFlags, localFlags, rootCommand, usageText } from './command-tree.js';
import { flagString, parseFlags } from './flags.js';
import { nodeAvailability, nodeInspect, nodeLs, nodeRm, nodeRole, nodeUpdate } from './node-handlers.js';
import { serviceCreate, serviceInspect, serviceLs, serviceRm, serviceUpdate } from './service-handlers.js';
import { EXIT_SWARMCTL_ERROR, type Session, notModelled } from './session.js';
import { clusterInspect, clusterLs, clusterUpdate, taskInspect, taskLs } from './task-cluster-handlers.js';

type Handler = (session: Session) => void;

/** What the simulator runs, by command path (names, not aliases). */
const HANDLERS: Readonly<Record<string, Handler>> = {
  'node ls': nodeLs,
  'node inspect': nodeInspect,
  'node promote': (s) => nodeRole(s, 'manager'),
  'node demote': (s) => nodeRole(s, 'worker'),
  'node activate': (s) => nodeAvailability(s, 'active'),
  'node pause': (s) => nodeAvailability(s, 'pause'),
  'node drain': (s) => nodeAvailability(s, 'drain'),
  'node update': nodeUpdate,
  'node remove': nodeRm,
  'service create': serviceCreate,
  'service ls': serviceLs,
  'service inspect': serviceInspect,
  'service update': serviceUpdate,
  'service remove': serviceRm,
  'task ls': taskLs,
  'task inspect': taskInspect,
  'cluster inspect': clusterInspect,
  'cluster ls': clusterLs,
  'cluster update': clusterUpdate,
};

/** Read-only commands: they may run in `show:` and expectations. */
const READS = new Set(['node ls', 'node inspect', 'service ls', 'service inspect', 'task ls', 'task inspect', 'cluster inspect', 'cluster ls']);

const isSocketFlag = (word: string): boolean => word === '-s' || word === '--socket';

/** cobra's `Find`: walk subcommand names, skipping flags (and the socket flag's value). */
function findCommand(root: CommandDef, words: readonly string[]): { path: CommandDef[]; rest: string[] } {
  const path = [root];
  const rest: string[] = [];
  let positional = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word.startsWith('-')) {
      rest.push(word);
      if (isSocketFlag(word) && i + 1 < words.length) rest.push(words[++i] as string);
      continue;
    }
    const current = path[path.length - 1] as CommandDef;
    const sub = positional ? undefined : findSubcommand(current, word);
    if (sub !== undefined && current.subcommands !== undefined) path.push(sub);
    else {
      positional = true;
      rest.push(word);
    }
  }
  return { path, rest };
}

/** Levenshtein distance, case-insensitive (cobra's `ld(s, t, true)`). */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let row = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const next = [i];
    for (let j = 1; j <= t.length; j++) next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1));
    row = next;
  }
  return row[t.length] as number;
}

/** cobra's `findSuggestions` for an unknown command (distance ≤ 2 or a prefix; `help` is not offered). */
function suggestions(root: CommandDef, typed: string): string {
  const names = (root.subcommands ?? [])
    .map((c) => c.name)
    .filter((name) => name !== 'help' && (distance(typed, name) <= 2 || name.toLowerCase().startsWith(typed.toLowerCase())))
    .sort(compareStrings);
  return names.length === 0 ? '' : `\n\nDid you mean this?\n${names.map((n) => `\t${n}\n`).join('')}`;
}

export function commandPathOf(args: readonly string[]): string {
  const { path } = findCommand(rootCommand('swarmctl'), args);
  return path.slice(1).map((c) => c.name).join(' ');
}

export function isSwarmctlRead(args: readonly string[]): boolean {
  if (args.includes('-h') || args.includes('--help')) return true;
  const path = commandPathOf(args);
  return READS.has(path) || !(path in HANDLERS);
}

export interface SwarmctlRun {
  readonly world: SwarmWorld;
  readonly on: string;
  readonly argv0: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly instant: boolean;
  readonly finish: (output: CliOutput) => void;
}

export function runSwarmctl(run: SwarmctlRun): void {
  if (!run.world.sim.isUp(run.on)) return run.finish({ stdout: '', stderr: `swarmsim: ${run.on} is down; swarmctl cannot run there\n`, exitCode: 2 });
  const envSocket = run.env.SWARM_SOCKET ?? '';
  const socketDefault = envSocket !== '' ? envSocket : DEFAULT_SOCKET;
  const root = rootCommand(run.argv0);
  const { path, rest } = findCommand(root, run.args);
  const command = path[path.length - 1] as CommandDef;
  const fail = (message: string): void =>
    run.finish({ stdout: '', stderr: `Error: ${message}\n${usageText(path, socketDefault)}\n`, exitCode: EXIT_SWARMCTL_ERROR });
  const parsed = parseFlags(rest, [...localFlags(path, socketDefault), ...inheritedFlags(path, socketDefault)]);
  if (!parsed.ok) return fail(parsed.message);
  const flags = parsed.value;
  if (flags.changed.get('help') === true) return run.finish({ stdout: helpText(path, socketDefault), stderr: '', exitCode: 0 });
  if (command.subcommands !== undefined) {
    const typed = flags.args[0];
    if (path.length === 1 && typed !== undefined) return fail(`unknown command ${JSON.stringify(typed)} for ${JSON.stringify(run.argv0)}${suggestions(root, typed)}`);
    return run.finish({ stdout: helpText(path, socketDefault), stderr: '', exitCode: 0 });
  }
  const key = path.slice(1).map((c) => c.name).join(' ');
  const session: Session = {
    world: run.world,
    on: run.on,
    instant: run.instant,
    socket: flagString(flags, 'socket') ?? socketDefault,
    socketDefault,
    path,
    flags,
    args: flags.args,
    nowUs: run.world.sim.now,
    noResolve: flags.changed.has('no-resolve'),
    finish: run.finish,
  };
  const handler = HANDLERS[key];
  if (handler === undefined) return notModelled(session, `swarmctl ${key}`);
  handler(session);
}
