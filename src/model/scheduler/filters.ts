/**
 * The filter pipeline in SwarmKit's order (`swarmkit manager/scheduler/filter.go`,
 * `pipeline.go#NewPipeline`; swarm-services.md §9.2):
 *
 *   ready (READY and ACTIVE) → resources → [plugins: not modelled] →
 *   constraints → platform → host ports → max replicas → [CSI volumes: not modelled]
 *
 * A filter is enabled for a task only when the task asks for it (no
 * reservations ⇒ no resource filter; unparsable constraints ⇒ no constraint
 * filter, as SwarmKit's `ConstraintFilter.SetTask` does).
 *
 * `Process(node)` counts a failure against the first failing filter and stops;
 * a node that passes resets every counter to 0 (SwarmKit's quirk, kept: the
 * explanation only counts failures since the last node that passed).
 * `Explain()` lists the filters with failures, most failures first, ties in
 * filter order, joined by "; ".
 */
import type { Platform, Task } from '../store/objects.js';
import { type Constraint, nodeMatches, parseConstraints } from './constraints.js';
import { type NodeInfo, activeCountOf, taskHostPorts } from './node-info.js';

export type FilterName = 'ready' | 'resources' | 'constraints' | 'platform' | 'hostPorts' | 'maxReplicas';

export interface Filter {
  readonly name: FilterName;
  /** SwarmKit's `Explain(nodes)` text. */
  explain(nodes: number): string;
  /** SwarmKit's `SetTask`: the check for this task, or undefined when the filter is disabled for it. */
  prepare(task: Task): ((info: NodeInfo) => boolean) | undefined;
}

function plural(nodes: number, one: string, many: (n: number) => string): string {
  return nodes === 1 ? one : many(nodes);
}

const readyFilter: Filter = {
  name: 'ready',
  explain: (n) => plural(n, '1 node not available for new tasks', (k) => `${k} nodes not available for new tasks`),
  prepare: () => (info) => info.node.status.state === 'ready' && info.node.spec.availability === 'active',
};

const resourceFilter: Filter = {
  name: 'resources',
  explain: (n) => plural(n, 'insufficient resources on 1 node', (k) => `insufficient resources on ${k} nodes`),
  prepare: (task) => {
    const { nanoCPUs, memoryBytes } = task.spec.resources.reservations;
    if (nanoCPUs === 0 && memoryBytes === 0) return undefined;
    return (info) => nanoCPUs <= info.availableNanoCPUs && memoryBytes <= info.availableMemoryBytes;
  },
};

const constraintFilter: Filter = {
  name: 'constraints',
  explain: (n) =>
    plural(n, 'scheduling constraints not satisfied on 1 node', (k) => `scheduling constraints not satisfied on ${k} nodes`),
  prepare: (task) => {
    const expressions = task.spec.placement.constraints;
    if (expressions.length === 0) return undefined;
    const parsed = parseConstraints(expressions);
    if (!parsed.ok) return undefined;
    const constraints: readonly Constraint[] = parsed.constraints;
    return (info) => nodeMatches(constraints, info.node);
  },
};

/** x86_64 ≡ amd64 and aarch64 ≡ arm64 (`filter.go#platformEqual`). */
function normaliseArch(arch: string): string {
  if (arch === 'x86_64') return 'amd64';
  if (arch === 'aarch64') return 'arm64';
  return arch;
}

export function platformEqual(wanted: Platform, node: Platform): boolean {
  const arch = normaliseArch(wanted.architecture);
  return (arch === '' || arch === normaliseArch(node.architecture)) && (wanted.os === '' || wanted.os === node.os);
}

const platformFilter: Filter = {
  name: 'platform',
  explain: (n) => plural(n, 'unsupported platform on 1 node', (k) => `unsupported platform on ${k} nodes`),
  prepare: (task) => {
    const platforms = task.spec.placement.platforms;
    if (platforms.length === 0) return undefined;
    return (info) => {
      const platform = info.node.description?.platform;
      return platform !== undefined && platforms.some((p) => platformEqual(p, platform));
    };
  },
};

const hostPortFilter: Filter = {
  name: 'hostPorts',
  explain: (n) =>
    plural(n, 'host-mode port already in use on 1 node', (k) => `host-mode port already in use on ${k} nodes`),
  prepare: (task) => {
    const ports = taskHostPorts(task);
    if (ports.length === 0) return undefined;
    return (info) => ports.every((key) => !info.usedHostPorts.has(key));
  },
};

const maxReplicasFilter: Filter = {
  name: 'maxReplicas',
  explain: () => 'max replicas per node limit exceed',
  prepare: (task) => {
    const max = task.spec.placement.maxReplicas;
    if (max <= 0) return undefined;
    return (info) => activeCountOf(info, task.serviceId) < max;
  },
};

/** In SwarmKit's order. */
export const FILTERS: readonly Filter[] = [
  readyFilter,
  resourceFilter,
  constraintFilter,
  platformFilter,
  hostPortFilter,
  maxReplicasFilter,
];

interface Entry {
  readonly filter: Filter;
  readonly check: ((info: NodeInfo) => boolean) | undefined;
  failures: number;
}

/** One task's pass through the filters, with SwarmKit's failure counters. */
export class Pipeline {
  private readonly entries: Entry[];

  constructor(task: Task, filters: readonly Filter[] = FILTERS) {
    this.entries = filters.map((filter) => ({ filter, check: filter.prepare(task), failures: 0 }));
  }

  /** The first failing filter's name, or undefined when the node passes; counts as `Process` does. */
  firstFailure(info: NodeInfo): FilterName | undefined {
    for (const entry of this.entries) {
      if (entry.check !== undefined && !entry.check(info)) {
        entry.failures++;
        return entry.filter.name;
      }
    }
    for (const entry of this.entries) entry.failures = 0;
    return undefined;
  }

  process(info: NodeInfo): boolean {
    return this.firstFailure(info) === undefined;
  }

  /** Side-effect-free check (for invariants and tests). */
  passes(info: NodeInfo): boolean {
    return this.entries.every((entry) => entry.check === undefined || entry.check(info));
  }

  explain(): string {
    const failing = this.entries
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => entry.failures > 0)
      .sort((a, b) => b.entry.failures - a.entry.failures || a.index - b.index);
    return failing.map(({ entry }) => entry.filter.explain(entry.failures)).join('; ');
  }
}

/** `scheduler.go#noSuitableNode`: Docker shows this as the task's error. */
export function noSuitableNodeText(explanation: string): string {
  return explanation === '' ? 'no suitable node' : `no suitable node (${explanation})`;
}
