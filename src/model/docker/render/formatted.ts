/**
 * `--format` for the swarm list commands: the formatter contexts docker/cli
 * gives a template (`cli/command/node/formatter.go#nodeContext`,
 * `service/formatter.go#serviceContext`, `task/formatter.go#taskContext`,
 * `stack/list_formatter.go#stackContext`), their column names for `table`,
 * and the format switch of each command (`''` and `table` are the default
 * table, or `-q`; any other text is a template, `-q` then ignored).
 * Rows are in the order the default table uses.
 */
import { compareNatural } from '../../../sim/order.js';
import type { Micros } from '../../../sim/types.js';
import type { Node, Service, Task } from '../../store/objects.js';
import { stripDigest } from '../../agent/images.js';
import type { CliOutput } from '../errors.js';
import { renderWithFormat } from '../format.js';
import { prettyPrint } from '../humanize.js';
import { GoStruct } from '../template.js';
import { hostname, managerStatusCell, sortNodesForList } from './nodes.js';
import { serviceStack } from './stacks.js';
import {
  type ServiceListRow,
  type TaskTableContext,
  currentStateCell,
  errorCell,
  nodeCell,
  replicasCell,
  servicePortsCell,
  sortServices,
  sortTasksForTable,
  taskPortsCell,
  truncateId,
} from './services.js';

/** Is this `--format` value a custom template (not the default table)? */
export function isCustomFormat(format: string | undefined): format is string {
  return format !== undefined && format !== '' && format !== 'table';
}

const ok = (stdout: string): CliOutput => ({ stdout, stderr: '', exitCode: 0 });

export const NODE_HEADERS = {
  ID: 'ID',
  Self: '',
  Hostname: 'HOSTNAME',
  Status: 'STATUS',
  Availability: 'AVAILABILITY',
  ManagerStatus: 'MANAGER STATUS',
  EngineVersion: 'ENGINE VERSION',
  TLSStatus: 'TLS STATUS',
};

export function nodeContext(node: Node, selfNodeId: string): GoStruct {
  return new GoStruct('*node.nodeContext', {
    ID: () => node.id,
    Self: () => node.id === selfNodeId,
    Hostname: () => hostname(node),
    Status: () => prettyPrint(node.status.state),
    Availability: () => prettyPrint(node.spec.availability),
    ManagerStatus: () => managerStatusCell(node),
    TLSStatus: () => (node.description === undefined ? 'Unknown' : 'Ready'),
    EngineVersion: () => node.description?.engine.engineVersion ?? '',
  });
}

export function formatNodeLs(nodes: readonly Node[], selfNodeId: string, format: string): CliOutput {
  return renderWithFormat(format, sortNodesForList(nodes).map((node) => nodeContext(node, selfNodeId)), NODE_HEADERS);
}

export const SERVICE_HEADERS = { ID: 'ID', Name: 'NAME', Mode: 'MODE', Replicas: 'REPLICAS', Image: 'IMAGE', Ports: 'PORTS' };

export function serviceContext(row: ServiceListRow): GoStruct {
  const { service } = row;
  return new GoStruct('*service.serviceContext', {
    ID: () => truncateId(service.id),
    Name: () => service.spec.name,
    Mode: () => service.spec.mode.kind,
    Replicas: () => replicasCell(row),
    Image: () => stripDigest(service.spec.task.image),
    Ports: () => servicePortsCell(row.ports ?? service.endpoint?.ports ?? service.spec.endpoint.ports),
  });
}

export function formatServiceLs(rows: readonly ServiceListRow[], format: string): CliOutput {
  return renderWithFormat(format, sortServices(rows).map(serviceContext), SERVICE_HEADERS);
}

export const TASK_HEADERS = {
  ID: 'ID',
  Name: 'NAME',
  Image: 'IMAGE',
  Node: 'NODE',
  DesiredState: 'DESIRED STATE',
  CurrentState: 'CURRENT STATE',
  Error: 'ERROR',
  Ports: 'PORTS',
};

export function taskContext(task: Task, name: string, context: TaskTableContext): GoStruct {
  const noTrunc = context.noTrunc === true;
  return new GoStruct('*task.taskContext', {
    ID: () => (noTrunc ? task.id : truncateId(task.id)),
    Name: () => name,
    Image: () => (noTrunc ? task.spec.image : stripDigest(task.spec.image)),
    Node: () => nodeCell(task, context),
    DesiredState: () => prettyPrint(task.desiredState),
    CurrentState: () => currentStateCell(task, context.nowUs as Micros),
    Error: () => errorCell(task, noTrunc),
    Ports: () => taskPortsCell(task),
  });
}

/** `service ps` / `node ps` / `stack ps`: previous tasks of a slot are indented only in a table. */
export function formatTasks(tasks: readonly Task[], context: TaskTableContext, format: string): CliOutput {
  const indent = format.startsWith('table') ? ' \\_ ' : '';
  let previous = '';
  const rows = sortTasksForTable(tasks, context.services).map(({ task, name }) => {
    const shown = name === previous ? `${indent}${name}` : name;
    previous = name;
    return taskContext(task, shown, context);
  });
  return renderWithFormat(format, rows, TASK_HEADERS);
}

/** `stack ls`: one row per stack namespace with its service count, natural name order. */
export function formatStackLs(services: readonly Service[], format: string): CliOutput {
  const counts = new Map<string, number>();
  for (const service of services) {
    const stack = serviceStack(service);
    if (stack !== '') counts.set(stack, (counts.get(stack) ?? 0) + 1);
  }
  const rows = [...counts.entries()]
    .sort(([a], [b]) => compareNatural(a, b))
    .map(([name, count]) => new GoStruct('*stack.stackContext', { Name: () => name, Services: () => String(count) }));
  return renderWithFormat(format, rows, { Name: 'NAME', Services: 'SERVICES' });
}

/** The default output or the template's, for handlers: `render` gives the default text. */
export function withFormat(format: string | undefined, render: () => string, formatted: (format: string) => CliOutput): CliOutput {
  return isCustomFormat(format) ? formatted(format) : ok(render());
}
