/**
 * `docker ps` / `docker container ls` on the engine it runs on: that node's
 * task containers (engine/containers.ts), which any node lists, manager or
 * not. A container whose task the cluster's store no longer has is gone (the
 * agent removes it when the deletion reaches it; here it disappears with the
 * deletion itself). Order, filters and errors as moby's `daemon/list.go`
 * (swarmctl-and-docker-ps.md §5.5).
 */
import type { Micros } from '../../sim/types.js';
import type { CliOutput } from '../docker/errors.js';
import { renderContainerTable, renderContainersFormatted } from '../docker/render/containers.js';
import type { ContainerLsRequest, FilterTerm } from '../docker/requests.js';
import type { Container } from '../engine/containers.js';
import type { Engine } from '../engine/engine.js';
import type { StoreObjects } from '../store/objects.js';
import type { SwarmWorld } from '../world.js';
import type { CommandContext } from './context.js';

const FILTER_KEYS = new Set(['ancestor', 'before', 'exited', 'id', 'isolation', 'label', 'name', 'status', 'health', 'since', 'volume', 'network', 'is-task', 'publish', 'expose']);
const MODELLED_KEYS = new Set(['id', 'label', 'name', 'status', 'exited', 'is-task']);
const STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

function daemonError(message: string): CliOutput {
  return { stdout: '', stderr: `Error response from daemon: ${message}\n`, exitCode: 1 };
}

/**
 * The store of the node's cluster that decides which tasks still exist: the
 * leader's when there is one, else the most advanced manager copy (no
 * deletion happens without a leader).
 */
export function clusterStore(world: SwarmWorld, engine: Engine): StoreObjects | undefined {
  const clusterId = engine.membership.clusterId;
  let best: { store: StoreObjects; leader: boolean; term: number; index: number } | undefined;
  for (const other of world.engines) {
    const host = other.raft;
    if (host === undefined || clusterId === '' || other.membership.clusterId !== clusterId) continue;
    const leader = host.raft?.role === 'leader';
    const term = host.raft?.term ?? 0;
    const candidate = { store: host.app.store, leader, term, index: host.app.index };
    if (
      best === undefined ||
      (leader && (!best.leader || term > best.term)) ||
      (!best.leader && !leader && candidate.index > best.index)
    ) {
      best = candidate;
    }
  }
  return best?.store;
}

/** The node's containers whose tasks still exist, newest created first (ties: container ID). */
export function visibleContainers(world: SwarmWorld, engine: Engine): Container[] {
  const store = clusterStore(world, engine);
  return engine.tasks.containers
    .list()
    .filter((container) => store?.tasks.has(container.taskId) === true)
    .sort((a, b) => b.createdUs - a.createdUs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

type Filter = (container: Container) => boolean;

function termFilter(term: FilterTerm): Filter | CliOutput {
  const { key, value } = term;
  switch (key) {
    case 'id':
      return (c) => c.id.startsWith(value);
    case 'name': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(value);
      } catch {
        return daemonError(`invalid filter 'name=${value}'`);
      }
      return (c) => pattern.test(c.name) || pattern.test(`/${c.name}`);
    }
    case 'label': {
      const eq = value.indexOf('=');
      const name = eq < 0 ? value : value.slice(0, eq);
      return eq < 0 ? (c) => name in c.labels : (c) => c.labels[name] === value.slice(eq + 1);
    }
    case 'status':
      if (!STATES.includes(value)) return daemonError(`invalid filter 'status=${value}': invalid value for state (${value}): must be one of ${STATES.join(', ')}`);
      return (c) => c.state === value;
    case 'exited': {
      const code = Number(value);
      if (!/^-?\d+$/.test(value)) return daemonError(`invalid filter 'exited=${value}'`);
      return (c) => c.state === 'exited' && c.exitCode === code;
    }
    case 'is-task':
      if (value !== 'true' && value !== 'false') return daemonError(`invalid filter 'is-task=${value}'`);
      return () => value === 'true';
    default:
      return daemonError(`invalid filter '${key}'`);
  }
}

/** Same key OR-ed, different keys AND-ed. */
function buildFilter(terms: readonly FilterTerm[]): Filter | CliOutput {
  const byKey = new Map<string, Filter[]>();
  for (const term of terms) {
    const key = term.key.toLowerCase();
    if (!FILTER_KEYS.has(key)) return daemonError(`invalid filter '${key}'`);
    if (!MODELLED_KEYS.has(key)) return { stdout: '', stderr: `swarmsim: docker ps --filter ${key}=… is not modelled (id, name, label, status, exited, is-task are)\n`, exitCode: 2 };
    const filter = termFilter({ key, value: term.value });
    if (typeof filter !== 'function') return filter;
    byKey.set(key, [...(byKey.get(key) ?? []), filter]);
  }
  const groups = [...byKey.values()];
  return (container) => groups.every((group) => group.some((filter) => filter(container)));
}

export function containerLs(ctx: CommandContext, request: ContainerLsRequest): void {
  const filter = buildFilter(request.filters);
  if (typeof filter !== 'function') return ctx.finish(filter);
  const statusFiltered = request.filters.some((term) => term.key.toLowerCase() === 'status');
  const all = request.all || statusFiltered || request.last > 0;
  let containers = visibleContainers(ctx.world, ctx.engine).filter((c) => (all || c.state === 'running') && filter(c));
  if (request.last > 0) containers = containers.slice(0, request.last);
  const options = { nowUs: ctx.sim.now as Micros, noTrunc: request.noTrunc };
  const format = request.format ?? '';
  let warning = '';
  if (format !== '' && request.quiet) warning = 'WARNING: Ignoring custom format, because both --format and --quiet are set.\n';
  if (format === '' || format === 'table' || request.quiet) {
    const stdout = renderContainerTable(containers, { ...options, quiet: request.quiet, size: request.size });
    return ctx.finish({ stdout, stderr: warning, exitCode: 0 });
  }
  ctx.finish(renderContainersFormatted(format, containers, options));
}
