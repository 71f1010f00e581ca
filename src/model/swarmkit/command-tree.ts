/**
 * swarmctl's cobra command tree (swarmkit `swarmd/cmd/swarmctl/**`): names,
 * `Use` lines, short texts, aliases and flags, and cobra's usage and help
 * texts built from them (`defaultUsageTemplate`, `defaultHelpTemplate`).
 * Every command the real binary has is listed so that help reads the same;
 * which ones the simulator runs is decided in `control.ts`.
 */
import { compareStrings } from '../../sim/order.js';
import { type FlagDef, flagUsages } from './flags.js';

export interface CommandDef {
  readonly name: string;
  /** The rest of cobra's `Use` after the name (`<node ID>`), '' if none. */
  readonly args: string;
  readonly short: string;
  readonly aliases?: readonly string[];
  readonly flags: readonly FlagDef[];
  readonly subcommands?: readonly CommandDef[];
}

export const DEFAULT_SOCKET = '/var/run/swarmd.sock';

const bool = (name: string, usage: string, shorthand?: string): FlagDef => ({ name, type: 'bool', defValue: 'false', usage, ...(shorthand === undefined ? {} : { shorthand }) });
const str = (name: string, usage: string, defValue = ''): FlagDef => ({ name, type: 'string', defValue, usage });
const strs = (name: string, usage: string): FlagDef => ({ name, type: 'strings', defValue: '[]', usage });
const uint = (name: string, usage: string, defValue = '0'): FlagDef => ({ name, type: 'uint', defValue, usage });

const ALL = bool('all', 'Show all tasks (default shows just running)', 'a');
const QUIET = bool('quiet', 'Only display IDs', 'q');

/** `flagparser.AddServiceFlags`. */
const SERVICE_FLAGS: readonly FlagDef[] = [
  str('name', 'service name'),
  strs('label', 'service label (key=value)'),
  uint('replicas', 'number of replicas for the service (only works in replicated service mode)', '1'),
  uint('replicas-max-per-node', 'maximum number of replicas for per node (only works in replicated service mode) (default 0 = unlimited)'),
  str('image', 'container image'),
  str('hostname', 'container hostname'),
  strs('command', 'override entrypoint'),
  strs('args', 'container args'),
  strs('env', 'container env'),
  bool('tty', 'open a tty on standard streams'),
  bool('open-stdin', 'open standard input'),
  strs('ports', 'ports'),
  str('network', 'network name'),
  str('memory-reservation', 'amount of reserved memory (e.g. 512m)'),
  str('memory-limit', 'memory limit (e.g. 512m)'),
  str('cpu-reservation', 'number of CPU cores reserved (e.g. 0.5)'),
  str('cpu-limit', 'CPU cores limit (e.g. 0.5)'),
  str('generic-resources', 'user defined resources request (e.g. gpu=3,fpga=1)'),
  strs('ulimit', 'ulimit options'),
  uint('update-parallelism', 'task update parallelism (0 = all at once)'),
  str('update-delay', 'delay between task updates (0s = none)', '0s'),
  str('update-on-failure', 'action on failure during update (pause|continue|rollback)', 'pause'),
  str('update-order', 'order of shutting down old task and starting updated task (stop-first|start-first)', 'stop-first'),
  uint('rollback-parallelism', 'task update parallelism during rollback (0 = all at once)'),
  str('rollback-delay', 'delay between task updates during rollback (0s = none)', '0s'),
  str('rollback-on-failure', 'action on failure during rollback (pause|continue)', 'pause'),
  str('rollback-order', 'order of shutting down old task and starting rolled-back task (stop-first|start-first)', 'stop-first'),
  str('restart-condition', 'condition to restart the task (any, failure, none)', 'any'),
  str('restart-delay', 'delay between task restarts', '5s'),
  uint('restart-max-attempts', 'maximum number of restart attempts (0 = unlimited)'),
  str('restart-window', 'time window to evaluate restart attempts (0 = unbound)', '0s'),
  { name: 'oom-score-adj', type: 'int', defValue: '0', usage: 'oom score adjustment (-1000 to 1000)' },
  strs('constraint', 'Placement constraint (e.g. node.labels.key==value)'),
  strs('bind', 'define a bind mount'),
  strs('volume', 'define a volume mount'),
  strs('tmpfs', 'define a tmpfs mount'),
  strs('npipe', 'define a npipe mount'),
  str('log-driver', 'specify a log driver'),
  strs('log-opt', 'log driver options, as key value pairs'),
  bool('init', 'Run an init inside the container that forwards signals and reaps processes'),
];

const leaf = (name: string, args: string, short: string, flags: readonly FlagDef[] = [], aliases?: readonly string[]): CommandDef => ({
  name,
  args,
  short,
  flags,
  ...(aliases === undefined ? {} : { aliases }),
});
const group = (name: string, short: string, subcommands: readonly CommandDef[], aliases?: readonly string[]): CommandDef => ({
  name,
  args: '',
  short,
  flags: [],
  subcommands,
  ...(aliases === undefined ? {} : { aliases }),
});

const NODE = group('node', 'Node management', [
  leaf('activate', '<node ID>', 'Activate a node'),
  leaf('demote', '<node ID>', 'Demote a node from a manager to a worker'),
  leaf('drain', '<node ID>', 'Drain a node'),
  leaf('inspect', '<node ID>', 'Inspect a node', [ALL]),
  leaf('ls', '', 'List nodes', [QUIET]),
  leaf('pause', '<node ID>', 'Pause a node'),
  leaf('promote', '<node ID>', 'Promote a node to a manager'),
  leaf('remove', '<node ID>', 'Remove a node', [bool('force', 'Force the removal of a node', 'f')], ['rm']),
  leaf('update', '<node ID>', 'Update a node', [strs('label', 'node label (key=value)')]),
]);

const SERVICE = group(
  'service',
  'Service management',
  [
    leaf('create', '', 'Create a service', [...SERVICE_FLAGS, str('mode', 'one of replicated, global', 'replicated'), strs('secret', 'add a secret from swarm')]),
    leaf('inspect', '<service ID>', 'Inspect a service', [ALL]),
    leaf('logs', '<service ID...>', 'Obtain log output from a service', [bool('follow', 'Follow log output', 'f')], ['log']),
    leaf('ls', '', 'List services', [QUIET]),
    leaf('remove', '<service ID>', 'Remove a service', [], ['rm']),
    leaf('update', '<service ID>', 'Update a service', [
      ...SERVICE_FLAGS,
      strs('add-secret', 'add a new secret to the service'),
      strs('rm-secret', 'remove a secret from the service'),
      strs('add-config', 'add a new config to the service'),
      strs('rm-config', 'remove a config from the service'),
      strs('add-capability', 'add a new capability to the service'),
      strs('rm-capability', 'remove a capability from the service'),
      bool('force', 'force tasks to restart even if nothing has changed'),
    ]),
  ],
  ['svc'],
);

const TASK = group('task', 'Task management', [
  leaf('inspect', '<task ID>', 'Inspect a task'),
  leaf('ls', '', 'List tasks', [ALL, QUIET]),
  leaf('remove', '<task ID>', 'Remove a task', [], ['rm']),
]);

const CLUSTER = group('cluster', 'Cluster management', [
  leaf('inspect', '<cluster name>', 'Inspect a cluster'),
  leaf('ls', '', 'List clusters', [QUIET]),
  leaf('unlock-key', '<cluster name>', 'Get the unlock key for a cluster'),
  leaf('update', '<cluster name>', 'Update a cluster', [
    { name: 'taskhistory', type: 'int', defValue: '0', usage: 'Number of historic task entries to retain per slot or node' },
    { name: 'certexpiry', type: 'duration', defValue: '2160h0m0s', usage: 'Duration node certificates will be valid for' },
    { name: 'external-ca', type: 'external-ca', defValue: '', usage: 'Specifications of one or more certificate signing endpoints' },
    { name: 'heartbeatperiod', type: 'duration', defValue: '0s', usage: 'Period when heartbeat is expected to receive from agent' },
    str('log-driver', 'Set default log driver for cluster'),
    strs('log-opt', 'Set options for default log driver'),
    str('rotate-join-token', 'Rotate join token for worker or manager'),
    bool('rotate-unlock-key', 'Rotate manager unlock key'),
    bool('autolock', 'Enable or disable manager autolocking (requiring an unlock key to start a stopped manager)'),
  ]),
]);

/** Groups the simulator lists for help only (their commands answer "not modelled"). */
const OTHER_GROUPS: readonly CommandDef[] = [
  group('completion', 'Generate the autocompletion script for the specified shell', []),
  group('config', 'Config management', []),
  leaf('help', '[command]', 'Help about any command'),
  group('network', 'Network management', []),
  group('secret', 'Secrets management', []),
  leaf('version', '', 'Print version number of swarm'),
];

/** The root; its name is the binary as typed (cobra `Use: os.Args[0]`). */
export function rootCommand(argv0: string): CommandDef {
  return { name: argv0, args: '', short: 'Control a swarm cluster', flags: [], subcommands: [NODE, SERVICE, TASK, CLUSTER, ...OTHER_GROUPS] };
}

export function persistentFlags(socketDefault: string): readonly FlagDef[] {
  return [
    { name: 'socket', shorthand: 's', type: 'string', defValue: socketDefault, usage: 'Socket to connect to the Swarm manager' },
    bool('no-resolve', 'Do not try to map IDs to Names when displaying them', 'n'),
  ];
}

/** A subcommand by name or alias. */
export function findSubcommand(parent: CommandDef, word: string): CommandDef | undefined {
  return parent.subcommands?.find((c) => c.name === word || (c.aliases ?? []).includes(word));
}

function helpFlag(command: CommandDef): FlagDef {
  return bool('help', `help for ${command.name}`, 'h');
}

/** Local flags as cobra lists them (the root's persistent flags are local to it). */
export function localFlags(path: readonly CommandDef[], socketDefault: string): readonly FlagDef[] {
  const command = path[path.length - 1] as CommandDef;
  const own = path.length === 1 ? persistentFlags(socketDefault) : [];
  return [...command.flags, ...own, helpFlag(command)];
}

export function inheritedFlags(path: readonly CommandDef[], socketDefault: string): readonly FlagDef[] {
  return path.length === 1 ? [] : persistentFlags(socketDefault);
}

function sortedSubcommands(command: CommandDef): CommandDef[] {
  return [...(command.subcommands ?? [])].sort((a, b) => compareStrings(a.name, b.name));
}

/** cobra's `UsageString()` for the command at the end of `path` (ends with a newline). */
export function usageText(path: readonly CommandDef[], socketDefault: string): string {
  const command = path[path.length - 1] as CommandDef;
  const commandPath = path.map((c) => c.name).join(' ');
  const runnable = command.subcommands === undefined;
  const subcommands = sortedSubcommands(command);
  let out = 'Usage:';
  if (runnable) out += `\n  ${commandPath}${command.args === '' ? '' : ` ${command.args}`} [flags]`;
  if (subcommands.length > 0) out += `\n  ${commandPath} [command]`;
  if (command.aliases !== undefined) out += `\n\nAliases:\n  ${[command.name, ...command.aliases].join(', ')}`;
  if (subcommands.length > 0) {
    const padding = Math.max(11, ...subcommands.map((c) => c.name.length));
    out += '\n\nAvailable Commands:';
    for (const sub of subcommands) out += `\n  ${sub.name.padEnd(padding)} ${sub.short}`;
  }
  out += `\n\nFlags:\n${flagUsages(localFlags(path, socketDefault))}`;
  const inherited = inheritedFlags(path, socketDefault);
  if (inherited.length > 0) out += `\n\nGlobal Flags:\n${flagUsages(inherited)}`;
  if (subcommands.length > 0) out += `\n\nUse "${commandPath} [command] --help" for more information about a command.`;
  return `${out}\n`;
}

/** cobra's help: the short text, an empty line, the usage. */
export function helpText(path: readonly CommandDef[], socketDefault: string): string {
  const command = path[path.length - 1] as CommandDef;
  return `${command.short}\n\n${usageText(path, socketDefault)}`;
}
