/**
 * `docker service ls`, `service ps` (also `node ps`/`stack ps` tables), the
 * one-line outputs of create/scale/rm/update, from store objects
 * (swarm-services.md §12; docker-cli.md §4.4; docker/cli
 * `cli/command/service/{list,formatter}.go`, `cli/command/task/{print,formatter}.go`).
 *
 * Modelling decisions: rows with equal names sort by CreatedAt (newest first)
 * then task ID; `service ls` sorts by natural name then ID. Host-mode ports in
 * `service ps` PORTS are shown for tasks in RUNNING (the agent's PortStatus).
 * The PORTS of `service ls` come from the caller's endpoint ports (the
 * allocated ones), defaulting to the spec's.
 */
import { compareNatural, compareStrings } from '../../../sim/order.js';
import type { Micros } from '../../../sim/types.js';
import type { Node, PortConfig, Service, Task, TaskState } from '../../store/objects.js';
import { stripDigest } from '../../agent/images.js';
import { humanDuration, prettyPrint } from '../humanize.js';
import { renderTable } from '../tabwriter.js';

/** `stringid.TruncateID`. */
export function truncateId(id: string): string {
  return id.slice(0, 12);
}

/** docker formatter `Ellipsis(s, n)`: at most n display characters, the last one `…` when cut. */
export function ellipsis(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

// ---- service ls ----

export interface ServiceListRow {
  readonly service: Service;
  /** Tasks with observed RUNNING, whatever their desired state. */
  readonly running: number;
  /** Replicated: the replica count; global: tasks with desired RUNNING. */
  readonly desired: number;
  /** `Endpoint.Ports` (with allocated published ports); default the spec's ports. */
  readonly ports?: readonly PortConfig[];
}

/** `ListServiceStatuses`: running = observed RUNNING regardless of desired; desired = replicas, or (global) desired-RUNNING tasks. */
export function serviceListRow(service: Service, tasks: readonly Task[], ports?: readonly PortConfig[]): ServiceListRow {
  const own = tasks.filter((task) => task.serviceId === service.id);
  const running = own.filter((task) => task.status.state === 'running').length;
  const desired = service.spec.mode.kind === 'replicated' ? service.spec.mode.replicas : own.filter((task) => task.desiredState === 'running').length;
  return { service, running, desired, ...(ports !== undefined ? { ports } : {}) };
}

/** `serviceContext.Ports`: ingress ports only, consecutive ranges merged (`*:8080-8081->80-81/tcp`), joined by ", ". */
export function servicePortsCell(ports: readonly PortConfig[]): string {
  const ingress = ports
    .filter((port) => port.publishMode === 'ingress')
    .sort((a, b) => compareStrings(a.protocol, b.protocol) || a.publishedPort - b.publishedPort);
  const cells: string[] = [];
  let start: PortConfig | undefined;
  let end: PortConfig | undefined;
  const flush = (): void => {
    if (start === undefined || end === undefined) return;
    const published = start === end ? `${start.publishedPort}` : `${start.publishedPort}-${end.publishedPort}`;
    const target = start === end ? `${start.targetPort}` : `${start.targetPort}-${end.targetPort}`;
    cells.push(`*:${published}->${target}/${start.protocol}`);
  };
  for (const port of ingress) {
    if (end !== undefined && port.protocol === end.protocol && port.publishedPort === end.publishedPort + 1 && port.targetPort === end.targetPort + 1) {
      end = port;
      continue;
    }
    flush();
    start = port;
    end = port;
  }
  flush();
  return cells.join(', ');
}

export function sortServices<T extends { readonly service: Service }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => compareNatural(a.service.spec.name, b.service.spec.name) || compareStrings(a.service.id, b.service.id));
}

export function replicasCell(row: ServiceListRow): string {
  const max = row.service.spec.task.placement.maxReplicas;
  return `${row.running}/${row.desired}${max > 0 ? ` (max ${max} per node)` : ''}`;
}

/** `docker service ls` (and `stack services`): header always printed. */
export function renderServiceLs(rows: readonly ServiceListRow[]): string {
  const header = ['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'];
  const body = sortServices(rows).map((row) => [
    truncateId(row.service.id),
    row.service.spec.name,
    row.service.spec.mode.kind,
    replicasCell(row),
    stripDigest(row.service.spec.task.image),
    servicePortsCell(row.ports ?? row.service.endpoint?.ports ?? row.service.spec.endpoint.ports),
  ]);
  return renderTable([header, ...body]);
}

/** `service ls -q`: full IDs, same order. */
export function renderServiceLsQuiet(rows: readonly ServiceListRow[]): string {
  return sortServices(rows)
    .map((row) => `${row.service.id}\n`)
    .join('');
}

// ---- service ps / node ps / stack ps ----

export interface TaskTableContext {
  readonly nowUs: Micros;
  /** Services by ID (for names and global/replicated). */
  readonly services: Readonly<Record<string, Service>>;
  /** Nodes by ID (NODE column: Spec.Name, else hostname, else the ID). */
  readonly nodes: Readonly<Record<string, Node>>;
  readonly noTrunc?: boolean;
  readonly noResolve?: boolean;
}

/** `<service>.<slot>` or, for global tasks, `<service>.<full node ID>`. */
export function taskName(task: Task, service: Service | undefined): string {
  const name = service?.spec.name ?? task.serviceId;
  return task.slot === 0 ? `${name}.${task.nodeId}` : `${name}.${task.slot}`;
}

export function nodeCell(task: Task, context: TaskTableContext): string {
  if (task.nodeId === '') return '';
  if (context.noResolve === true) return task.nodeId;
  const node = context.nodes[task.nodeId];
  const name = node?.spec.name ?? '';
  if (name !== '') return name;
  const hostname = node?.description?.hostname ?? '';
  return hostname !== '' ? hostname : task.nodeId;
}

/** `CURRENT STATE`: `Running 5 seconds ago` (HumanDuration lower-cased). */
export function currentStateCell(task: Task, nowUs: Micros): string {
  return `${prettyPrint(task.status.state)} ${humanDuration(Math.max(0, nowUs - task.status.timestamp)).toLowerCase()} ago`;
}

export function errorCell(task: Task, noTrunc: boolean): string {
  const err = noTrunc ? task.status.err : ellipsis(task.status.err, 30);
  return err === '' ? '' : `"${err}"`;
}

export function taskPortsCell(task: Task): string {
  if (task.status.state !== 'running') return '';
  return task.endpoint.ports
    .filter((port) => port.publishMode === 'host' && port.publishedPort !== 0)
    .map((port) => `*:${port.publishedPort}->${port.targetPort}/${port.protocol}`)
    .join(',');
}

interface NamedTask {
  readonly task: Task;
  readonly name: string;
}

/** Natural name order, then newest first, then task ID. */
export function sortTasksForTable(tasks: readonly Task[], services: Readonly<Record<string, Service>>): NamedTask[] {
  return tasks
    .map((task) => ({ task, name: taskName(task, services[task.serviceId]) }))
    .sort((a, b) => compareNatural(a.name, b.name) || b.task.createdAt - a.task.createdAt || compareStrings(a.task.id, b.task.id));
}

/** The task table; a row whose name repeats the previous row's shows ` \_ <name>`. */
export function renderTaskTable(tasks: readonly Task[], context: TaskTableContext): string {
  const noTrunc = context.noTrunc === true;
  const header = ['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'];
  let previous = '';
  const rows = sortTasksForTable(tasks, context.services).map(({ task, name }) => {
    const shown = name === previous ? ` \\_ ${name}` : name;
    previous = name;
    return [
      noTrunc ? task.id : truncateId(task.id),
      shown,
      noTrunc ? task.spec.image : stripDigest(task.spec.image),
      nodeCell(task, context),
      prettyPrint(task.desiredState),
      currentStateCell(task, context.nowUs),
      errorCell(task, noTrunc),
      taskPortsCell(task),
    ];
  });
  return renderTable([header, ...rows]);
}

/** `-q`: task IDs (truncated unless `--no-trunc`), table order. */
export function renderTaskTableQuiet(tasks: readonly Task[], context: TaskTableContext): string {
  return sortTasksForTable(tasks, context.services)
    .map(({ task }) => `${context.noTrunc === true ? task.id : truncateId(task.id)}\n`)
    .join('');
}

/** `--filter desired-state=running|shutdown|accepted` (several values: any of them). */
export function filterTasksByDesiredState(tasks: readonly Task[], states: readonly string[]): Task[] {
  if (states.length === 0) return [...tasks];
  return tasks.filter((task) => states.includes(task.desiredState as TaskState));
}

// ---- one-line outputs ----

/** `service create`: the full ID (after any warnings on stderr). */
export function renderServiceCreated(serviceId: string): string {
  return `${serviceId}\n`;
}

/** `service scale`: `<arg> scaled to <n>` per success, the argument as typed. */
export function renderServiceScaled(ref: string, replicas: number): string {
  return `${ref} scaled to ${replicas}\n`;
}

/** `service rm` / `service update` / `service rollback`: the argument as typed. */
export function renderServiceEcho(ref: string): string {
  return `${ref}\n`;
}

/** The registry-digest warning `service create` prints to stderr (docker-cli.md §5): the block, then an empty line. */
export function renderDigestWarning(image: string): string {
  return `image ${image} could not be accessed on a registry to record\nits digest. Each node will access ${image} independently,\npossibly leading to different nodes running different\nversions of the image.\n\n`;
}
