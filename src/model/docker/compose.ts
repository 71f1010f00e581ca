/**
 * Compose v3 files → service specs, the way `docker stack deploy` loads and
 * converts them (docker-cli.md §7; swarm-services.md §12 for the warnings;
 * docker/cli `cli/compose/{loader,schema,convert}`, `cli/command/stack/loader.go`).
 *
 * Pipeline: YAML → must be a mapping → version check (and across files) →
 * forbidden keys (abort) → schema checks (the subset below, Docker's texts)
 * → typed load → convert. Warnings for ignored and deprecated keys are
 * returned as the stderr text the CLI prints.
 *
 * Modelled keys: image, command, environment, labels, deploy.{mode, replicas,
 * labels, resources, restart_policy, update_config, rollback_config,
 * placement}, ports, networks (names only), restart (when no restart_policy).
 * Other schema keys are accepted and not converted. Not modelled: `${VAR}`
 * interpolation (no client environment), env_file, extends across files,
 * secrets/configs/volumes content. Several files merge service by service,
 * a later file's keys replacing an earlier one's (docker merges deeper).
 */
import { parse as parseYaml } from 'yaml';
import { compareStrings } from '../../sim/order.js';
import type { Micros } from '../../sim/types.js';
import type { PlacementPreference, PortConfig, RestartCondition, RestartPolicy, ServiceSpec, UpdateConfig, UpdateFailureAction, UpdateOrder } from '../store/objects.js';
import { normalizeImageRef } from '../agent/images.js';
import { GoValueError, nanosToMicros, parseGoDuration } from './goValues.js';
import { STACK_IMAGE_LABEL, STACK_NAMESPACE_LABEL } from './render/stacks.js';
import { DEFAULT_RESTART_POLICY, DEFAULT_UPDATE_CONFIG, defaultTaskSpec } from './service-spec.js';
import { parseCpus, parsePublish, ramInBytes, sortPorts } from './serviceValues.js';
import { tokenize } from './tokenize.js';

export interface ComposeFile {
  readonly path: string;
  readonly text: string;
}

export interface ComposeService {
  /** Short name as in the file (`web`); the spec's name is `<stack>_web`. */
  readonly name: string;
  readonly spec: ServiceSpec;
  /** Network short names the service uses (`default` when none). */
  readonly networks: readonly string[];
}

export type ComposeResult =
  | { readonly ok: true; readonly services: readonly ComposeService[]; readonly networks: readonly string[]; readonly stderr: string }
  /** `error`: the whole error text (exit 1); `stderr`: warnings printed before it. */
  | { readonly ok: false; readonly error: string; readonly stderr: string };

type Dict = Record<string, unknown>;

class ComposeError extends Error {}

const FORBIDDEN: Readonly<Record<string, string>> = {
  extends: 'Support for `extends` is not implemented yet.',
  volume_driver: 'Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.',
  volumes_from:
    'To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.',
  cpu_quota: 'Set resource limits using deploy.resources',
  cpu_shares: 'Set resource limits using deploy.resources',
  cpuset: 'Set resource limits using deploy.resources',
  mem_limit: 'Set resource limits using deploy.resources',
  memswap_limit: 'Set resource limits using deploy.resources',
};

/** Keys swarm ignores, warned about (swarm-services.md §12). */
export const UNSUPPORTED_KEYS: readonly string[] = [
  'build',
  'cgroupns_mode',
  'cgroup_parent',
  'devices',
  'domainname',
  'external_links',
  'ipc',
  'links',
  'mac_address',
  'network_mode',
  'pid',
  'privileged',
  'restart',
  'security_opt',
  'shm_size',
  'userns_mode',
];

const DEPRECATED: Readonly<Record<string, string>> = {
  container_name: 'Setting the container name is not supported.',
  expose: "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
};

const TOP_LEVEL_KEYS = ['version', 'services', 'networks', 'volumes', 'secrets', 'configs'];
const SERVICE_KEYS = [
  ...UNSUPPORTED_KEYS,
  ...Object.keys(DEPRECATED),
  'cap_add',
  'cap_drop',
  'command',
  'configs',
  'credential_spec',
  'depends_on',
  'deploy',
  'dns',
  'dns_search',
  'entrypoint',
  'env_file',
  'environment',
  'extra_hosts',
  'healthcheck',
  'hostname',
  'image',
  'init',
  'isolation',
  'labels',
  'logging',
  'networks',
  'ports',
  'read_only',
  'secrets',
  'stdin_open',
  'stop_grace_period',
  'stop_signal',
  'sysctls',
  'tmpfs',
  'tty',
  'ulimits',
  'user',
  'volumes',
  'working_dir',
];
const DEPLOY_KEYS = ['mode', 'endpoint_mode', 'replicas', 'labels', 'rollback_config', 'update_config', 'resources', 'restart_policy', 'placement'];
const UPDATE_KEYS = ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'];
const NESTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  deploy: DEPLOY_KEYS,
  'deploy.update_config': UPDATE_KEYS,
  'deploy.rollback_config': UPDATE_KEYS,
  'deploy.restart_policy': ['condition', 'delay', 'max_attempts', 'window'],
  'deploy.placement': ['constraints', 'preferences', 'max_replicas_per_node'],
  'deploy.resources': ['limits', 'reservations'],
  'deploy.resources.limits': ['cpus', 'memory', 'pids'],
  'deploy.resources.reservations': ['cpus', 'memory', 'generic_resources'],
};
const INTEGER_PATHS = ['deploy.replicas', 'deploy.update_config.parallelism', 'deploy.rollback_config.parallelism', 'deploy.restart_policy.max_attempts', 'deploy.placement.max_replicas_per_node'];
const STRING_PATHS = ['image', 'deploy.mode', 'deploy.resources.limits.cpus', 'deploy.resources.reservations.cpus', 'deploy.restart_policy.condition'];
const DURATION_PATHS = ['deploy.update_config.delay', 'deploy.update_config.monitor', 'deploy.rollback_config.delay', 'deploy.rollback_config.monitor', 'deploy.restart_policy.delay', 'deploy.restart_policy.window'];

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(dict: Dict, path: string): unknown {
  let value: unknown = dict;
  for (const key of path.split('.')) value = isDict(value) ? value[key] : undefined;
  return value;
}

function sortedKeys(dict: Dict): string[] {
  return Object.keys(dict).sort(compareStrings);
}

/** `fmt.Sprintf("%v")` of the version, then the schema it selects. */
function checkVersion(data: Dict): string {
  const raw = data['version'];
  const text = raw === undefined ? '' : String(raw);
  if (text === '' || text === '3') return '3.13';
  const match = /^3\.(\d+)$/.exec(text);
  if (match === null || Number(match[1]) > 13 || (match[1] as string).length > 2) throw new ComposeError(`unsupported Compose file version: ${text}`);
  return text;
}

function checkForbidden(services: Dict): void {
  const found = new Map<string, string>();
  for (const name of sortedKeys(services)) {
    const service = services[name];
    if (!isDict(service)) continue;
    for (const key of Object.keys(service)) if (FORBIDDEN[key] !== undefined) found.set(key, FORBIDDEN[key]);
  }
  if (found.size === 0) return;
  const entries = [...found.entries()].map(([key, description]) => `${key}: ${description}`).sort(compareStrings);
  throw new ComposeError(`compose file contains unsupported options:\n\n${entries.join('\n\n')}\n`);
}

function checkKeys(dict: Dict, allowed: readonly string[], path: string, allowExtensions: boolean): void {
  for (const key of sortedKeys(dict)) {
    if (allowed.includes(key) || (allowExtensions && key.startsWith('x-'))) continue;
    throw new ComposeError(`${path} Additional property ${key} is not allowed`);
  }
}

/** The schema checks swarmsim reproduces: unknown keys, integer/string types, duration formats (one error, the most specific). */
function checkSchema(data: Dict): void {
  checkKeys(data, TOP_LEVEL_KEYS, '(root)', true);
  const services = data['services'];
  if (services === undefined || services === null) return;
  if (!isDict(services)) throw new ComposeError('services must be a mapping');
  for (const name of sortedKeys(services)) {
    const service = services[name];
    const base = `services.${name}`;
    if (service === null) continue;
    if (!isDict(service)) throw new ComposeError(`${base} must be a mapping`);
    const errors: string[] = [];
    const attempt = (check: () => void): void => {
      try {
        check();
      } catch (error) {
        if (!(error instanceof ComposeError)) throw error;
        errors.push(error.message);
      }
    };
    for (const [path, keys] of Object.entries(NESTED_KEYS)) {
      const value = at(service, path);
      if (value === undefined || value === null) continue;
      if (!isDict(value)) errors.push(`${base}.${path} must be a mapping`);
      else attempt(() => checkKeys(value, keys, `${base}.${path}`, false));
    }
    for (const path of INTEGER_PATHS) {
      const value = at(service, path);
      if (value !== undefined && !Number.isInteger(value)) errors.push(`${base}.${path} must be a integer`);
    }
    for (const path of STRING_PATHS) {
      const value = at(service, path);
      if (value !== undefined && typeof value !== 'string') errors.push(`${base}.${path} must be a string`);
    }
    for (const path of DURATION_PATHS) {
      const value = at(service, path);
      if (typeof value === 'string' && !isDuration(value)) errors.push(`${base}.${path} Does not match format 'duration'`);
    }
    attempt(() => checkKeys(service, [...SERVICE_KEYS, ...Object.keys(FORBIDDEN)], base, true));
    // The most specific error: most dot-separated path components.
    const best = errors.sort((a, b) => depth(b) - depth(a))[0];
    if (best !== undefined) throw new ComposeError(best);
  }
}

function depth(message: string): number {
  return (message.split(' ')[0] as string).split('.').length;
}

function isDuration(text: string): boolean {
  try {
    parseGoDuration(text);
    return true;
  } catch (error) {
    if (error instanceof GoValueError) return false;
    throw error;
  }
}

function warnings(services: Dict): string {
  const unsupported = new Set<string>();
  const deprecated = new Map<string, string>();
  for (const service of Object.values(services)) {
    if (!isDict(service)) continue;
    for (const key of Object.keys(service)) {
      if (UNSUPPORTED_KEYS.includes(key)) unsupported.add(key);
      if (DEPRECATED[key] !== undefined) deprecated.set(key, DEPRECATED[key]);
    }
  }
  let text = '';
  if (unsupported.size > 0) text += `Ignoring unsupported options: ${[...unsupported].sort(compareStrings).join(', ')}\n\n`;
  if (deprecated.size > 0) {
    const entries = [...deprecated.entries()].map(([key, description]) => `${key}: ${description}`).sort(compareStrings);
    text += `Ignoring deprecated options:\n\n${entries.join('\n\n')}\n\n`;
  }
  return text;
}

// ---- conversion ----

function micros(text: unknown): Micros | undefined {
  return typeof text === 'string' ? (nanosToMicros(parseGoDuration(text)) as Micros) : undefined;
}

function updateConfig(value: unknown): UpdateConfig | undefined {
  if (!isDict(value)) return undefined;
  const monitor = micros(value['monitor']);
  return {
    parallelism: typeof value['parallelism'] === 'number' ? value['parallelism'] : 1,
    delayUs: micros(value['delay']) ?? (0 as Micros),
    failureAction: ((value['failure_action'] as string | undefined) || DEFAULT_UPDATE_CONFIG.failureAction) as UpdateFailureAction,
    monitorUs: monitor === undefined || monitor === 0 ? DEFAULT_UPDATE_CONFIG.monitorUs : monitor,
    maxFailureRatio: typeof value['max_failure_ratio'] === 'number' ? value['max_failure_ratio'] : 0,
    order: ((value['order'] as string | undefined) || DEFAULT_UPDATE_CONFIG.order) as UpdateOrder,
  };
}

const RESTART_CONDITIONS: readonly string[] = ['none', 'on-failure', 'any'];

function restartPolicy(service: Dict): RestartPolicy {
  const policy = at(service, 'deploy.restart_policy');
  if (isDict(policy)) {
    const condition = (policy['condition'] as string | undefined) ?? DEFAULT_RESTART_POLICY.condition;
    if (!RESTART_CONDITIONS.includes(condition)) throw new ComposeError(`invalid RestartCondition: "${condition}"`);
    return {
      condition: condition as RestartCondition,
      delayUs: micros(policy['delay']) ?? DEFAULT_RESTART_POLICY.delayUs,
      maxAttempts: typeof policy['max_attempts'] === 'number' ? policy['max_attempts'] : 0,
      windowUs: micros(policy['window']) ?? (0 as Micros),
    };
  }
  const restart = service['restart'];
  if (typeof restart === 'string') {
    if (restart === 'always' || restart === 'unless-stopped') return { ...DEFAULT_RESTART_POLICY, condition: 'any' };
    const onFailure = /^on-failure(?::(\d+))?$/.exec(restart);
    if (onFailure !== null) return { ...DEFAULT_RESTART_POLICY, condition: 'on-failure', maxAttempts: Number(onFailure[1] ?? '0') };
  }
  return DEFAULT_RESTART_POLICY;
}

function ports(service: Dict): PortConfig[] {
  const list = service['ports'];
  if (!Array.isArray(list)) return [];
  const result: PortConfig[] = [];
  for (const entry of list) {
    if (typeof entry === 'string' || typeof entry === 'number') result.push(...parsePublish(String(entry)));
    else if (isDict(entry)) {
      result.push({
        protocol: ((entry['protocol'] as string | undefined) || 'tcp') as PortConfig['protocol'],
        targetPort: Number(entry['target'] ?? 0),
        publishedPort: Number(entry['published'] ?? 0),
        publishMode: ((entry['mode'] as string | undefined) || 'ingress') as PortConfig['publishMode'],
      });
    }
  }
  return sortPorts(result);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** `environment` list or map → sorted `KEY=value` (`KEY` when no value). */
function environment(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).sort(compareStrings);
  if (!isDict(value)) return [];
  return Object.entries(value)
    .map(([key, v]) => (v === null || v === undefined ? key : `${key}=${String(v)}`))
    .sort(compareStrings);
}

function command(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return undefined;
  const words = tokenize(value);
  if (!words.ok) throw new ComposeError(`invalid command line string`);
  return words.words;
}

function resources(service: Dict, kind: 'limits' | 'reservations'): { nanoCPUs: number; memoryBytes: number } {
  const cpus = at(service, `deploy.resources.${kind}.cpus`);
  const memory = at(service, `deploy.resources.${kind}.memory`);
  const path = `services.*.deploy.resources.${kind}`;
  try {
    return {
      nanoCPUs: typeof cpus === 'string' ? parseCpus(cpus) : 0,
      memoryBytes: typeof memory === 'string' ? ramInBytes(memory) : typeof memory === 'number' ? memory : 0,
    };
  } catch (error) {
    if (error instanceof GoValueError) throw new ComposeError(`'${path}' ${error.message}`);
    throw error;
  }
}

function labelsOf(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map(String).map((entry) => (entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, ''])));
  }
  return isDict(value) ? Object.fromEntries(Object.entries(value).map(([key, v]) => [key, v === null ? '' : String(v)])) : {};
}

function convertService(stack: string, name: string, service: Dict): ComposeService {
  const image = service['image'];
  if (typeof image !== 'string' || image === '') throw new ComposeError(`invalid image reference for service ${name}: no image specified`);
  const modeText = (at(service, 'deploy.mode') as string | undefined) ?? 'replicated';
  const replicas = at(service, 'deploy.replicas') as number | undefined;
  if (modeText !== 'replicated' && modeText !== 'global') {
    if (modeText === 'replicated-job' || modeText === 'global-job') throw new ComposeError(`service ${name}: mode ${modeText} is not modelled by swarmsim`);
    throw new ComposeError(`service ${name}: unknown mode: ${modeText}`);
  }
  if (modeText === 'global' && replicas !== undefined) throw new ComposeError(`service ${name}: replicas can only be used with replicated or replicated-job mode`);
  const base = defaultTaskSpec(normalizeImageRef(image));
  const env = environment(service['environment']);
  const args = command(service['command']);
  const preferences: PlacementPreference[] = (at(service, 'deploy.placement.preferences') as unknown[] | undefined ?? [])
    .filter(isDict)
    .map((pref) => ({ spread: String(pref['spread'] ?? '') }));
  const update = updateConfig(at(service, 'deploy.update_config'));
  const rollback = updateConfig(at(service, 'deploy.rollback_config'));
  const spec: ServiceSpec = {
    name: `${stack}_${name}`,
    labels: { ...labelsOf(at(service, 'deploy.labels')), [STACK_IMAGE_LABEL]: image, [STACK_NAMESPACE_LABEL]: stack },
    task: {
      ...base,
      ...(args !== undefined ? { args } : {}),
      ...(env.length > 0 ? { env } : {}),
      resources: { limits: resources(service, 'limits'), reservations: resources(service, 'reservations') },
      restartPolicy: restartPolicy(service),
      placement: {
        ...base.placement,
        constraints: stringList(at(service, 'deploy.placement.constraints')),
        preferences,
        maxReplicas: (at(service, 'deploy.placement.max_replicas_per_node') as number | undefined) ?? 0,
      },
    },
    mode: modeText === 'global' ? { kind: 'global' } : { kind: 'replicated', replicas: replicas ?? 1 },
    endpoint: { ports: ports(service) },
    ...(update !== undefined ? { update } : {}),
    ...(rollback !== undefined ? { rollback } : {}),
  };
  const networks = service['networks'];
  const names = Array.isArray(networks) ? networks.map(String) : isDict(networks) ? Object.keys(networks) : ['default'];
  return { name, spec, networks: names.sort(compareStrings) };
}

function loadFile(file: ComposeFile): Dict {
  let data: unknown;
  try {
    data = parseYaml(file.text);
  } catch (error) {
    throw new ComposeError(`yaml: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  if (!isDict(data)) throw new ComposeError('top-level object must be a mapping');
  return data;
}

function mergeServices(files: readonly Dict[]): Dict {
  const merged: Dict = {};
  for (const data of files) {
    const services = data['services'];
    if (!isDict(services)) continue;
    for (const [name, service] of Object.entries(services)) {
      const previous = merged[name];
      merged[name] = isDict(previous) && isDict(service) ? { ...previous, ...service } : service;
    }
  }
  return merged;
}

/** Load and convert the compose files of `stack deploy -c … <stack>`. */
export function loadCompose(files: readonly ComposeFile[], stack: string): ComposeResult {
  let stderr = '';
  try {
    const datas = files.map(loadFile);
    const versions = datas.map(checkVersion);
    const mismatch = versions.findIndex((version) => version !== versions[0]);
    if (mismatch > 0) throw new ComposeError(`version mismatched between two composefiles : ${versions[0]} and ${versions[mismatch]}`);
    for (const data of datas) if (isDict(data['services'])) checkForbidden(data['services']);
    datas.forEach(checkSchema);
    const services = mergeServices(datas);
    stderr = warnings(services);
    const converted = sortedKeys(services).map((name) => convertService(stack, name, (services[name] as Dict | null) ?? {}));
    const networks = [...new Set(converted.flatMap((service) => service.networks))].sort(compareStrings);
    return { ok: true, services: converted, networks, stderr };
  } catch (error) {
    if (error instanceof ComposeError || error instanceof GoValueError) return { ok: false, error: `${error.message}\n`, stderr };
    throw error;
  }
}
