/**
 * `docker node ls`, `node ls -q`, `node inspect --pretty` and `node inspect`
 * (JSON), from store objects (docker-cli.md §3, swarm-behaviour.md §4;
 * templates in docker/cli `cli/command/node/formatter.go`).
 *
 * Modelling decisions: rows sort by natural hostname order then node ID (the
 * CLI's `sort.Slice` is unstable, swarm-behaviour.md §7 #12). TLS info and
 * engine plugins are not modelled: `--pretty` prints no `Plugins:` or
 * `TLS Info:` block, and the JSON has `"TLSInfo": {}` and no `Plugins`.
 */
import { compareNatural, compareStrings, sortedEntries } from '../../../sim/order.js';
import type { Micros } from '../../../sim/types.js';
import type { Labels, Node } from '../../store/objects.js';
import { bytesSize, DEFAULT_EPOCH_UNIX_SECONDS, goTimeJson, goTimeString, prettyPrint } from '../humanize.js';
import type { JsonObject, JsonValue } from '../json.js';
import { jsonObject, renderJson } from '../json.js';
import { renderTable } from '../tabwriter.js';

export interface NodeRenderContext {
  /** The node the CLI talks to (`/info` NodeID); '' when unknown. */
  readonly selfNodeId: string;
  /** Wall-clock Unix seconds that simulated time 0 stands for. */
  readonly epochUnixSeconds?: number;
}

/** `node ls` order: natural hostname order (`node2` < `node10`), then node ID. */
export function sortNodesForList(nodes: readonly Node[]): Node[] {
  return [...nodes].sort((a, b) => compareNatural(hostname(a), hostname(b)) || compareStrings(a.id, b.id));
}

export function hostname(node: Node): string {
  return node.description?.hostname ?? '';
}

export function managerStatusCell(node: Node): string {
  if (node.managerStatus === undefined) return '';
  return node.managerStatus.leader ? 'Leader' : prettyPrint(node.managerStatus.reachability);
}

/** The table, header always printed: `ID  ` cell widths come from the tabwriter (minwidth 10, padding 3). */
export function renderNodeLs(nodes: readonly Node[], context: NodeRenderContext): string {
  const header = ['ID  ', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'ENGINE VERSION'];
  const rows = sortNodesForList(nodes).map((node) => [
    `${node.id} ${node.id === context.selfNodeId ? '*' : ' '}`,
    hostname(node),
    prettyPrint(node.status.state),
    prettyPrint(node.spec.availability),
    managerStatusCell(node),
    node.description?.engine.engineVersion ?? '',
  ]);
  return renderTable([header, ...rows]);
}

/** `node ls -q`: full IDs, one per line, same order, no header. */
export function renderNodeLsQuiet(nodes: readonly Node[]): string {
  return sortNodesForList(nodes)
    .map((node) => `${node.id}\n`)
    .join('');
}

function labelLines(labels: Labels): string {
  return sortedEntries(labels)
    .map(([key, value]) => `\n - ${key}${value !== '' ? `=${value}` : ''}`)
    .join('');
}

/** One node in `nodeInspectPrettyTemplate`, followed by '\n'. */
export function renderNodeInspectPretty(node: Node, context: NodeRenderContext): string {
  const epoch = context.epochUnixSeconds ?? DEFAULT_EPOCH_UNIX_SECONDS;
  const description = node.description;
  let text = `ID:\t\t\t${node.id}`;
  if (node.spec.name !== undefined && node.spec.name !== '') text += `\nName:\t\t\t${node.spec.name}`;
  if (Object.keys(node.spec.labels).length > 0) text += `\nLabels:${labelLines(node.spec.labels)}`;
  text += `\nHostname:              \t${hostname(node)}`;
  text += `\nJoined at:             \t${prettyPrint(goTimeString(node.createdAt, epoch))}`;
  text += `\nStatus:\n State:\t\t\t${prettyPrint(node.status.state)}`;
  if (node.status.message !== '') text += `\n Message:              \t${prettyPrint(node.status.message)}`;
  text += `\n Availability:         \t${prettyPrint(node.spec.availability)}`;
  if (node.status.addr !== '') text += `\n Address:\t\t${node.status.addr}`;
  if (node.managerStatus !== undefined) {
    text += `\nManager Status:\n Address:\t\t${node.managerStatus.addr}`;
    text += `\n Raft Status:\t\t${prettyPrint(node.managerStatus.reachability)}`;
    text += `\n Leader:\t\t${node.managerStatus.leader ? 'Yes' : 'No'}`;
  }
  text += `\nPlatform:\n Operating System:\t${description?.platform.os ?? ''}\n Architecture:\t\t${description?.platform.architecture ?? ''}`;
  const nanoCPUs = description?.resources.nanoCPUs ?? 0;
  const memory = description?.resources.memoryBytes ?? 0;
  text += `\nResources:\n CPUs:\t\t\t${Math.trunc(nanoCPUs / 1e9)}\n Memory:\t\t${memory === 0 ? '' : bytesSize(memory)}`;
  text += `\nEngine Version:\t\t${description?.engine.engineVersion ?? ''}`;
  const engineLabels = description?.engine.labels ?? {};
  if (Object.keys(engineLabels).length > 0) text += `\nEngine Labels:${labelLines(engineLabels)}`;
  return `${text}\n`;
}

/** `node inspect --pretty a b`: each node's block, no blank line between. */
export function renderNodeInspectPrettyAll(nodes: readonly Node[], context: NodeRenderContext): string {
  return nodes.map((node) => renderNodeInspectPretty(node, context)).join('');
}

function labelsJson(labels: Labels): JsonObject {
  return jsonObject(sortedEntries(labels));
}

function omitEmpty(key: string, value: string | number): readonly [string, JsonValue] | undefined {
  return value === '' || value === 0 ? undefined : [key, value];
}

/** The daemon's node JSON in Go struct field order (moby `api/types/swarm/node.go`). */
export function nodeJson(node: Node, epochUnixSeconds = DEFAULT_EPOCH_UNIX_SECONDS): JsonObject {
  const description = node.description;
  const engineLabels = description?.engine.labels ?? {};
  return jsonObject([
    ['ID', node.id],
    ['Version', jsonObject([['Index', node.version]])],
    ['CreatedAt', goTimeJson(node.createdAt as Micros, epochUnixSeconds)],
    ['UpdatedAt', goTimeJson(node.updatedAt as Micros, epochUnixSeconds)],
    [
      'Spec',
      jsonObject([
        omitEmpty('Name', node.spec.name ?? ''),
        ['Labels', labelsJson(node.spec.labels)],
        ['Role', node.spec.role],
        ['Availability', node.spec.availability],
      ]),
    ],
    [
      'Description',
      jsonObject([
        omitEmpty('Hostname', description?.hostname ?? ''),
        [
          'Platform',
          jsonObject([omitEmpty('Architecture', description?.platform.architecture ?? ''), omitEmpty('OS', description?.platform.os ?? '')]),
        ],
        [
          'Resources',
          jsonObject([omitEmpty('NanoCPUs', description?.resources.nanoCPUs ?? 0), omitEmpty('MemoryBytes', description?.resources.memoryBytes ?? 0)]),
        ],
        [
          'Engine',
          jsonObject([
            omitEmpty('EngineVersion', description?.engine.engineVersion ?? ''),
            Object.keys(engineLabels).length > 0 ? ['Labels', labelsJson(engineLabels)] : undefined,
          ]),
        ],
        ['TLSInfo', jsonObject([])],
      ]),
    ],
    ['Status', jsonObject([['State', node.status.state], omitEmpty('Message', node.status.message), omitEmpty('Addr', node.status.addr)])],
    node.managerStatus === undefined
      ? undefined
      : [
          'ManagerStatus',
          jsonObject([
            node.managerStatus.leader ? ['Leader', true] : undefined,
            ['Reachability', node.managerStatus.reachability],
            omitEmpty('Addr', node.managerStatus.addr),
          ]),
        ],
  ]);
}

/** `node inspect a b`: `[` … `]` with 4-space indentation and a final newline; `[]` when none found. */
export function renderNodeInspectJson(nodes: readonly Node[], context: NodeRenderContext): string {
  const epoch = context.epochUnixSeconds ?? DEFAULT_EPOCH_UNIX_SECONDS;
  return `${renderJson(nodes.map((node) => nodeJson(node, epoch)))}\n`;
}
