/** Small builders for scheduler and orchestrator tests (plain data, no kernel). */
import type { Micros } from '../../../src/sim/types.js';
import type {
  Node,
  NodeAvailability,
  NodeRole,
  NodeState,
  PortConfig,
  Service,
  ServiceSpec,
  Task,
  TaskSpec,
  TaskState,
} from '../../../src/model/store/objects.js';
import { type SchedulerEffect, type SchedulerState, INITIAL_SCHEDULER_STATE, step } from '../../../src/model/scheduler/index.js';

export const us = (n: number): Micros => n as Micros;
export const SECOND = 1_000_000;

export interface NodeOptions {
  readonly state?: NodeState;
  readonly availability?: NodeAvailability;
  readonly role?: NodeRole;
  readonly labels?: Record<string, string>;
  readonly engineLabels?: Record<string, string>;
  readonly hostname?: string;
  readonly nanoCPUs?: number;
  readonly memoryBytes?: number;
  readonly os?: string;
  readonly arch?: string;
  readonly addr?: string;
  readonly noDescription?: boolean;
}

export function node(id: string, o: NodeOptions = {}): Node {
  return {
    id,
    version: 1,
    createdAt: us(0),
    updatedAt: us(0),
    role: o.role ?? 'worker',
    spec: { labels: o.labels ?? {}, role: o.role ?? 'worker', availability: o.availability ?? 'active' },
    status: { state: o.state ?? 'ready', message: '', addr: o.addr ?? '10.0.0.1' },
    ...(o.noDescription
      ? {}
      : {
          description: {
            hostname: o.hostname ?? id,
            platform: { os: o.os ?? 'linux', architecture: o.arch ?? 'x86_64' },
            resources: { nanoCPUs: o.nanoCPUs ?? 4e9, memoryBytes: o.memoryBytes ?? 8e9 },
            engine: { engineVersion: '28.0.0', labels: o.engineLabels ?? {} },
          },
        }),
  };
}

export interface SpecOptions {
  readonly image?: string;
  readonly constraints?: string[];
  readonly spread?: string[];
  readonly maxReplicas?: number;
  readonly reserveMemory?: number;
  readonly reserveCPUs?: number;
  readonly platforms?: { os: string; architecture: string }[];
  readonly condition?: 'none' | 'on-failure' | 'any';
  readonly delayUs?: number;
  readonly maxAttempts?: number;
  readonly windowUs?: number;
}

export function taskSpec(o: SpecOptions = {}): TaskSpec {
  return {
    image: o.image ?? 'nginx:latest',
    resources: {
      limits: { nanoCPUs: 0, memoryBytes: 0 },
      reservations: { nanoCPUs: o.reserveCPUs ?? 0, memoryBytes: o.reserveMemory ?? 0 },
    },
    restartPolicy: {
      condition: o.condition ?? 'any',
      delayUs: us(o.delayUs ?? 5 * SECOND),
      maxAttempts: o.maxAttempts ?? 0,
      windowUs: us(o.windowUs ?? 0),
    },
    placement: {
      constraints: o.constraints ?? [],
      preferences: (o.spread ?? []).map((spread) => ({ spread })),
      platforms: o.platforms ?? [],
      maxReplicas: o.maxReplicas ?? 0,
    },
  };
}

export function service(
  id: string,
  o: SpecOptions & { replicas?: number; global?: boolean; specVersion?: number; ports?: PortConfig[] } = {},
): Service {
  const spec: ServiceSpec = {
    name: id,
    labels: {},
    task: taskSpec(o),
    mode: o.global ? { kind: 'global' } : { kind: 'replicated', replicas: o.replicas ?? 1 },
    endpoint: { ports: o.ports ?? [] },
  };
  return { id, version: 1, createdAt: us(0), updatedAt: us(0), spec, specVersion: o.specVersion ?? 1 };
}

export interface TaskOptions {
  readonly slot?: number;
  readonly nodeId?: string;
  readonly state?: TaskState;
  readonly desired?: TaskState;
  readonly specVersion?: number;
  readonly spec?: TaskSpec;
  readonly ports?: PortConfig[];
  readonly timestampUs?: number;
  readonly err?: string;
}

export function task(id: string, serviceId: string, o: TaskOptions = {}): Task {
  return {
    id,
    version: 1,
    createdAt: us(o.timestampUs ?? 0),
    updatedAt: us(o.timestampUs ?? 0),
    serviceId,
    slot: o.slot ?? 0,
    nodeId: o.nodeId ?? '',
    spec: o.spec ?? taskSpec(),
    specVersion: o.specVersion ?? 1,
    endpoint: { ports: o.ports ?? [] },
    desiredState: o.desired ?? 'running',
    status: { state: o.state ?? 'pending', timestamp: us(o.timestampUs ?? 0), message: '', err: o.err ?? '' },
  };
}

/** `n` pending tasks of a service with slots 1..n (IDs `<prefix>-<slot>`, zero-padded). */
export function pendingTasks(s: Service, n: number, prefix = s.id, firstSlot = 1): Task[] {
  return Array.from({ length: n }, (_, i) =>
    task(`${prefix}-${String(firstSlot + i).padStart(4, '0')}`, s.id, { slot: firstSlot + i, spec: s.spec.task, specVersion: s.specVersion, ports: [...s.spec.endpoint.ports] }),
  );
}

/** Apply scheduler effects to a task list (what the wiring's store update does). */
export function applySchedulerEffects(tasks: readonly Task[], effects: readonly SchedulerEffect[]): Task[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  for (const e of effects) {
    const t = byId.get(e.taskId);
    if (!t) continue;
    byId.set(e.taskId, { ...t, nodeId: e.kind === 'assignTask' ? e.nodeId : t.nodeId, status: e.status });
  }
  return tasks.map((t) => byId.get(t.id) as Task);
}

export interface Run {
  state: SchedulerState;
  tasks: Task[];
  effects: readonly SchedulerEffect[];
}

/** One scheduler tick over nodes/services/tasks, effects applied. */
export function tick(
  nodes: readonly Node[],
  services: readonly Service[],
  tasks: readonly Task[],
  state: SchedulerState = INITIAL_SCHEDULER_STATE,
  nowUs = 0,
): Run {
  const result = step(state, { kind: 'tick', nowUs: us(nowUs), nodes, services, tasks });
  return { state: result.state, tasks: applySchedulerEffects(tasks, result.effects), effects: result.effects };
}

/** Count of tasks of `serviceId` per node (only assigned ones), sorted by node ID. */
export function countsByNode(tasks: readonly Task[], serviceId?: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of [...tasks].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0))) {
    if (t.nodeId === '' || (serviceId !== undefined && t.serviceId !== serviceId)) continue;
    out[t.nodeId] = (out[t.nodeId] ?? 0) + 1;
  }
  return out;
}

export function errOf(tasks: readonly Task[], id: string): string {
  return tasks.find((t) => t.id === id)?.status.err ?? '<missing>';
}

/**
 * The next snapshot of an ID-sorted task list as the store hands it over:
 * a task that did not change stays the same object (the store's snapshots
 * are immutable), so reference comparison finds what changed.
 */
export function reuseUnchanged(previous: readonly Task[], next: readonly Task[]): Task[] {
  const before = new Map(previous.map((t) => [t.id, t]));
  return next.map((t) => {
    const old = before.get(t.id);
    return old !== undefined && JSON.stringify(old) === JSON.stringify(t) ? old : t;
  });
}
