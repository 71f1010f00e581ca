/**
 * Service specs as the docker client builds them and SwarmKit fills them in:
 * defaults (swarm-services.md §2, `swarmkit api/defaults/service.go`), the
 * spec of `service create` from its flags, and `service update`'s changes
 * applied to a spec (docker-cli.md §4.1, §4.3: only given flags change
 * anything; any `--update-*` flag sends a whole UpdateConfig filled from the
 * defaults; constraints sorted; ports deduplicated and sorted; env keeps the
 * existing order, replacing in place and appending new keys in flag order —
 * our rule where Docker's order is Go-map random).
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros } from '../../sim/types.js';
import type { Labels, PortConfig, Resources, RestartPolicy, ServiceSpec, TaskSpec, UpdateConfig } from '../store/objects.js';
import type { ResourceChanges, ServiceChanges } from './service-requests.js';
import { portKey, sortPorts } from './serviceValues.js';

const SECOND_US = 1_000_000;

export const DEFAULT_RESTART_POLICY: RestartPolicy = { condition: 'any', delayUs: (5 * SECOND_US) as Micros, maxAttempts: 0, windowUs: 0 as Micros };

export const DEFAULT_UPDATE_CONFIG: UpdateConfig = {
  parallelism: 1,
  delayUs: 0 as Micros,
  failureAction: 'pause',
  monitorUs: (5 * SECOND_US) as Micros,
  maxFailureRatio: 0,
  order: 'stop-first',
};

/** `StopGracePeriod` default (not stored per spec here; shown by inspect). */
export const DEFAULT_STOP_GRACE_PERIOD_US = (10 * SECOND_US) as Micros;

const NO_RESOURCES: Resources = { nanoCPUs: 0, memoryBytes: 0 };

/** A task spec with nothing but an image (defaults everywhere else). */
export function defaultTaskSpec(image: string): TaskSpec {
  return {
    image,
    resources: { limits: NO_RESOURCES, reservations: NO_RESOURCES },
    restartPolicy: DEFAULT_RESTART_POLICY,
    placement: { constraints: [], preferences: [], platforms: [], maxReplicas: 0 },
  };
}

/** The UpdateConfig the CLI sends when any `--update-*` flag is given (`updateConfigFromDefaults`). */
export function updateConfigFrom(changes: Partial<UpdateConfig> | undefined, base: UpdateConfig = DEFAULT_UPDATE_CONFIG): UpdateConfig | undefined {
  return changes === undefined ? undefined : { ...base, ...changes };
}

export function resourcesWith(base: Resources, changes: ResourceChanges | undefined): Resources {
  return changes === undefined ? base : { ...base, ...changes };
}

/** `KEY=value` list → the key (text before `=`). */
function envKey(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

export function applyEnv(env: readonly string[], add: readonly string[], rm: readonly string[]): string[] {
  const removed = new Set(rm.map(envKey));
  const result = env.filter((entry) => !removed.has(envKey(entry)));
  for (const entry of add) {
    const index = result.findIndex((existing) => envKey(existing) === envKey(entry));
    if (index >= 0) result[index] = entry;
    else result.push(entry);
  }
  return result;
}

/** `--label k=v` entries → labels (a later key wins; `k` alone → empty value). */
export function labelsFrom(entries: readonly string[], base: Labels = {}): Labels {
  const labels: Record<string, string> = { ...base };
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    labels[eq < 0 ? entry : entry.slice(0, eq)] = eq < 0 ? '' : entry.slice(eq + 1);
  }
  return labels;
}

function withoutLabels(labels: Labels, keys: readonly string[]): Labels {
  const drop = new Set(keys);
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !drop.has(key)));
}

function portsAfter(ports: readonly PortConfig[], add: readonly PortConfig[], rm: readonly PortConfig[]): PortConfig[] {
  const rmKey = (port: PortConfig): string => `${port.targetPort}/${port.protocol}/${port.publishMode}`;
  const removed = new Set(rm.map(rmKey));
  const kept = ports.filter((port) => !removed.has(rmKey(port)));
  const byKey = new Map([...kept, ...add].map((port) => [portKey(port), port]));
  return sortPorts([...byKey.values()]);
}

function taskAfter(task: TaskSpec, changes: ServiceChanges): TaskSpec {
  const env = applyEnv(task.env ?? [], changes.envAdd, changes.envRm);
  const constraints = [...task.placement.constraints.filter((c) => !changes.constraintRm.includes(c)), ...changes.constraintAdd];
  const prefRm = new Set(changes.placementPrefRm.map((pref) => pref.spread));
  const next: TaskSpec = {
    ...task,
    image: changes.image ?? task.image,
    resources: { limits: resourcesWith(task.resources.limits, changes.limits), reservations: resourcesWith(task.resources.reservations, changes.reservations) },
    restartPolicy: changes.restart === undefined ? task.restartPolicy : { ...task.restartPolicy, ...changes.restart },
    placement: {
      ...task.placement,
      constraints: [...new Set(constraints)].sort(compareStrings),
      preferences: [...task.placement.preferences.filter((pref) => !prefRm.has(pref.spread)), ...changes.placementPrefAdd],
      maxReplicas: changes.maxReplicas ?? task.placement.maxReplicas,
    },
  };
  const withArgs = changes.args === undefined ? next : { ...next, args: changes.args };
  return env.length > 0 || task.env !== undefined ? { ...withArgs, env } : withArgs;
}

/** The spec after `service update` (mode checks are the caller's: `replicas can only be used with replicated mode`). */
export function applyServiceChanges(spec: ServiceSpec, changes: ServiceChanges): ServiceSpec {
  const mode = changes.replicas !== undefined && spec.mode.kind === 'replicated' ? { kind: 'replicated' as const, replicas: changes.replicas } : spec.mode;
  const update = changes.update === undefined ? spec.update : updateConfigFrom(changes.update, spec.update ?? DEFAULT_UPDATE_CONFIG);
  const rollback = changes.rollback === undefined ? spec.rollback : updateConfigFrom(changes.rollback, spec.rollback ?? DEFAULT_UPDATE_CONFIG);
  return {
    ...spec,
    labels: labelsFrom(changes.labelAdd, withoutLabels(spec.labels, changes.labelRm)),
    task: taskAfter(spec.task, changes),
    mode,
    endpoint: { ...spec.endpoint, ports: portsAfter(spec.endpoint.ports, changes.publishAdd, changes.publishRm) },
    ...(update !== undefined ? { update } : {}),
    ...(rollback !== undefined ? { rollback } : {}),
  };
}
