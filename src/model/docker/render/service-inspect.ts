/**
 * `docker service inspect --pretty` and `docker service inspect` (JSON), from
 * a stored Service, after SwarmKit's insert-defaults (swarm-services.md §2:
 * UpdateConfig/RollbackConfig and Restart filled in; docker-cli.md §4.4, §4.5;
 * docker/cli `cli/command/service/formatter.go` serviceInspectPrettyTemplate).
 *
 * Modelled fields only: no mounts, networks, secrets, configs, health checks,
 * VirtualIPs or platforms. `Init: false` and `StopGracePeriod` 10s are shown
 * as a CLI-created service has them (§4.5). The trailing space after the last
 * `PublishMode` line follows the template's `{{- end }} {{ end -}}` (unverified
 * against a real run).
 */
import type { Micros } from '../../../sim/types.js';
import { sortedEntries } from '../../../sim/order.js';
import type { PortConfig, Service, ServiceSpec, UpdateConfig, UpdateStatus } from '../../store/objects.js';
import { formatGoDuration, microsToNanos } from '../goValues.js';
import { bytesSize, DEFAULT_EPOCH_UNIX_SECONDS, goTimeJson, humanDuration } from '../humanize.js';
import type { JsonObject, JsonValue } from '../json.js';
import { jsonObject, renderJson } from '../json.js';
import { DEFAULT_RESTART_POLICY, DEFAULT_STOP_GRACE_PERIOD_US, DEFAULT_UPDATE_CONFIG } from '../service-spec.js';

export interface ServiceInspectContext {
  readonly nowUs: Micros;
  readonly epochUnixSeconds?: number;
  /** Allocated `Endpoint.Ports`; default the spec's. */
  readonly endpointPorts?: readonly PortConfig[];
}

function duration(us: Micros | number): string {
  return formatGoDuration(microsToNanos(us));
}

/** Go's `%v` of a float64 for whole and short decimal values (`0.5`, `2`). */
function goFloat(value: number): string {
  return String(value);
}

function updateBlock(title: string, config: UpdateConfig, orderLabel: string): string {
  let text = `\n${title}:\n Parallelism:\t${config.parallelism}`;
  if (config.delayUs > 0) text += `\n Delay:\t\t${duration(config.delayUs)}`;
  text += `\n On failure:\t${config.failureAction}`;
  if (config.monitorUs > 0) text += `\n Monitoring Period: ${duration(config.monitorUs)}`;
  text += `\n Max failure ratio: ${goFloat(config.maxFailureRatio)}\n ${orderLabel} ${config.order}`;
  return text;
}

function updateStatusBlock(status: UpdateStatus, nowUs: Micros): string {
  let text = `\nUpdateStatus:\n State:\t\t${status.state}\n Started:\t${humanDuration(Math.max(0, nowUs - status.startedAt))} ago`;
  if (status.state === 'completed' && status.completedAt !== undefined) text += `\n Completed:\t${humanDuration(Math.max(0, nowUs - status.completedAt))} ago`;
  return `${text}\n Message:\t${status.message}`;
}

function resourcesBlock(spec: ServiceSpec): string {
  const { limits, reservations } = spec.task.resources;
  let text = '\nResources:';
  const part = (title: string, cpu: number, memory: number): string => {
    if (cpu <= 0 && memory <= 0) return '';
    let block = `\n ${title}:`;
    if (cpu > 0) block += `\n  CPU:\t\t${goFloat(cpu / 1e9)}`;
    if (memory > 0) block += `\n  Memory:\t${bytesSize(memory)}`;
    return block;
  };
  text += part('Reservations', reservations.nanoCPUs, reservations.memoryBytes);
  text += part('Limits', limits.nanoCPUs, limits.memoryBytes);
  return text;
}

/** One service in the pretty template; starts with an empty line, ends with '\n'. */
export function renderServiceInspectPretty(service: Service, context: ServiceInspectContext): string {
  const { spec } = service;
  let text = `\nID:\t\t${service.id}\nName:\t\t${spec.name}`;
  const labels = sortedEntries(spec.labels);
  if (labels.length > 0) text += `\nLabels:${labels.map(([key, value]) => `\n ${key}${value !== '' ? `=${value}` : ''}`).join('')}`;
  text += spec.mode.kind === 'global' ? '\nService Mode:\tGlobal' : `\nService Mode:\tReplicated\n Replicas:\t${spec.mode.replicas}`;
  if (service.updateStatus !== undefined) text += updateStatusBlock(service.updateStatus, context.nowUs);
  const { placement } = spec.task;
  text += '\nPlacement:';
  if (placement.constraints.length > 0) text += `\n Constraints:\t[${placement.constraints.join(' ')}]`;
  if (placement.preferences.length > 0) text += `\n Preferences:   [${placement.preferences.map((pref) => `spread=${pref.spread}`).join(' ')}]`;
  if (placement.maxReplicas > 0) text += `\n Max Replicas Per Node:   ${placement.maxReplicas}`;
  text += updateBlock('UpdateConfig', spec.update ?? DEFAULT_UPDATE_CONFIG, 'Update order:     ');
  text += updateBlock('RollbackConfig', spec.rollback ?? DEFAULT_UPDATE_CONFIG, 'Rollback order:   ');
  text += `\nContainerSpec:\n Image:\t\t${spec.task.image}`;
  if ((spec.task.args ?? []).length > 0) text += `\n Args:\t\t${(spec.task.args ?? []).map((arg) => `${arg} `).join('')}`;
  if ((spec.task.env ?? []).length > 0) text += `\n Env:\t\t${(spec.task.env ?? []).map((env) => `${env} `).join('')}`;
  text += '\n Init:\t\tfalse';
  text += resourcesBlock(spec);
  text += '\nEndpoint Mode:\tvip';
  const ports = context.endpointPorts ?? service.endpoint?.ports ?? spec.endpoint.ports;
  if (ports.length > 0) {
    text += `\nPorts:${ports.map((port) => `\n PublishedPort = ${port.publishedPort}\n  Protocol = ${port.protocol}\n  TargetPort = ${port.targetPort}\n  PublishMode = ${port.publishMode}`).join('')} `;
  }
  return `${text}\n`;
}

export function renderServiceInspectPrettyAll(services: readonly Service[], context: ServiceInspectContext): string {
  return services.map((service) => renderServiceInspectPretty(service, context)).join('');
}

// ---- JSON (docker-cli.md §4.5; moby api/types/swarm field order) ----

function nanos(us: Micros | number): number {
  return Number(microsToNanos(us));
}

function updateConfigJson(config: UpdateConfig): JsonObject {
  return jsonObject([
    ['Parallelism', config.parallelism],
    config.delayUs > 0 ? ['Delay', nanos(config.delayUs)] : undefined,
    ['FailureAction', config.failureAction],
    ['Monitor', nanos(config.monitorUs)],
    ['MaxFailureRatio', config.maxFailureRatio],
    ['Order', config.order],
  ]);
}

function portJson(port: PortConfig): JsonObject {
  return jsonObject([
    ['Protocol', port.protocol],
    ['TargetPort', port.targetPort],
    ['PublishedPort', port.publishedPort],
    ['PublishMode', port.publishMode],
  ]);
}

function resourcesJson(cpu: number, memory: number): JsonObject {
  return jsonObject([cpu > 0 ? ['NanoCPUs', cpu] : undefined, memory > 0 ? ['MemoryBytes', memory] : undefined]);
}

function taskTemplateJson(spec: ServiceSpec): JsonObject {
  const { task } = spec;
  const restart = task.restartPolicy ?? DEFAULT_RESTART_POLICY;
  const { placement } = task;
  return jsonObject([
    [
      'ContainerSpec',
      jsonObject([
        ['Image', task.image],
        (task.args ?? []).length > 0 ? ['Args', [...(task.args ?? [])]] : undefined,
        (task.env ?? []).length > 0 ? ['Env', [...(task.env ?? [])]] : undefined,
        ['Init', false],
        ['StopGracePeriod', nanos(DEFAULT_STOP_GRACE_PERIOD_US)],
        ['DNSConfig', jsonObject([])],
        ['Isolation', 'default'],
      ]),
    ],
    [
      'Resources',
      jsonObject([
        ['Limits', resourcesJson(task.resources.limits.nanoCPUs, task.resources.limits.memoryBytes)],
        ['Reservations', resourcesJson(task.resources.reservations.nanoCPUs, task.resources.reservations.memoryBytes)],
      ]),
    ],
    [
      'RestartPolicy',
      jsonObject([
        ['Condition', restart.condition],
        ['Delay', nanos(restart.delayUs)],
        ['MaxAttempts', restart.maxAttempts],
        restart.windowUs > 0 ? ['Window', nanos(restart.windowUs)] : undefined,
      ]),
    ],
    [
      'Placement',
      jsonObject([
        placement.constraints.length > 0 ? ['Constraints', [...placement.constraints]] : undefined,
        placement.preferences.length > 0
          ? ['Preferences', placement.preferences.map((pref) => jsonObject([['Spread', jsonObject([['SpreadDescriptor', pref.spread]])]]))]
          : undefined,
        placement.maxReplicas > 0 ? ['MaxReplicas', placement.maxReplicas] : undefined,
      ]),
    ],
    ['ForceUpdate', spec.task.forceUpdate ?? 0],
    ['Runtime', 'container'],
  ]);
}

export function serviceSpecJson(spec: ServiceSpec): JsonObject {
  const mode: JsonValue =
    spec.mode.kind === 'global' ? jsonObject([['Global', jsonObject([])]]) : jsonObject([['Replicated', jsonObject([['Replicas', spec.mode.replicas]])]]);
  const ports = spec.endpoint.ports;
  return jsonObject([
    ['Name', spec.name],
    ['Labels', jsonObject(sortedEntries(spec.labels))],
    ['TaskTemplate', taskTemplateJson(spec)],
    ['Mode', mode],
    ['UpdateConfig', updateConfigJson(spec.update ?? DEFAULT_UPDATE_CONFIG)],
    ['RollbackConfig', updateConfigJson(spec.rollback ?? DEFAULT_UPDATE_CONFIG)],
    ['EndpointSpec', jsonObject([['Mode', 'vip'], ports.length > 0 ? ['Ports', ports.map(portJson)] : undefined])],
  ]);
}

export function serviceJson(service: Service, context: ServiceInspectContext): JsonObject {
  const epoch = context.epochUnixSeconds ?? DEFAULT_EPOCH_UNIX_SECONDS;
  const endpointPorts = context.endpointPorts ?? service.endpoint?.ports ?? service.spec.endpoint.ports;
  const status = service.updateStatus;
  return jsonObject([
    ['ID', service.id],
    ['Version', jsonObject([['Index', service.version]])],
    ['CreatedAt', goTimeJson(service.createdAt, epoch)],
    ['UpdatedAt', goTimeJson(service.updatedAt, epoch)],
    ['Spec', serviceSpecJson(service.spec)],
    service.previousSpec !== undefined ? ['PreviousSpec', serviceSpecJson(service.previousSpec)] : undefined,
    [
      'Endpoint',
      endpointPorts.length === 0
        ? jsonObject([['Spec', jsonObject([])]])
        : jsonObject([
            ['Spec', jsonObject([['Mode', 'vip'], ['Ports', service.spec.endpoint.ports.map(portJson)]])],
            ['Ports', endpointPorts.map(portJson)],
          ]),
    ],
    status !== undefined
      ? [
          'UpdateStatus',
          jsonObject([
            ['State', status.state],
            ['StartedAt', goTimeJson(status.startedAt, epoch)],
            status.completedAt !== undefined ? ['CompletedAt', goTimeJson(status.completedAt, epoch)] : undefined,
            ['Message', status.message],
          ]),
        ]
      : undefined,
  ]);
}

/** `[` + the services + `]`, 4-space indent, then '\n'; none → `[]\n`. */
export function renderServiceInspectJson(services: readonly Service[], context: ServiceInspectContext | ((service: Service) => ServiceInspectContext)): string {
  const contextOf = typeof context === 'function' ? context : (): ServiceInspectContext => context;
  return `${renderJson(services.map((service) => serviceJson(service, contextOf(service))))}\n`;
}
