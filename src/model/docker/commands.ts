/**
 * The command table: `docker swarm …`, `docker node …` and `docker info`, with
 * docker/cli's Use lines, Short texts, aliases, argument rules and flags
 * (types, defaults, usage texts) as read from `cli/command/{swarm,node,system}`
 * at docker/cli 28f756087e (docker-cli.md §2, §3). Each leaf builds its typed
 * request from the parsed flags, doing the checks the docker client does
 * itself (exit 1).
 */
import type { CliOutput } from './errors.js';
import { invalidAvailabilityFlag, unknownRole } from './errors.js';
import { FORMAT_HELP, type FlagDef, type FlagValue } from './flags.js';
import type { NodeAvailability } from '../store/objects.js';
import type { DockerRequest, SwarmSpecFlags } from './requests.js';
import { SERVICE_GROUP } from './service-commands.js';
import { STACK_GROUP } from './stack-commands.js';
import { CONTAINER_GROUP, PS_COMMAND } from './container-commands.js';
import { defined, filterTerms, flagBool, flagList, flagMicros, flagNumber, flagString } from './flag-values.js';

export type ArgRule = { readonly kind: 'none' } | { readonly kind: 'min'; readonly n: number } | { readonly kind: 'exact'; readonly n: number };

export interface BuildInput {
  readonly values: ReadonlyMap<string, FlagValue>;
  readonly args: readonly string[];
}

export interface LeafCommand {
  readonly kind: 'leaf';
  readonly name: string;
  readonly aliases?: readonly string[];
  /** The `aliases` annotation: the whole `Aliases:` line of `--help` (`docker info`). */
  readonly aliasesText?: string;
  /** cobra `Use` (the line after the parent path in `Usage:`). */
  readonly use: string;
  readonly short: string;
  readonly args: ArgRule;
  readonly flags: readonly FlagDef[];
  /** `swarm update` prints its help when no flag is given (PreRunE → ErrHelp). */
  readonly helpWhenNoFlags?: boolean;
  /** cobra `SetInterspersed(false)` (`service create`): words after the first argument are all arguments. */
  readonly interspersed?: false;
  readonly build: (input: BuildInput) => DockerRequest | CliOutput;
}

export interface GroupCommand {
  readonly kind: 'group';
  readonly name: string;
  readonly use: string;
  readonly short: string;
  readonly children: readonly LeafCommand[];
}

export type CommandDef = LeafCommand | GroupCommand;

/** The hidden `--help` inherited from the root (shorthand `-h` deprecated). */
export const HELP_FLAG: FlagDef = { name: 'help', shorthand: 'h', type: 'bool', usage: 'Print usage', hidden: true, shorthandDeprecated: 'use --help' };

const INSPECT_FORMAT_HELP = `Format output using a custom template:
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;

const AVAILABILITY_USAGE = 'Availability of the node ("active", "pause", "drain")';
const ADDR_FORMAT = '(format: "<ip|interface>[:port]")';

/** `swarm init|join --availability`, checked only when given, case-insensitive. */
function availabilityFlag(input: BuildInput): NodeAvailability | undefined | CliOutput {
  const raw = flagString(input, 'availability');
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (lower === 'active' || lower === 'pause' || lower === 'drain') return lower;
  return invalidAvailabilityFlag(raw);
}

function isCliOutput(value: unknown): value is CliOutput {
  return typeof value === 'object' && value !== null && 'exitCode' in value;
}

function swarmSpecFlags(input: BuildInput): SwarmSpecFlags {
  const externalCa = flagList(input, 'external-ca');
  return defined({
    taskHistoryLimit: flagNumber(input, 'task-history-limit'),
    dispatcherHeartbeatUs: flagMicros(input, 'dispatcher-heartbeat'),
    certExpiryUs: flagMicros(input, 'cert-expiry'),
    maxSnapshots: flagNumber(input, 'max-snapshots'),
    snapshotInterval: flagNumber(input, 'snapshot-interval'),
    autolock: input.values.has('autolock') ? flagBool(input, 'autolock') : undefined,
    externalCa: externalCa.length > 0 ? externalCa : undefined,
  });
}

// ---- swarm ----

const SWARM_SPEC_FLAGS: readonly FlagDef[] = [
  { name: 'task-history-limit', type: 'int', usage: 'Task history retention limit', defValue: '5' },
  { name: 'dispatcher-heartbeat', type: 'duration', usage: 'Dispatcher heartbeat period (ns|us|ms|s|m|h)', defValue: '5s' },
  { name: 'max-snapshots', type: 'uint', usage: 'Number of additional Raft snapshots to retain', defValue: '0' },
  { name: 'snapshot-interval', type: 'uint', usage: 'Number of log entries between Raft snapshots', defValue: '10000' },
  { name: 'cert-expiry', type: 'duration', usage: 'Validity period for node certificates (ns|us|ms|s|m|h)', defValue: '2160h0m0s' },
  { name: 'external-ca', type: 'external-ca', usage: 'Specifications of one or more certificate signing endpoints' },
];

const LISTEN_ADDR: FlagDef = { name: 'listen-addr', type: 'node-addr', usage: `Listen address ${ADDR_FORMAT}`, defValue: '0.0.0.0:2377' };
const ADVERTISE_ADDR: FlagDef = { name: 'advertise-addr', type: 'string', usage: `Advertised address ${ADDR_FORMAT}` };
const DATA_PATH_ADDR: FlagDef = {
  name: 'data-path-addr',
  type: 'string',
  usage: 'Address or interface to use for data path traffic (format: "<ip|interface>")',
};
const AVAILABILITY_ACTIVE: FlagDef = { name: 'availability', type: 'string', usage: AVAILABILITY_USAGE, defValue: 'active' };

const swarmInit: LeafCommand = {
  kind: 'leaf',
  name: 'init',
  use: 'init [OPTIONS]',
  short: 'Initialize a swarm',
  args: { kind: 'none' },
  flags: [
    LISTEN_ADDR,
    ADVERTISE_ADDR,
    DATA_PATH_ADDR,
    {
      name: 'data-path-port',
      type: 'uint32',
      usage: 'Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.',
      defValue: '0',
    },
    { name: 'force-new-cluster', type: 'bool', usage: 'Force create a new cluster from current state' },
    { name: 'autolock', type: 'bool', usage: 'Enable manager autolocking (requiring an unlock key to start a stopped manager)' },
    AVAILABILITY_ACTIVE,
    { name: 'default-addr-pool', type: 'ipNetSlice', usage: 'default address pool in CIDR format', defValue: '[]' },
    { name: 'default-addr-pool-mask-length', type: 'uint32', usage: 'default address pool subnet mask length', defValue: '24' },
    ...SWARM_SPEC_FLAGS,
  ],
  build: (input) => {
    const availability = availabilityFlag(input);
    if (isCliOutput(availability)) return availability;
    return {
      command: 'swarm init',
      listenAddr: flagString(input, 'listen-addr') ?? '0.0.0.0:2377',
      forceNewCluster: flagBool(input, 'force-new-cluster'),
      defaultAddrPool: flagList(input, 'default-addr-pool'),
      spec: swarmSpecFlags(input),
      ...defined({
        advertiseAddr: flagString(input, 'advertise-addr'),
        availability,
        dataPathAddr: flagString(input, 'data-path-addr'),
        dataPathPort: flagNumber(input, 'data-path-port'),
        defaultAddrPoolMaskLength: flagNumber(input, 'default-addr-pool-mask-length'),
      }),
    };
  },
};

const swarmJoin: LeafCommand = {
  kind: 'leaf',
  name: 'join',
  use: 'join [OPTIONS] HOST:PORT',
  short: 'Join a swarm as a node and/or manager',
  args: { kind: 'exact', n: 1 },
  flags: [LISTEN_ADDR, ADVERTISE_ADDR, DATA_PATH_ADDR, { name: 'token', type: 'string', usage: 'Token for entry into the swarm' }, AVAILABILITY_ACTIVE],
  build: (input) => {
    const availability = availabilityFlag(input);
    if (isCliOutput(availability)) return availability;
    return {
      command: 'swarm join',
      remoteAddr: input.args[0] as string,
      token: flagString(input, 'token') ?? '',
      listenAddr: flagString(input, 'listen-addr') ?? '0.0.0.0:2377',
      ...defined({ advertiseAddr: flagString(input, 'advertise-addr'), availability, dataPathAddr: flagString(input, 'data-path-addr') }),
    };
  },
};

const swarmJoinToken: LeafCommand = {
  kind: 'leaf',
  name: 'join-token',
  use: 'join-token [OPTIONS] (worker|manager)',
  short: 'Manage join tokens',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'rotate', type: 'bool', usage: 'Rotate join token' },
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only display token' },
  ],
  build: (input) => {
    const role = input.args[0] as string;
    if (role !== 'worker' && role !== 'manager') return unknownRole(role);
    return { command: 'swarm join-token', role, quiet: flagBool(input, 'quiet'), rotate: flagBool(input, 'rotate') };
  },
};

const swarmLeave: LeafCommand = {
  kind: 'leaf',
  name: 'leave',
  use: 'leave [OPTIONS]',
  short: 'Leave the swarm',
  args: { kind: 'none' },
  flags: [{ name: 'force', shorthand: 'f', type: 'bool', usage: 'Force this node to leave the swarm, ignoring warnings' }],
  build: (input) => ({ command: 'swarm leave', force: flagBool(input, 'force') }),
};

const swarmUpdate: LeafCommand = {
  kind: 'leaf',
  name: 'update',
  use: 'update [OPTIONS]',
  short: 'Update the swarm',
  args: { kind: 'none' },
  helpWhenNoFlags: true,
  flags: [{ name: 'autolock', type: 'bool', usage: 'Change manager autolocking setting (true|false)' }, ...SWARM_SPEC_FLAGS],
  build: (input) => ({ command: 'swarm update', spec: swarmSpecFlags(input) }),
};

const swarmUnlock: LeafCommand = {
  kind: 'leaf',
  name: 'unlock',
  use: 'unlock',
  short: 'Unlock swarm',
  args: { kind: 'none' },
  flags: [],
  build: () => ({ command: 'swarm unlock' }),
};

const swarmUnlockKey: LeafCommand = {
  kind: 'leaf',
  name: 'unlock-key',
  use: 'unlock-key [OPTIONS]',
  short: 'Manage the unlock key',
  args: { kind: 'none' },
  flags: [
    { name: 'rotate', type: 'bool', usage: 'Rotate unlock key' },
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only display token' },
  ],
  build: (input) => ({ command: 'swarm unlock-key', quiet: flagBool(input, 'quiet'), rotate: flagBool(input, 'rotate') }),
};

export const SWARM_GROUP: GroupCommand = {
  kind: 'group',
  name: 'swarm',
  use: 'swarm',
  short: 'Manage Swarm',
  children: [swarmInit, swarmJoin, swarmJoinToken, swarmLeave, swarmUnlock, swarmUnlockKey, swarmUpdate],
};

// ---- node ----

const nodeLs: LeafCommand = {
  kind: 'leaf',
  name: 'ls',
  aliases: ['list'],
  use: 'ls [OPTIONS]',
  short: 'List nodes in the swarm',
  args: { kind: 'none' },
  flags: [
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only display IDs' },
    { name: 'format', type: 'string', usage: FORMAT_HELP },
    { name: 'filter', shorthand: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
  ],
  build: (input) => ({
    command: 'node ls',
    quiet: flagBool(input, 'quiet'),
    filters: filterTerms(input),
    ...defined({ format: flagString(input, 'format') }),
  }),
};

const nodeInspect: LeafCommand = {
  kind: 'leaf',
  name: 'inspect',
  use: 'inspect [OPTIONS] self|NODE [NODE...]',
  short: 'Display detailed information on one or more nodes',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'format', shorthand: 'f', type: 'string', usage: INSPECT_FORMAT_HELP },
    { name: 'pretty', type: 'bool', usage: 'Print the information in a human friendly format' },
  ],
  build: (input) => ({
    command: 'node inspect',
    refs: input.args,
    pretty: flagBool(input, 'pretty'),
    ...defined({ format: flagString(input, 'format') }),
  }),
};

const nodePromote: LeafCommand = {
  kind: 'leaf',
  name: 'promote',
  use: 'promote NODE [NODE...]',
  short: 'Promote one or more nodes to manager in the swarm',
  args: { kind: 'min', n: 1 },
  flags: [],
  build: (input) => ({ command: 'node promote', refs: input.args }),
};

const nodeDemote: LeafCommand = {
  kind: 'leaf',
  name: 'demote',
  use: 'demote NODE [NODE...]',
  short: 'Demote one or more nodes from manager in the swarm',
  args: { kind: 'min', n: 1 },
  flags: [],
  build: (input) => ({ command: 'node demote', refs: input.args }),
};

const nodeRm: LeafCommand = {
  kind: 'leaf',
  name: 'rm',
  aliases: ['remove'],
  use: 'rm [OPTIONS] NODE [NODE...]',
  short: 'Remove one or more nodes from the swarm',
  args: { kind: 'min', n: 1 },
  flags: [{ name: 'force', shorthand: 'f', type: 'bool', usage: 'Force remove a node from the swarm' }],
  build: (input) => ({ command: 'node rm', refs: input.args, force: flagBool(input, 'force') }),
};

const nodeUpdate: LeafCommand = {
  kind: 'leaf',
  name: 'update',
  use: 'update [OPTIONS] NODE',
  short: 'Update a node',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'role', type: 'string', usage: 'Role of the node ("worker", "manager")' },
    { name: 'availability', type: 'string', usage: AVAILABILITY_USAGE },
    { name: 'label-add', type: 'list', usage: 'Add or update a node label ("key=value")' },
    { name: 'label-rm', type: 'list', usage: 'Remove a node label if exists' },
  ],
  build: (input) => ({
    command: 'node update',
    ref: input.args[0] as string,
    labelAdd: flagList(input, 'label-add'),
    labelRm: flagList(input, 'label-rm'),
    ...defined({ role: flagString(input, 'role'), availability: flagString(input, 'availability') }),
  }),
};

const nodePs: LeafCommand = {
  kind: 'leaf',
  name: 'ps',
  use: 'ps [OPTIONS] [NODE...]',
  short: 'List tasks running on one or more nodes, defaults to current node',
  args: { kind: 'min', n: 0 },
  flags: [
    { name: 'no-trunc', type: 'bool', usage: 'Do not truncate output' },
    { name: 'no-resolve', type: 'bool', usage: 'Do not map IDs to Names' },
    { name: 'filter', shorthand: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', usage: 'Pretty-print tasks using a Go template' },
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only display task IDs' },
  ],
  build: (input) => ({
    command: 'node ps',
    refs: input.args.length > 0 ? input.args : ['self'],
    filters: filterTerms(input),
    noResolve: flagBool(input, 'no-resolve'),
    noTrunc: flagBool(input, 'no-trunc'),
    quiet: flagBool(input, 'quiet'),
    ...defined({ format: flagString(input, 'format') }),
  }),
};

export const NODE_GROUP: GroupCommand = {
  kind: 'group',
  name: 'node',
  use: 'node',
  short: 'Manage Swarm nodes',
  children: [nodeDemote, nodeInspect, nodeLs, nodePromote, nodeRm, nodePs, nodeUpdate],
};

// ---- info ----

export const INFO_COMMAND: LeafCommand = {
  kind: 'leaf',
  name: 'info',
  aliasesText: 'docker system info, docker info',
  use: 'info [OPTIONS]',
  short: 'Display system-wide information',
  args: { kind: 'none' },
  flags: [{ name: 'format', shorthand: 'f', type: 'string', usage: INSPECT_FORMAT_HELP }],
  build: (input) => ({ command: 'info', ...defined({ format: flagString(input, 'format') }) }),
};

/** Top-level commands swarmsim understands, by name. */
export const TOP_LEVEL: readonly CommandDef[] = [SWARM_GROUP, NODE_GROUP, SERVICE_GROUP, STACK_GROUP, INFO_COMMAND, CONTAINER_GROUP, PS_COMMAND];
