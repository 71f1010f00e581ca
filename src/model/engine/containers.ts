/**
 * The containers a node's engine holds for its swarm tasks, as `docker ps -a`
 * lists them (swarmctl-and-docker-ps.md §6): one container per task, named
 * `<service>.<slot>.<taskID>` (global: `<service>.<nodeID>.<taskID>`),
 * created when the task is prepared (READY), `Up` while RUNNING, `Exited
 * (<code>)` once the task ends or is shut down, and kept: the container goes
 * away when the task is deleted from the store (the reaper's history limit,
 * a removed service), which `visibleContainers` in commands/container-commands.ts
 * applies when listing.
 *
 * The transitions are a pure function of the agent's status reports
 * (`containerOnStatus`); `ContainerBook` is the per-node map the agent driver
 * (engine/tasks.ts) feeds. Modelling choices: a graceful stop exits 0 (the
 * stop grace period is not modelled); a daemon crash leaves running
 * containers `Exited (255)` (what dockerd shows after an unclean host
 * restart); a task the restarted agent runs again restarts its container.
 * Container IDs are 64 hex digits from the node's own seeded stream.
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros, Rng } from '../../sim/types.js';
import { normalizeImageRef } from '../agent/images.js';
import type { Labels, PortConfig, Task, TaskStatus } from '../store/objects.js';
import { containerCommand, imageConfig } from './image-config.js';
import type { TaskAssignment } from './rpc.js';

export type ContainerState = 'created' | 'running' | 'exited';

/** One entry of the container's port list (moby `container.PortSummary`); `ip` '' = exposed only. */
export interface ContainerPort {
  readonly ip: string;
  readonly privatePort: number;
  readonly publicPort: number;
  readonly type: 'tcp' | 'udp' | 'sctp';
}

/** What the engine knows of the task when it creates the container. */
export interface ContainerMeta {
  readonly taskId: string;
  readonly name: string;
  readonly image: string;
  readonly path: string;
  readonly args: readonly string[];
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /** `ingress` when the service publishes a port through the routing mesh, else `bridge`. */
  readonly network: string;
}

export interface Container extends ContainerMeta {
  /** 64 hex digits. */
  readonly id: string;
  readonly state: ContainerState;
  readonly createdUs: Micros;
  readonly startedUs?: Micros;
  readonly finishedUs?: Micros;
  readonly exitCode: number;
}

const SWARM_LABEL = 'com.docker.swarm';
const STACK_NAMESPACE_LABEL = 'com.docker.stack.namespace';

/** `naming.Task`: slot, or the node ID for a global task (slot 0). */
export function containerName(serviceName: string, task: Pick<Task, 'id' | 'slot' | 'nodeId'>): string {
  return `${serviceName}.${task.slot === 0 ? task.nodeId : String(task.slot)}.${task.id}`;
}

/** moby `container.go#labels`: the stack's namespace (compose sets it on the container spec), then the system labels. */
export function containerLabels(serviceName: string, serviceLabels: Labels, task: Pick<Task, 'id' | 'slot' | 'nodeId' | 'serviceId'>): Labels {
  const labels: Record<string, string> = {};
  const namespace = serviceLabels[STACK_NAMESPACE_LABEL];
  if (namespace !== undefined) labels[STACK_NAMESPACE_LABEL] = namespace;
  labels[`${SWARM_LABEL}.node.id`] = task.nodeId;
  labels[`${SWARM_LABEL}.service.id`] = task.serviceId;
  labels[`${SWARM_LABEL}.service.name`] = serviceName;
  labels[`${SWARM_LABEL}.task`] = '';
  labels[`${SWARM_LABEL}.task.id`] = task.id;
  labels[`${SWARM_LABEL}.task.name`] = containerName(serviceName, task);
  return labels;
}

/**
 * Ports on the task container: host-mode published ports are bound on the
 * node (`0.0.0.0` and `::`); ingress ports bind nothing, so only the image's
 * exposed ports show.
 */
export function containerPorts(image: string, endpoint: readonly PortConfig[]): ContainerPort[] {
  const ports: ContainerPort[] = imageConfig(image).exposed.map((p) => ({ ip: '', privatePort: p.port, publicPort: 0, type: p.protocol }));
  for (const port of endpoint) {
    if (port.publishMode !== 'host' || port.publishedPort === 0) continue;
    const base = { privatePort: port.targetPort, publicPort: port.publishedPort, type: port.protocol };
    ports.push({ ip: '0.0.0.0', ...base }, { ip: '::', ...base });
  }
  return ports;
}

/** The container an assignment will get (undefined when the push carries no task). */
export function metaOf(assignment: TaskAssignment, serviceLabels: Labels = {}): ContainerMeta | undefined {
  const task = assignment.task;
  if (task === undefined) return undefined;
  const serviceName = assignment.serviceName ?? '';
  const image = normalizeImageRef(task.spec.image);
  const command = containerCommand(image, task.spec.args);
  return {
    taskId: task.id,
    name: containerName(serviceName, task),
    image,
    path: command.path,
    args: command.args,
    labels: containerLabels(serviceName, serviceLabels, task),
    ports: containerPorts(image, task.endpoint.ports),
    network: task.endpoint.ports.some((port) => port.publishMode === 'ingress' && port.publishedPort !== 0) ? 'ingress' : 'bridge',
  };
}

/**
 * The container after the agent reported `status` for its task; undefined
 * while there is none (before READY, or a task rejected before it was created).
 */
export function containerOnStatus(existing: Container | undefined, meta: ContainerMeta, status: TaskStatus, newId: () => string): Container | undefined {
  const at = status.timestamp;
  const created = (): Container => existing ?? { ...meta, id: newId(), state: 'created', createdUs: at, exitCode: 0 };
  switch (status.state) {
    case 'ready':
    case 'starting':
      return created();
    case 'running': {
      const { finishedUs: _finished, ...base } = created();
      return { ...base, state: 'running', startedUs: at, exitCode: 0 };
    }
    case 'complete':
    case 'failed':
    case 'rejected':
      if (existing === undefined || existing.state === 'exited') return existing;
      return { ...existing, state: 'exited', finishedUs: at, exitCode: status.exitCode ?? 0 };
    case 'shutdown':
      if (existing?.state !== 'running') return existing;
      return { ...existing, state: 'exited', finishedUs: at, exitCode: 0 };
    default:
      return existing;
  }
}

/** The daemon died: running containers are dead (dockerd restores them as `Exited (255)`); a clean daemon stop passes 0. */
export function containerOnCrash(container: Container, nowUs: Micros, exitCode = 255): Container {
  return container.state === 'running' ? { ...container, state: 'exited', finishedUs: nowUs, exitCode } : container;
}

const HEX = '0123456789abcdef';

export function newContainerId(rng: Rng): string {
  let id = '';
  for (let i = 0; i < 64; i++) id += HEX[rng.intBelow(16)] as string;
  return id;
}

/** One node's containers, keyed by task ID. */
export class ContainerBook {
  private readonly containers = new Map<string, Container>();
  private readonly metas = new Map<string, ContainerMeta>();

  constructor(private readonly rng: Rng) {}

  /** The dispatcher's task set: remember how each task's container is named. */
  onAssignments(tasks: readonly TaskAssignment[]): void {
    // A task no longer assigned that never got a container never will.
    const listed = new Set(tasks.map((task) => task.id));
    for (const taskId of [...this.metas.keys()]) if (!listed.has(taskId) && !this.containers.has(taskId)) this.metas.delete(taskId);
    for (const assignment of tasks) {
      if (this.metas.has(assignment.id)) continue;
      const meta = metaOf(assignment, assignment.serviceLabels);
      if (meta !== undefined) this.metas.set(assignment.id, meta);
    }
  }

  onStatus(taskId: string, status: TaskStatus): void {
    const meta = this.metas.get(taskId);
    if (meta === undefined) return;
    const next = containerOnStatus(this.containers.get(taskId), meta, status, () => newContainerId(this.rng));
    if (next !== undefined) this.containers.set(taskId, next);
  }

  onCrash(nowUs: Micros, exitCode = 255): void {
    for (const [taskId, container] of this.containers) this.containers.set(taskId, containerOnCrash(container, nowUs, exitCode));
  }

  /** The node left the swarm: its task containers are removed. */
  clear(): void {
    this.containers.clear();
    this.metas.clear();
  }

  /** Every container, by task ID order. */
  list(): Container[] {
    return [...this.containers.keys()].sort(compareStrings).map((taskId) => this.containers.get(taskId) as Container);
  }
}
