/**
 * swarmctl's outputs, byte for byte (swarmctl-and-docker-ps.md §4): Go
 * tabwriter tables with swarmctl's settings (lists 0,4,2; task tables inside
 * the inspects 4,4,4; key/value blocks 8,8,8), `PrintHeader`'s dashed
 * underline, enums as upper-case proto names, times through go-humanize.
 * Pure: every function takes the objects and the simulated `now`.
 */
import { compareStrings } from '../../sim/order.js';
import { goTimeJson } from '../docker/humanize.js';
import { type TabwriterOptions, tabwrite } from '../docker/tabwriter.js';
import type { Cluster, Node, Service, Task } from '../store/objects.js';
import { stateAfter } from '../tasks/states.js';
import { goDuration, humanizeTime, iBytes } from './humanize.js';

const LIST: TabwriterOptions = { minwidth: 0, tabwidth: 4, padding: 2, padchar: ' ' };
const TASKS: TabwriterOptions = { minwidth: 4, tabwidth: 4, padding: 4, padchar: ' ' };
const SUMMARY: TabwriterOptions = { minwidth: 8, tabwidth: 8, padding: 8, padchar: ' ' };

/** How IDs show as names (`common/resolver.go`); `-n` turns it off. */
export interface Names {
  node(id: string): string;
  service(id: string): string;
}

export function namesFrom(nodes: Readonly<Record<string, Node>>, services: Readonly<Record<string, Service>>, noResolve: boolean): Names {
  return {
    node: (id) => {
      if (noResolve) return id;
      const node = nodes[id];
      if (node === undefined) return id;
      return node.spec.name ?? node.description?.hostname ?? id;
    },
    service: (id) => (noResolve ? id : (services[id]?.spec.name ?? id)),
  };
}

function header(...columns: string[]): string {
  return `${columns.join('\t')}\n${columns.map((c) => '-'.repeat(c.length)).join('\t')}\n`;
}

const upper = (text: string): string => text.toUpperCase();

function byId<T extends { readonly id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => compareStrings(a.id, b.id));
}

/** `node ls`. */
export function renderNodeLs(nodes: readonly Node[], quiet: boolean): string {
  const sorted = byId(nodes);
  if (quiet) return sorted.map((n) => `${n.id}\n`).join('');
  let text = header('ID', 'Name', 'Membership', 'Status', 'Availability', 'Manager Status');
  for (const node of sorted) {
    const name = node.spec.name ?? node.description?.hostname ?? '';
    let reachability = node.managerStatus === undefined ? '' : upper(node.managerStatus.reachability) + (node.managerStatus.leader ? ' *' : '');
    if (reachability === '' && node.spec.role === 'manager') reachability = 'UNKNOWN';
    text += `${node.id}\t${name}\tACCEPTED\t${upper(node.status.state)}\t${upper(node.spec.availability)}\t${reachability}\n`;
  }
  return tabwrite(text, LIST);
}

function replicasText(service: Service, running: number): string {
  return service.spec.mode.kind === 'global' ? 'global' : `${running}/${service.spec.mode.replicas}`;
}

/** `service ls`: running = RUNNING tasks on nodes not DOWN. */
export function renderServiceLs(services: readonly Service[], tasks: readonly Task[], nodes: Readonly<Record<string, Node>>, quiet: boolean): string {
  const sorted = byId(services);
  if (quiet) return sorted.map((s) => `${s.id}\n`).join('');
  const running = new Map<string, number>();
  for (const task of tasks) {
    const node = nodes[task.nodeId];
    if (node !== undefined && node.status.state !== 'down' && task.status.state === 'running') running.set(task.serviceId, (running.get(task.serviceId) ?? 0) + 1);
  }
  let text = header('ID', 'Name', 'Image', 'Replicas');
  for (const service of sorted) text += `${service.id}\t${service.spec.name}\t${service.spec.task.image}\t${replicasText(service, running.get(service.id) ?? 0)}\n`;
  return tabwrite(text, LIST);
}

function lastState(task: Task, nowUs: number): string {
  return `${upper(task.status.state)} ${humanizeTime(task.status.timestamp, nowUs)}`;
}

const shown = (task: Task, all: boolean): boolean => all || !stateAfter(task.desiredState, 'running');

/** `task ls`: every task by ascending ID, desired ≤ RUNNING unless `-a`. */
export function renderTaskLs(tasks: readonly Task[], options: { all: boolean; quiet: boolean; nowUs: number; names: Names }): string {
  const sorted = byId(tasks).filter((task) => shown(task, options.all));
  if (options.quiet) return sorted.map((t) => `${t.id}\n`).join('');
  let text = header('ID', 'Service', 'Desired State', 'Last State', 'Node');
  for (const task of sorted) {
    text += `${task.id}\t${options.names.service(task.serviceId)}.${task.slot}\t${upper(task.desiredState)}\t${lastState(task, options.nowUs)}\t${options.names.node(task.nodeId)}\n`;
  }
  return tabwrite(text, LIST);
}

/** `task/print.go#Print`: stably by slot, then newest first; the service name is the task's copy. */
export function renderTaskTable(tasks: readonly Task[], options: { all: boolean; nowUs: number; names: Names; serviceNames: (task: Task) => string }): string {
  const sorted = byId(tasks).sort((a, b) => a.slot - b.slot || b.createdAt - a.createdAt);
  let text = header('Task ID', 'Service', 'Slot', 'Image', 'Desired State', 'Last State', 'Node');
  for (const task of sorted) {
    if (!shown(task, options.all)) continue;
    text += `${task.id}\t${options.serviceNames(task)}\t${task.slot}\t${task.spec.image}\t${upper(task.desiredState)}\t${lastState(task, options.nowUs)}\t${options.names.node(task.nodeId)}\n`;
  }
  return tabwrite(text, TASKS);
}

/** `cluster inspect`. */
export function renderClusterInspect(cluster: Cluster): string {
  const spec = cluster.spec;
  const text =
    `ID\t: ${cluster.id}\nName\t: ${cluster.name}\n` +
    'Orchestration settings:\n' +
    `  Task history entries: ${spec.orchestration.taskHistoryRetentionLimit}\n` +
    'Dispatcher settings:\n' +
    `  Dispatcher heartbeat period: ${goDuration(spec.dispatcher.heartbeatPeriodUs)}\n` +
    'Certificate Authority settings:\n' +
    `  Certificate Validity Duration: ${goDuration(spec.caConfig.nodeCertExpiryUs)}\n` +
    '  Join Tokens:\n' +
    `    Worker: ${cluster.joinTokens.worker}\n` +
    `    Manager: ${cluster.joinTokens.manager}\n`;
  return tabwrite(text, SUMMARY);
}

function ifNotEmpty(format: (value: string) => string, value: string): string {
  return value === '' ? '' : format(value);
}

/** `service inspect` summary block (`printServiceSummary`); `running` counts RUNNING tasks, wherever they are. */
export function renderServiceSummary(service: Service, running: number, nowUs: number): string {
  const spec = service.spec;
  let text = `ID\t: ${service.id}\n`;
  text += ifNotEmpty((v) => `Name\t: ${v}\n`, spec.name);
  const labels = Object.keys(spec.labels).sort(compareStrings);
  if (labels.length > 0) text += `Labels\t\n${labels.map((k) => `  ${k}\t: ${spec.labels[k] ?? ''}\n`).join('')}`;
  text += `Replicas\t: ${replicasText(service, running)}\n`;
  const status = service.updateStatus;
  if (status !== undefined) {
    text += `Update Status\t\n State\t: ${upper(status.state)}\n Started\t: ${humanizeTime(status.startedAt, nowUs)}\n`;
    if (status.state === 'completed' && status.completedAt !== undefined) text += ` Completed\t: ${humanizeTime(status.completedAt, nowUs)}\n`;
    text += ` Message\t: ${status.message}\n`;
  }
  const task = spec.task;
  text += 'Template\t\n Container\t\n';
  text += ifNotEmpty((v) => `  Image\t: ${v}\n`, task.image);
  text += ifNotEmpty((v) => `  Args\t: [${v}]\n`, (task.args ?? []).join(', '));
  text += ifNotEmpty((v) => `  Env\t: [${v}]\n`, (task.env ?? []).join(', '));
  text += ifNotEmpty((v) => `  Constraints\t: ${v}\n`, task.placement.constraints.join(', '));
  const { reservations, limits } = task.resources;
  const hasResources = reservations.nanoCPUs + reservations.memoryBytes + limits.nanoCPUs + limits.memoryBytes > 0;
  if (hasResources) {
    text += '  Resources\t\n';
    for (const [title, r] of [['Reservations', reservations], ['Limits', limits]] as const) {
      if (r.nanoCPUs + r.memoryBytes === 0) continue;
      text += `    ${title}:\t\n`;
      if (r.nanoCPUs !== 0) text += `      CPU\t: ${r.nanoCPUs / 1e9}\n`;
      if (r.memoryBytes !== 0) text += `      Memory\t: ${iBytes(r.memoryBytes)}\n`;
    }
  }
  const ports = spec.endpoint.ports;
  if (ports.length > 0) {
    text += '\nPorts:\n';
    for (const port of ports) {
      text += `    - Name\t= \n      Protocol\t= ${upper(port.protocol)}\n      Port\t= ${port.targetPort}\n      SwarmPort\t= ${port.publishedPort}\n`;
    }
  }
  return tabwrite(text, SUMMARY);
}

/** `node inspect` summary block (`printNodeSummary`). */
export function renderNodeSummary(node: Node): string {
  let text = `ID\t: ${node.id}\n`;
  const description = node.description;
  if (description !== undefined) text += ifNotEmpty((v) => `Hostname\t: ${v}\n`, description.hostname);
  const labels = Object.keys(node.spec.labels).sort(compareStrings);
  if (labels.length > 0) text += `Node Labels\t:${labels.map((k) => ` ${k}=${node.spec.labels[k] ?? ''}`).join('')}\n`;
  text += 'Status:\t\n';
  text += `  State\t: ${upper(node.status.state)}\n`;
  text += ifNotEmpty((v) => `  Message\t: ${v}\n`, node.status.message);
  text += `  Availability\t: ${upper(node.spec.availability)}\n`;
  text += ifNotEmpty((v) => `  Address\t: ${v}\n`, node.status.addr);
  const manager = node.managerStatus;
  if (manager !== undefined) {
    text += 'Manager status:\t\n';
    text += ifNotEmpty((v) => `  Address\t: ${v}\n`, manager.addr);
    text += `  Raft status\t: ${upper(manager.reachability)}\n`;
    text += `  Leader\t: ${manager.leader ? 'yes' : 'no'}\n`;
  }
  if (description !== undefined) {
    text += `Platform:\t\n  Operating System\t: ${description.platform.os}\n  Architecture\t: ${description.platform.architecture}\n`;
    text += `Resources:\t\n  CPUs\t: ${Math.trunc(description.resources.nanoCPUs / 1e9)}\n  Memory\t: ${iBytes(description.resources.memoryBytes)}\n  Generic Resources:\t\n`;
    text += 'Plugins:\t\n';
    text += ifNotEmpty((v) => `Engine Version\t: ${v}\n`, description.engine.engineVersion);
    const engineLabels = Object.keys(description.engine.labels).sort(compareStrings);
    if (engineLabels.length > 0) text += `Engine Labels\t:${engineLabels.map((k) => ` ${k}=${description.engine.labels[k] ?? ''}`).join('')}\n`;
  }
  return tabwrite(text, SUMMARY);
}

/** `task inspect` summary block (`printTaskSummary`); container details are not modelled. */
export function renderTaskSummary(task: Task, names: Names): string {
  let text = `ID\t: ${task.id}\nSlot\t: ${task.slot}\nService\t: ${names.service(task.serviceId)}\n`;
  text += `Status\t\n  Desired State\t: ${upper(task.desiredState)}\n  Last State\t: ${upper(task.status.state)}\n`;
  text += `  Timestamp\t: ${goTimeJson(task.status.timestamp)}\n`;
  text += ifNotEmpty((v) => `  Message\t: ${v}\n`, task.status.message);
  text += ifNotEmpty((v) => `  Error\t: ${v}\n`, task.status.err);
  text += `Node\t: ${names.node(task.nodeId)}\n`;
  text += 'Spec\t\n';
  text += ifNotEmpty((v) => `  Image\t: ${v}\n`, task.spec.image);
  text += ifNotEmpty((v) => `  Args\t: [${v}]\n`, (task.spec.args ?? []).join(', '));
  text += ifNotEmpty((v) => `  Env\t: [${v}]\n`, (task.spec.env ?? []).join(', '));
  return tabwrite(text, SUMMARY);
}
