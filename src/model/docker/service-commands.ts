/**
 * `docker service …` in the command table: Use lines, Short texts, aliases,
 * argument rules and flags as docker-cli.md §4 gives them (docker/cli
 * `cli/command/service/{opts,create,update,scale,…}.go`), and the requests
 * each leaf builds, with the client's own checks (exit 1). Flag value errors
 * (exit 125) come from each flag's `validate` (serviceValues.ts).
 *
 * Not modelled: jobs (`--mode replicated-job|global-job` is refused with a
 * swarmsim message), mounts, networks, secrets, configs, health checks;
 * `service logs` parses but is out of scope (the runner says so).
 */
import type { LeafCommand, GroupCommand, BuildInput } from './commands.js';
import type { CliOutput } from './errors.js';
import { clientError } from './errors.js';
import type { FlagDef } from './flags.js';
import { tokenize } from './tokenize.js';
import type { PlacementPreference, PortConfig, RestartCondition, RestartPolicy, ServiceMode, ServiceSpec, UpdateConfig, UpdateFailureAction, UpdateOrder } from '../store/objects.js';
import type { ResourceChanges, ServiceChanges } from './service-requests.js';
import { defaultTaskSpec, labelsFrom, updateConfigFrom } from './service-spec.js';
import { parseCpus, parseGoFloat, parsePlacementPref, parsePublish, ramInBytes, sortPorts, validateEnv } from './serviceValues.js';
import { invalidScaleSpecifier, notModelled, replicasModeError } from './service-errors.js';
import { defined, filterTerms, flagBool, flagList, flagMicros, flagNumber, flagString } from './flag-values.js';

export { defined, filterTerms, flagBool, flagList, flagString };

function given(input: BuildInput, names: readonly string[]): boolean {
  return names.some((name) => input.values.has(name));
}

// ---- flags (docker-cli.md §4.1, §4.2, §4.3) ----

const DURATION_UNITS = '(ns|us|ms|s|m|h)';

function check(parse: (value: string) => unknown): (value: string) => void {
  return (value) => {
    parse(value);
  };
}

const DETACH: FlagDef = { name: 'detach', shorthand: 'd', type: 'bool', usage: 'Exit immediately instead of waiting for the service to converge' };
const QUIET_PROGRESS: FlagDef = { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Suppress progress output' };

/** Flags create and update share; `create` shows Docker's defaults in the usage text, update does not. */
function commonFlags(create: boolean): FlagDef[] {
  const d = (text: string): string => (create ? ` (default ${text})` : '');
  const updateFlags = (prefix: 'update' | 'rollback', noun: string, actions: string): FlagDef[] => [
    { name: `${prefix}-parallelism`, type: 'uint', usage: `Maximum number of tasks ${noun} simultaneously (0 to ${prefix === 'update' ? 'update' : 'roll back'} all at once)`, ...(create ? { defValue: '1' } : {}) },
    { name: `${prefix}-delay`, type: 'duration', usage: `Delay between ${prefix === 'update' ? 'updates' : 'task rollbacks'} ${DURATION_UNITS}${d('0s')}` },
    { name: `${prefix}-monitor`, type: 'duration', usage: `Duration after each task ${prefix} to monitor for failure ${DURATION_UNITS}${d('5s')}` },
    { name: `${prefix}-failure-action`, type: 'string', usage: `Action on ${prefix} failure (${actions})${d('"pause"')}` },
    { name: `${prefix}-max-failure-ratio`, type: 'float', usage: `Failure rate to tolerate during ${prefix === 'update' ? 'an update' : 'a rollback'}${d('0')}`, validate: check(parseGoFloat) },
    { name: `${prefix}-order`, type: 'string', usage: `${prefix === 'update' ? 'Update' : 'Rollback'} order ("start-first", "stop-first")${d('"stop-first"')}` },
  ];
  return [
    DETACH,
    QUIET_PROGRESS,
    { name: 'replicas', type: 'uint', usage: 'Number of tasks' },
    { name: 'replicas-max-per-node', type: 'uint', usage: 'Maximum number of tasks per node (default 0 = unlimited)' },
    { name: 'restart-condition', type: 'string', usage: `Restart when condition is met ("none", "on-failure", "any")${d('"any"')}` },
    { name: 'restart-delay', type: 'duration', usage: `Delay between restart attempts ${DURATION_UNITS}${d('5s')}` },
    { name: 'restart-max-attempts', type: 'uint', usage: 'Maximum number of restarts before giving up' },
    { name: 'restart-window', type: 'duration', usage: `Window used to evaluate the restart policy ${DURATION_UNITS}` },
    ...updateFlags('update', 'updated', '"pause", "continue", "rollback"'),
    ...updateFlags('rollback', 'rolled back', '"pause", "continue"'),
    { name: 'limit-cpu', type: 'decimal', usage: 'Limit CPUs', validate: check(parseCpus) },
    { name: 'limit-memory', type: 'bytes', usage: 'Limit Memory', validate: check(ramInBytes) },
    { name: 'reserve-cpu', type: 'decimal', usage: 'Reserve CPUs', validate: check(parseCpus) },
    { name: 'reserve-memory', type: 'bytes', usage: 'Reserve Memory', validate: check(ramInBytes) },
    { name: 'stop-grace-period', type: 'duration', usage: `Time to wait before force killing a container ${DURATION_UNITS}${d('10s')}` },
    { name: 'endpoint-mode', type: 'string', usage: `Endpoint mode (vip or dnsrr)${d('"vip"')}` },
    { name: 'no-resolve-image', type: 'bool', usage: 'Do not query the registry to resolve image digest and supported platforms' },
    { name: 'with-registry-auth', type: 'bool', usage: 'Send registry authentication details to swarm agents' },
  ];
}

const CREATE_FLAGS: readonly FlagDef[] = [
  ...commonFlags(true),
  { name: 'mode', type: 'string', usage: 'Service mode ("replicated", "global", "replicated-job", "global-job")', defValue: 'replicated' },
  { name: 'name', type: 'string', usage: 'Service name' },
  { name: 'label', shorthand: 'l', type: 'list', usage: 'Service labels' },
  { name: 'env', shorthand: 'e', type: 'list', usage: 'Set environment variables', validate: check(validateEnv) },
  { name: 'constraint', type: 'list', usage: 'Placement constraints' },
  { name: 'placement-pref', type: 'pref', usage: 'Add a placement preference', validate: check(parsePlacementPref) },
  { name: 'publish', shorthand: 'p', type: 'port', usage: 'Publish a port as a node port', validate: check(parsePublish) },
];

const UPDATE_FLAGS: readonly FlagDef[] = [
  ...commonFlags(false),
  { name: 'image', type: 'string', usage: 'Service image tag' },
  { name: 'args', type: 'string', usage: 'Service command args' },
  { name: 'force', type: 'bool', usage: 'Force update even if no changes require it' },
  { name: 'rollback', type: 'bool', usage: 'Rollback to previous specification' },
  { name: 'env-add', type: 'list', usage: 'Add or update an environment variable', validate: check(validateEnv) },
  { name: 'env-rm', type: 'list', usage: 'Remove an environment variable' },
  { name: 'label-add', type: 'list', usage: 'Add or update a service label' },
  { name: 'label-rm', type: 'list', usage: 'Remove a label by its key' },
  { name: 'constraint-add', type: 'list', usage: 'Add or update a placement constraint' },
  { name: 'constraint-rm', type: 'list', usage: 'Remove a constraint' },
  { name: 'placement-pref-add', type: 'pref', usage: 'Add a placement preference', validate: check(parsePlacementPref) },
  { name: 'placement-pref-rm', type: 'pref', usage: 'Remove a placement preference', validate: check(parsePlacementPref) },
  { name: 'publish-add', type: 'port', usage: 'Add or update a published port', validate: check(parsePublish) },
  { name: 'publish-rm', type: 'port', usage: 'Remove a published port by its target port', validate: check(parsePublish) },
];

// ---- building specs from flags ----

function restartChanges(input: BuildInput): Partial<RestartPolicy> | undefined {
  if (!given(input, ['restart-condition', 'restart-delay', 'restart-max-attempts', 'restart-window'])) return undefined;
  return defined({
    condition: flagString(input, 'restart-condition') as RestartCondition | undefined,
    delayUs: flagMicros(input, 'restart-delay'),
    maxAttempts: flagNumber(input, 'restart-max-attempts'),
    windowUs: flagMicros(input, 'restart-window'),
  });
}

function updateChanges(input: BuildInput, prefix: 'update' | 'rollback'): Partial<UpdateConfig> | undefined {
  const names = ['parallelism', 'delay', 'monitor', 'failure-action', 'max-failure-ratio', 'order'].map((name) => `${prefix}-${name}`);
  if (!given(input, names)) return undefined;
  const ratio = flagString(input, `${prefix}-max-failure-ratio`);
  return defined({
    parallelism: flagNumber(input, `${prefix}-parallelism`),
    delayUs: flagMicros(input, `${prefix}-delay`),
    monitorUs: flagMicros(input, `${prefix}-monitor`),
    failureAction: flagString(input, `${prefix}-failure-action`) as UpdateFailureAction | undefined,
    maxFailureRatio: ratio === undefined ? undefined : parseGoFloat(ratio),
    order: flagString(input, `${prefix}-order`) as UpdateOrder | undefined,
  });
}

function resourceChanges(input: BuildInput, prefix: 'limit' | 'reserve'): ResourceChanges | undefined {
  const cpu = flagString(input, `${prefix}-cpu`);
  const memory = flagString(input, `${prefix}-memory`);
  if (cpu === undefined && memory === undefined) return undefined;
  return defined({ nanoCPUs: cpu === undefined ? undefined : parseCpus(cpu), memoryBytes: memory === undefined ? undefined : ramInBytes(memory) });
}

function ports(input: BuildInput, name: string): PortConfig[] {
  return flagList(input, name).flatMap(parsePublish);
}

function prefs(input: BuildInput, name: string): PlacementPreference[] {
  return flagList(input, name).map(parsePlacementPref);
}

/** `opts.go#ToServiceMode` checks (exit 1). */
function serviceMode(input: BuildInput): ServiceMode | CliOutput {
  const mode = flagString(input, 'mode') ?? 'replicated';
  const replicas = flagNumber(input, 'replicas');
  if (mode === 'global') {
    if (replicas !== undefined) return replicasModeError();
    if (input.values.has('replicas-max-per-node')) return clientError('replicas-max-per-node can only be used with replicated or replicated-job mode');
    return { kind: 'global' };
  }
  if (mode === 'replicated') return { kind: 'replicated', replicas: replicas ?? 1 };
  if (mode === 'replicated-job' || mode === 'global-job') return notModelled(`--mode ${mode}`);
  return clientError(`unknown mode: ${mode}, only replicated and global supported`);
}

function buildCreate(input: BuildInput): ServiceCreateBuild {
  const mode = serviceMode(input);
  if ('exitCode' in mode) return mode;
  const base = defaultTaskSpec(input.args[0] as string);
  const restart = restartChanges(input);
  const env = flagList(input, 'env');
  const task = {
    ...base,
    ...(input.args.length > 1 ? { args: input.args.slice(1) } : {}),
    ...(env.length > 0 ? { env } : {}),
    resources: {
      limits: { ...base.resources.limits, ...resourceChanges(input, 'limit') },
      reservations: { ...base.resources.reservations, ...resourceChanges(input, 'reserve') },
    },
    restartPolicy: { ...base.restartPolicy, ...restart },
    placement: {
      ...base.placement,
      constraints: flagList(input, 'constraint'),
      preferences: prefs(input, 'placement-pref'),
      maxReplicas: flagNumber(input, 'replicas-max-per-node') ?? 0,
    },
  };
  const update = updateConfigFrom(updateChanges(input, 'update'));
  const rollback = updateConfigFrom(updateChanges(input, 'rollback'));
  const spec: ServiceSpec = {
    name: flagString(input, 'name') ?? '',
    labels: labelsFrom(flagList(input, 'label')),
    task,
    mode,
    endpoint: { ports: sortPorts(ports(input, 'publish')) },
    ...(update !== undefined ? { update } : {}),
    ...(rollback !== undefined ? { rollback } : {}),
  };
  return {
    command: 'service create',
    spec,
    detach: flagBool(input, 'detach'),
    quiet: flagBool(input, 'quiet'),
    noResolveImage: flagBool(input, 'no-resolve-image'),
  };
}

type ServiceCreateBuild = ReturnType<LeafCommand['build']>;

/** `--args` is shlex-split (quotes group words); an unterminated quote leaves the text as one word. */
function shlexSplit(text: string): string[] {
  const words = tokenize(text);
  return words.ok ? words.words : [text];
}

function serviceChanges(input: BuildInput): ServiceChanges {
  const args = flagString(input, 'args');
  return {
    ...defined({
      image: flagString(input, 'image'),
      args: args === undefined ? undefined : shlexSplit(args),
      replicas: flagNumber(input, 'replicas'),
      maxReplicas: flagNumber(input, 'replicas-max-per-node'),
      restart: restartChanges(input),
      update: updateChanges(input, 'update'),
      rollback: updateChanges(input, 'rollback'),
      limits: resourceChanges(input, 'limit'),
      reservations: resourceChanges(input, 'reserve'),
    }),
    envAdd: flagList(input, 'env-add'),
    envRm: flagList(input, 'env-rm'),
    labelAdd: flagList(input, 'label-add'),
    labelRm: flagList(input, 'label-rm'),
    constraintAdd: flagList(input, 'constraint-add'),
    constraintRm: flagList(input, 'constraint-rm'),
    placementPrefAdd: prefs(input, 'placement-pref-add'),
    placementPrefRm: prefs(input, 'placement-pref-rm'),
    publishAdd: ports(input, 'publish-add'),
    publishRm: ports(input, 'publish-rm'),
    force: flagBool(input, 'force'),
  };
}

function buildUpdate(input: BuildInput): ServiceCreateBuild {
  const rollback = flagBool(input, 'rollback');
  const others = [...input.values.keys()].filter((name) => !['rollback', 'detach', 'quiet', 'help'].includes(name));
  if (rollback && others.length > 0) return clientError('other flags may not be combined with --rollback');
  return { command: 'service update', ref: input.args[0] as string, changes: serviceChanges(input), rollback, detach: flagBool(input, 'detach'), quiet: flagBool(input, 'quiet') };
}

/**
 * `scale.go#scaleArgs` (every argument `SERVICE=REPLICAS`, else the legacy
 * usage error) then `runScale`: a bad number is that argument's error
 * (`ParseUint(s, 10, 64)`), the other services are still scaled.
 */
function buildScale(input: BuildInput): ServiceCreateBuild {
  for (const arg of input.args) {
    const eq = arg.indexOf('=');
    if (eq <= 0 || eq === arg.length - 1) return invalidScaleSpecifier(arg);
  }
  const scales = input.args.map((arg) => {
    const eq = arg.indexOf('=');
    const ref = arg.slice(0, eq);
    const text = arg.slice(eq + 1);
    if (/^\d+$/.test(text) && BigInt(text) < 1n << 64n) return { ref, replicas: Number(text) };
    const cause = /^\d+$/.test(text) ? 'value out of range' : 'invalid syntax';
    return { ref, invalid: `${ref}: invalid replicas value ${text}: strconv.ParseUint: parsing "${text}": ${cause}` };
  });
  return { command: 'service scale', scales, detach: flagBool(input, 'detach') };
}

const QUIET_IDS: FlagDef = { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only display IDs' };
const FILTER: FlagDef = { name: 'filter', shorthand: 'f', type: 'filter', usage: 'Filter output based on conditions provided' };
const FORMAT_LIST: FlagDef = { name: 'format', type: 'string', usage: 'Format output using a custom template' };

export const TASK_TABLE_FLAGS: readonly FlagDef[] = [
  FILTER,
  { name: 'format', type: 'string', usage: 'Pretty-print tasks using a Go template' },
  { name: 'no-resolve', type: 'bool', usage: 'Do not map IDs to Names' },
  { name: 'no-trunc', type: 'bool', usage: 'Do not truncate output' },
  { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only display task IDs' },
];

const serviceCreate: LeafCommand = {
  kind: 'leaf',
  name: 'create',
  use: 'create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create a new service',
  args: { kind: 'min', n: 1 },
  interspersed: false,
  flags: CREATE_FLAGS,
  build: buildCreate,
};

const serviceUpdate: LeafCommand = {
  kind: 'leaf',
  name: 'update',
  use: 'update [OPTIONS] SERVICE',
  short: 'Update a service',
  args: { kind: 'exact', n: 1 },
  flags: UPDATE_FLAGS,
  build: buildUpdate,
};

const serviceLs: LeafCommand = {
  kind: 'leaf',
  name: 'ls',
  aliases: ['list'],
  use: 'ls [OPTIONS]',
  short: 'List services',
  args: { kind: 'none' },
  flags: [FILTER, FORMAT_LIST, QUIET_IDS],
  build: (input) => ({ command: 'service ls', quiet: flagBool(input, 'quiet'), filters: filterTerms(input), ...defined({ format: flagString(input, 'format') }) }),
};

const servicePs: LeafCommand = {
  kind: 'leaf',
  name: 'ps',
  use: 'ps [OPTIONS] SERVICE [SERVICE...]',
  short: 'List the tasks of one or more services',
  args: { kind: 'min', n: 1 },
  flags: TASK_TABLE_FLAGS,
  build: (input) => ({
    command: 'service ps',
    refs: input.args,
    filters: filterTerms(input),
    noResolve: flagBool(input, 'no-resolve'),
    noTrunc: flagBool(input, 'no-trunc'),
    quiet: flagBool(input, 'quiet'),
    ...defined({ format: flagString(input, 'format') }),
  }),
};

const serviceInspect: LeafCommand = {
  kind: 'leaf',
  name: 'inspect',
  use: 'inspect [OPTIONS] SERVICE [SERVICE...]',
  short: 'Display detailed information on one or more services',
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'format', shorthand: 'f', type: 'string', usage: 'Format output using a custom template' },
    { name: 'pretty', type: 'bool', usage: 'Print the information in a human friendly format' },
  ],
  build: (input) => {
    const pretty = flagBool(input, 'pretty');
    const format = flagString(input, 'format');
    if (pretty && format !== undefined && format !== '') return clientError('--format is incompatible with human friendly format');
    return { command: 'service inspect', refs: input.args, pretty, ...defined({ format }) };
  },
};

const serviceScale: LeafCommand = {
  kind: 'leaf',
  name: 'scale',
  use: 'scale SERVICE=REPLICAS [SERVICE=REPLICAS...]',
  short: 'Scale one or multiple replicated services',
  args: { kind: 'min', n: 1 },
  flags: [DETACH],
  build: buildScale,
};

const serviceRm: LeafCommand = {
  kind: 'leaf',
  name: 'rm',
  aliases: ['remove'],
  use: 'rm SERVICE [SERVICE...]',
  short: 'Remove one or more services',
  args: { kind: 'min', n: 1 },
  flags: [],
  build: (input) => ({ command: 'service rm', refs: input.args }),
};

const serviceRollback: LeafCommand = {
  kind: 'leaf',
  name: 'rollback',
  use: 'rollback [OPTIONS] SERVICE',
  short: "Revert changes to a service's configuration",
  args: { kind: 'exact', n: 1 },
  flags: [DETACH, QUIET_PROGRESS],
  build: (input) => ({ command: 'service rollback', ref: input.args[0] as string, detach: flagBool(input, 'detach'), quiet: flagBool(input, 'quiet') }),
};

const serviceLogs: LeafCommand = {
  kind: 'leaf',
  name: 'logs',
  use: 'logs [OPTIONS] SERVICE|TASK',
  short: 'Fetch the logs of a service or task',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'details', type: 'bool', usage: 'Show extra details provided to logs' },
    { name: 'follow', shorthand: 'f', type: 'bool', usage: 'Follow log output' },
    { name: 'no-resolve', type: 'bool', usage: 'Do not map IDs to Names in output' },
    { name: 'no-task-ids', type: 'bool', usage: 'Do not include task IDs in output' },
    { name: 'no-trunc', type: 'bool', usage: 'Do not truncate output' },
    { name: 'raw', type: 'bool', usage: 'Do not neatly format logs' },
    { name: 'since', type: 'string', usage: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    { name: 'tail', shorthand: 'n', type: 'string', usage: 'Number of lines to show from the end of the logs', defValue: 'all' },
    { name: 'timestamps', shorthand: 't', type: 'bool', usage: 'Show timestamps' },
  ],
  build: (input) => ({ command: 'service logs', ref: input.args[0] as string }),
};

export const SERVICE_GROUP: GroupCommand = {
  kind: 'group',
  name: 'service',
  use: 'service',
  short: 'Manage Swarm services',
  children: [serviceCreate, serviceInspect, serviceLogs, serviceLs, servicePs, serviceRm, serviceRollback, serviceScale, serviceUpdate],
};
