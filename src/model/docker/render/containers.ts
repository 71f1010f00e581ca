/**
 * `docker ps` output (swarmctl-and-docker-ps.md §5; docker/cli
 * `formatter/container.go`): the default table, `-q`, and the
 * `ContainerContext` fields a `--format` template reads. Times come from the
 * virtual clock; CREATED is measured from the creation time floored to the
 * second (the API's `Created` is Unix seconds), STATUS from the exact start
 * or finish time, as the daemon computes it.
 */
import type { Micros } from '../../../sim/types.js';
import type { Container, ContainerPort } from '../../engine/containers.js';
import { goQuote } from '../goValues.js';
import { DEFAULT_EPOCH_UNIX_SECONDS, goTimeString, humanDuration } from '../humanize.js';
import { renderWithFormat } from '../format.js';
import type { CliOutput } from '../errors.js';
import { renderTable } from '../tabwriter.js';
import { GoStruct, type GoValue } from '../template.js';
import { stripDigest } from '../../agent/images.js';

const US_PER_SECOND = 1_000_000;

export interface ContainerListOptions {
  readonly nowUs: Micros;
  readonly noTrunc: boolean;
  readonly epochUnixSeconds?: number;
}

/** `State.String()`: `Up 8 seconds`, `Exited (1) 5 seconds ago`, `Created`. */
export function containerStatus(container: Container, nowUs: number): string {
  if (container.state === 'running') return `Up ${humanDuration(nowUs - (container.startedUs ?? container.createdUs))}`;
  if (container.state === 'exited') return `Exited (${container.exitCode}) ${humanDuration(nowUs - (container.finishedUs ?? container.createdUs))} ago`;
  return 'Created';
}

/** The daemon's `Command`: Path then args, an arg with a space wrapped in single quotes. */
export function daemonCommand(container: Pick<Container, 'path' | 'args'>): string {
  if (container.args.length === 0) return container.path;
  return `${container.path} ${container.args.map((arg) => (arg.includes(' ') ? `'${arg}'` : arg)).join(' ')}`;
}

/** formatter `Ellipsis`: longer than `max` display columns ⇒ the first max-1 and `…`. */
export function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function hostPort(ip: string, port: string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function comparePorts(a: ContainerPort, b: ContainerPort): number {
  if (a.privatePort !== b.privatePort) return a.privatePort - b.privatePort;
  if (a.ip !== b.ip) return ipLess(a.ip, b.ip) ? -1 : 1;
  if (a.publicPort !== b.publicPort) return a.publicPort - b.publicPort;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

/** netip.Addr.Less: the zero address first, then IPv4 before IPv6, then by value (the addresses used here are few). */
function ipLess(a: string, b: string): boolean {
  const rank = (ip: string): number => (ip === '' ? 0 : ip.includes(':') ? 2 : 1);
  if (rank(a) !== rank(b)) return rank(a) < rank(b);
  return a < b;
}

/** formatter `DisplayablePorts`: ranges of consecutive ports, then mappings to a different public port. */
export function displayablePorts(ports: readonly ContainerPort[]): string {
  const groups = new Map<string, { first: number; last: number }>();
  const order: string[] = [];
  const result: string[] = [];
  const mappings: string[] = [];
  for (const port of [...ports].sort(comparePorts)) {
    const current = port.privatePort;
    let key: string = port.type;
    if (port.ip !== '') {
      if (port.publicPort !== current) {
        mappings.push(`${hostPort(port.ip, String(port.publicPort))}->${port.privatePort}/${port.type}`);
        continue;
      }
      key = `${port.ip}/${port.type}`;
    }
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { first: current, last: current });
      order.push(key);
      continue;
    }
    if (current === group.last + 1) {
      group.last = current;
      continue;
    }
    result.push(formGroup(key, group.first, group.last));
    groups.set(key, { first: current, last: current });
  }
  for (const key of order) {
    const group = groups.get(key) as { first: number; last: number };
    result.push(formGroup(key, group.first, group.last));
  }
  return [...result, ...mappings].join(', ');
}

function formGroup(key: string, first: number, last: number): string {
  const slash = key.lastIndexOf('/');
  const ip = slash > 0 ? key.slice(0, slash) : '';
  const type = slash > 0 ? key.slice(slash + 1) : key;
  let group = first === last ? String(first) : `${first}-${last}`;
  if (ip !== '') group = `${hostPort(ip, group)}->${group}`;
  return `${group}/${type}`;
}

/** IMAGE: the reference without its digest (the tag kept); whole with --no-trunc. */
function imageColumn(container: Container, noTrunc: boolean): string {
  if (container.image === '') return '<no image>';
  return noTrunc ? container.image : stripDigest(container.image);
}

function labelsText(container: Container): string {
  return Object.entries(container.labels)
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join(',');
}

const STATE_NAMES: Readonly<Record<Container['state'], string>> = { created: 'created', running: 'running', exited: 'exited' };

/** The `ContainerContext` a template sees. */
export function containerContext(container: Container, options: ContainerListOptions): GoStruct {
  const epoch = options.epochUnixSeconds ?? DEFAULT_EPOCH_UNIX_SECONDS;
  const createdSecondUs = Math.floor(container.createdUs / US_PER_SECOND) * US_PER_SECOND;
  const fields: Record<string, () => GoValue> = {
    ID: () => (options.noTrunc ? container.id : container.id.slice(0, 12)),
    Names: () => container.name,
    Image: () => imageColumn(container, options.noTrunc),
    Command: () => goQuote(options.noTrunc ? daemonCommand(container) : ellipsis(daemonCommand(container), 20)),
    CreatedAt: () => goTimeString(createdSecondUs, epoch),
    RunningFor: () => `${humanDuration(options.nowUs - createdSecondUs)} ago`,
    Ports: () => displayablePorts(container.ports),
    State: () => STATE_NAMES[container.state],
    Status: () => containerStatus(container, options.nowUs),
    Size: () => '0B',
    Labels: () => labelsText(container),
    Mounts: () => '',
    LocalVolumes: () => '0',
    Networks: () => container.network,
    Platform: () => null,
    HealthStatus: () => '',
  };
  return new GoStruct('*formatter.ContainerContext', fields, {
    Label: { arity: 1, call: ([name]) => (typeof name === 'string' ? (container.labels[name] ?? '') : '') },
  });
}

export const CONTAINER_HEADERS: Readonly<Record<string, string>> = {
  ID: 'CONTAINER ID',
  Names: 'NAMES',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS',
  Platform: 'PLATFORM',
  HealthStatus: 'HEALTH STATUS',
};

/** The default table (or `-q`), rows in the order given. */
export function renderContainerTable(containers: readonly Container[], options: ContainerListOptions & { readonly quiet: boolean; readonly size: boolean }): string {
  const contexts = containers.map((container) => containerContext(container, options));
  const text = (context: GoStruct, name: string): string => String((context.fields[name] as () => GoValue)());
  if (options.quiet) return contexts.map((context) => `${text(context, 'ID')}\n`).join('');
  const columns = ['ID', 'Image', 'Command', 'RunningFor', 'Status', 'Ports', 'Names', ...(options.size ? ['Size'] : [])];
  const header = columns.map((name) => CONTAINER_HEADERS[name] as string);
  return renderTable([header, ...contexts.map((context) => columns.map((name) => text(context, name)))]);
}

/** `--format`: docker parses and runs the template once before asking the daemon, hence its own error prefixes. */
export function renderContainersFormatted(format: string, containers: readonly Container[], options: ContainerListOptions): CliOutput {
  return renderWithFormat(
    format,
    containers.map((container) => containerContext(container, options)),
    CONTAINER_HEADERS,
    { parsePrefix: 'failed to parse template: ', execPrefix: 'failed to execute template: ' },
  );
}
