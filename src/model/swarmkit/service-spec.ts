/**
 * The service spec swarmctl sends (`service/create.go`, `service/update.go`,
 * `flagparser/*.go`; swarmctl-and-docker-ps.md §3.3): `create` starts from
 * `Replicated{1}` and an empty container, `update` from the stored spec, and
 * only flags given on the line change it. Differences from the docker CLI
 * that matter to the cluster: the image is kept as typed (no `:latest`); an
 * UpdateConfig exists only when an `--update-*` flag is given and then starts
 * from zeros (`--update-delay 10s` alone = parallelism 0, all at once);
 * `--ports` publish in host mode; restart condition `failure` (not
 * `on-failure`). Flags whose fields the simulator's store does not hold
 * (`--command`, mounts, secrets, logging, ...) are refused as not modelled.
 * `update --force` bumps the task template's ForceUpdate, as docker's does.
 */
import type { Micros } from '../../sim/types.js';
import { defaultTaskSpec, DEFAULT_UPDATE_CONFIG } from '../docker/service-spec.js';
import type { PortConfig, PortProtocol, RestartCondition, ServiceSpec, UpdateConfig } from '../store/objects.js';
import { type ParsedFlags, flagNumber, flagString, flagStrings } from './flags.js';
import { parseGoDuration } from './humanize.js';

/** What went wrong: a user error (usage follows) or a flag the simulator does not model. */
export type SpecResult = { readonly ok: true; readonly spec: ServiceSpec } | { readonly ok: false; readonly message: string; readonly notModelled?: boolean };

const NOT_MODELLED = [
  'hostname', 'command', 'tty', 'open-stdin', 'network', 'memory-reservation', 'memory-limit', 'cpu-reservation', 'cpu-limit',
  'generic-resources', 'ulimit', 'oom-score-adj', 'bind', 'volume', 'tmpfs', 'npipe', 'log-driver', 'log-opt', 'init', 'secret',
  'add-secret', 'rm-secret', 'add-config', 'rm-config', 'add-capability', 'rm-capability',
];

/** The spec `service create` starts from before its flags are merged. */
export function createBaseSpec(): ServiceSpec {
  return { name: '', labels: {}, task: defaultTaskSpec(''), mode: { kind: 'replicated', replicas: 1 }, endpoint: { ports: [] } };
}

type Step = (spec: ServiceSpec, flags: ParsedFlags) => ServiceSpec | string;

function duration(flags: ParsedFlags, name: string): number | string | undefined {
  const text = flagString(flags, name);
  if (text === undefined) return undefined;
  const us = parseGoDuration(text);
  return us === undefined ? `time: invalid duration ${JSON.stringify(text)}` : us;
}

const annotations: Step = (spec, flags) => {
  const name = flagString(flags, 'name') ?? spec.name;
  const entries = flagStrings(flags, 'label');
  if (entries === undefined) return { ...spec, name };
  const labels: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 0) return `malformed label: ${entry}`;
    labels[entry.slice(0, eq).trim()] = entry.slice(eq + 1).trim();
  }
  return { ...spec, name, labels };
};

const mode: Step = (spec, flags) => {
  const wanted = flagString(flags, 'mode');
  let next = spec;
  if (wanted === 'global' && spec.mode.kind !== 'global') next = { ...spec, mode: { kind: 'global' } };
  if (wanted === 'replicated' && spec.mode.kind !== 'replicated') next = { ...spec, mode: { kind: 'replicated', replicas: 0 } };
  const replicas = flagNumber(flags, 'replicas');
  if (replicas === undefined) return next;
  if (next.mode.kind !== 'replicated') return '--replicas can only be specified in --mode replicated';
  return { ...next, mode: { kind: 'replicated', replicas } };
};

const container: Step = (spec, flags) => {
  const image = flagString(flags, 'image');
  const args = flagStrings(flags, 'args');
  const env = flagStrings(flags, 'env');
  let task = spec.task;
  if (image !== undefined) task = { ...task, image };
  if (args !== undefined) task = { ...task, args };
  if (env !== undefined) task = { ...task, env };
  return { ...spec, task };
};

function portSpec(text: string): { protocol: PortProtocol; port: number } | string {
  const [number = '', protocol] = text.split('/');
  if (!/^\d+$/.test(number)) return `strconv.ParseUint: parsing ${JSON.stringify(number)}: invalid syntax`;
  if (protocol === undefined) return { protocol: 'tcp', port: Number(number) };
  const lower = protocol.toLowerCase();
  if (lower !== 'tcp' && lower !== 'udp' && lower !== 'sctp') return `invalid protocol string: ${protocol}`;
  return { protocol: lower, port: Number(number) };
}

const ports: Step = (spec, flags) => {
  const entries = flagStrings(flags, 'ports');
  if (entries === undefined) return spec;
  const result: PortConfig[] = [];
  for (const entry of entries) {
    const parts = entry.split(':');
    if (parts.length < 2) return 'insufficient parameters in port configuration';
    const target = portSpec(parts[1] as string);
    if (typeof target === 'string') return `failed to parse port: ${target}`;
    let published = 0;
    if (parts.length > 2) {
      const node = portSpec(parts[2] as string);
      if (typeof node === 'string') return `failed to parse node port: ${node}`;
      if (node.protocol !== target.protocol) return 'protocol mismatch';
      published = node.port;
    }
    result.push({ protocol: target.protocol, targetPort: target.port, publishedPort: published, publishMode: 'host' });
  }
  return { ...spec, endpoint: { ...spec.endpoint, ports: result } };
};

const RESTART_CONDITIONS: Readonly<Record<string, RestartCondition>> = { any: 'any', failure: 'on-failure', none: 'none' };

const restart: Step = (spec, flags) => {
  let policy = spec.task.restartPolicy;
  const condition = flagString(flags, 'restart-condition');
  if (condition !== undefined) {
    const known = RESTART_CONDITIONS[condition];
    if (known === undefined) return `invalid restart condition: ${condition}`;
    policy = { ...policy, condition: known };
  }
  const delay = duration(flags, 'restart-delay');
  if (typeof delay === 'string') return delay;
  if (delay !== undefined) policy = { ...policy, delayUs: delay as Micros };
  const attempts = flagNumber(flags, 'restart-max-attempts');
  if (attempts !== undefined) policy = { ...policy, maxAttempts: attempts };
  const window = duration(flags, 'restart-window');
  if (typeof window === 'string') return window;
  if (window !== undefined) policy = { ...policy, windowUs: window as Micros };
  return { ...spec, task: { ...spec.task, restartPolicy: policy } };
};

/** SwarmKit fills a zero monitor period with its 5 s default; everything else starts at zero. */
const ZERO_UPDATE: UpdateConfig = { ...DEFAULT_UPDATE_CONFIG, parallelism: 0 };

function updateConfig(base: UpdateConfig | undefined, flags: ParsedFlags, prefix: 'update' | 'rollback'): UpdateConfig | string | undefined {
  let config = base;
  const touch = (): UpdateConfig => config ?? ZERO_UPDATE;
  const parallelism = flagNumber(flags, `${prefix}-parallelism`);
  if (parallelism !== undefined) config = { ...touch(), parallelism };
  const delay = duration(flags, `${prefix}-delay`);
  if (typeof delay === 'string') return delay;
  if (delay !== undefined) config = { ...touch(), delayUs: delay as Micros };
  const action = flagString(flags, `${prefix}-on-failure`);
  if (action !== undefined) {
    const allowed = prefix === 'update' ? ['pause', 'continue', 'rollback'] : ['pause', 'continue'];
    if (!allowed.includes(action)) return `--${prefix}-on-failure value must be pause or continue`;
    config = { ...touch(), failureAction: action as UpdateConfig['failureAction'] };
  }
  const order = flagString(flags, `${prefix}-order`);
  if (order !== undefined) {
    if (order !== 'stop-first' && order !== 'start-first') return `--${prefix}-order value must be stop-first or start-first`;
    config = { ...touch(), order };
  }
  return config;
}

const update: Step = (spec, flags) => {
  const updateConf = updateConfig(spec.update, flags, 'update');
  if (typeof updateConf === 'string') return updateConf;
  const rollbackConf = updateConfig(spec.rollback, flags, 'rollback');
  if (typeof rollbackConf === 'string') return rollbackConf;
  return { ...spec, ...(updateConf === undefined ? {} : { update: updateConf }), ...(rollbackConf === undefined ? {} : { rollback: rollbackConf }) };
};

/** `--force`: ForceUpdate++ makes every task dirty, so the updater replaces them all. */
const force: Step = (spec, flags) => (flags.changed.get('force') === true ? { ...spec, task: { ...spec.task, forceUpdate: (spec.task.forceUpdate ?? 0) + 1 } } : spec);

const placement: Step = (spec, flags) => {
  let placementSpec = spec.task.placement;
  const constraints = flagStrings(flags, 'constraint');
  if (constraints !== undefined) placementSpec = { ...placementSpec, constraints };
  const maxReplicas = flagNumber(flags, 'replicas-max-per-node');
  if (maxReplicas !== undefined) {
    if (spec.mode.kind !== 'replicated') return '--replicas-max-per-node can only be specified in --mode replicated';
    placementSpec = { ...placementSpec, maxReplicas };
  }
  return { ...spec, task: { ...spec.task, placement: placementSpec } };
};

/** `flagparser.Merge` in its order: the first error wins. */
export function mergeServiceFlags(spec: ServiceSpec, flags: ParsedFlags): SpecResult {
  const refused = NOT_MODELLED.find((name) => flags.changed.has(name));
  if (refused !== undefined) return { ok: false, message: `swarmctl --${refused} is not modelled by swarmsim`, notModelled: true };
  let next = spec;
  for (const step of [force, annotations, mode, container, ports, restart, update, placement]) {
    const result = step(next, flags);
    if (typeof result === 'string') return { ok: false, message: result };
    next = result;
  }
  return { ok: true, spec: next };
}
