/**
 * Service invariants, checked after every event on the leader's store
 * (issue 6; swarm-services.md §4, §5, §8, §9, §10):
 * - `noTaskPlacedOnUnavailableNode`: when a task becomes ASSIGNED to a node
 *   (the scheduler's decision as committed), that node is Ready and Active —
 *   never Drain, Pause, Down or Unknown (the store re-checks the node when
 *   the assignment applies, as SwarmKit's scheduler re-checks the node
 *   version; an assignment to a node that stopped qualifying is skipped and
 *   the task stays PENDING);
 * - `slotsUnique`: a replicated service never has two tasks of one slot with
 *   desired state RUNNING (a replacement waits at READY until it starts),
 *   except the old and the new task of a start-first update or rollback;
 * - `runningTaskPassedConstraints`: a task observed RUNNING was, when it
 *   became ASSIGNED, on a Ready node that satisfied the service's placement
 *   constraints (judged against the node as the store held it then; a later
 *   label change does not make an old placement wrong, as in SwarmKit,
 *   which only re-checks through the constraint enforcer);
 * - `runningWithinDesired`: tasks desired and observed RUNNING never exceed
 *   the replica count (replicated; global: one per node) plus the update's
 *   allowance — `parallelism` (all replicas when 0) while a start-first
 *   update or rollback is under way (`updateStatus` not completed), else 0.
 *   The count is compared with the larger of the current spec and the spec
 *   the leader's orchestrator last committed decisions for (a scale-down is
 *   a write, the orchestrator's shutdowns the next one); right after a
 *   leader change, before its first committed pass, replicated services are
 *   not judged;
 * - `historyPerSlotWithinLimit`: an instance (replicated: service and slot;
 *   global: service and node) holds at most `limit` tasks, the current one
 *   included (`limit` = cluster task-history limit, default 5, or
 *   MaxAttempts + 1 when the service sets MaxAttempts; < 0 keeps all), with
 *   two allowances the reaper has: tasks it may not delete (neither terminal
 *   nor never-to-run) are kept whatever their number, and one task created
 *   since its last 250 ms tick.
 * Checked only when the leader's tasks, services or reconciled view changed
 * (snapshots are immutable, so a reference comparison tells).
 */
import { compareStrings } from '../sim/order.js';
import { DEFAULT_TASK_HISTORY_LIMIT, isTerminal, willNeverRun } from './reaper/index.js';
import { nodeMatchesExpressions } from './scheduler/index.js';
import type { Service, StoreObjects, Task } from './store/objects.js';
import type { SwarmWorld } from './world.js';

export const SERVICE_INVARIANTS = [
  ['noTaskPlacedOnUnavailableNode', 'A task is assigned only to a node that is Ready and Active at that moment.'],
  ['slotsUnique', 'A replicated service never has two tasks of one slot with desired state RUNNING, except the old and new task of a start-first update.'],
  ['runningTaskPassedConstraints', "Every running task's node was Ready and satisfied the service's constraints when the task was assigned."],
  ['runningWithinDesired', 'Running replicas never exceed the desired count plus the update allowance (start-first: parallelism).'],
  ['historyPerSlotWithinLimit', 'Tasks per slot (global: per node) never exceed the task-history limit, the current task included.'],
] as const;

export type ServiceInvariant = (typeof SERVICE_INVARIANTS)[number][0];

/** What the checks read: the leader's store and the store its orchestrator last committed decisions for. */
export interface ServiceCheckView {
  readonly store: StoreObjects;
  readonly reconciled: StoreObjects | undefined;
  readonly nowUs: number;
}

/** Extra running tasks an update may hold per service (or per node for global). */
export function updateAllowance(service: Service): number {
  const status = service.updateStatus?.state;
  if (status === undefined || status === 'completed' || status === 'rollback_completed') return 0;
  const rollingBack = status === 'rollback_started' || status === 'rollback_paused';
  const config = rollingBack ? service.spec.rollback : service.spec.update;
  if (config === undefined || config.order !== 'start-first') return 0;
  if (service.spec.mode.kind === 'global') return 1;
  return config.parallelism === 0 ? service.spec.mode.replicas : config.parallelism;
}

/** The history limit of a service's instances; < 0: unlimited. */
export function historyLimit(store: StoreObjects, service: Service): number {
  const maxAttempts = service.spec.task.restartPolicy.maxAttempts;
  if (maxAttempts > 0) return maxAttempts + 1;
  return store.cluster?.spec.orchestration.taskHistoryRetentionLimit ?? DEFAULT_TASK_HISTORY_LIMIT;
}

export class ServiceChecks {
  readonly current = new Map<string, string>();
  private seenTasks: StoreObjects['tasks'] | undefined;
  private seenServices: StoreObjects['services'] | undefined;
  private seenReconciled: StoreObjects | undefined;
  /** Verdict at assignment, per task: '' = passed, else why not. */
  private readonly placement = new Map<string, string>();

  constructor(
    private readonly world: SwarmWorld,
    private readonly enabled: boolean,
  ) {}

  afterEvent(): void {
    if (!this.enabled) return;
    const host = this.world.leader();
    const store = host?.app.store;
    if (host === undefined || store === undefined) return;
    const reconciled = this.world.engines.find((engine) => engine.raft === host)?.leadership?.services.reconciled;
    if (store.tasks === this.seenTasks && store.services === this.seenServices && reconciled === this.seenReconciled) return;
    const before = this.seenTasks;
    this.seenTasks = store.tasks;
    this.seenServices = store.services;
    this.seenReconciled = reconciled;
    for (const [name, detail] of checkStore({ store, reconciled, nowUs: this.world.sim.now }, before, this.placement)) {
      if (!this.current.has(name)) this.current.set(name, detail);
    }
  }
}

/**
 * Every invariant on one view of the leader's store; `before` is the tasks
 * record of the previous check (undefined: first), `placement` the verdicts
 * at assignment kept between checks. Returns the violations found.
 */
export function checkStore(
  view: ServiceCheckView,
  before: StoreObjects['tasks'] | undefined,
  placement: Map<string, string>,
): [ServiceInvariant, string][] {
  const { store, nowUs } = view;
  const found: [ServiceInvariant, string][] = [];
  const bySlot = new Map<string, string[]>();
  const running = new Map<string, number>();
  const instances = new Map<string, Task[]>();
  const ids = [...store.tasks.keys()].sort();
  for (const id of ids) {
    const task = store.tasks.get(id) as Task;
    const old = before?.get(id);
    const service = store.services[task.serviceId];
    if (task.status.state === 'assigned' && (old === undefined || old.status.state !== 'assigned')) {
      const node = store.nodes[task.nodeId];
      if (node === undefined || node.status.state !== 'ready' || node.spec.availability !== 'active') {
        const state = node === undefined ? 'missing' : `${node.status.state}/${node.spec.availability}`;
        found.push(['noTaskPlacedOnUnavailableNode', `task ${task.id} assigned to node ${task.nodeId} (${state}) at ${nowUs}us`]);
        placement.set(id, `node ${task.nodeId} was ${state}`);
      } else if (!nodeMatchesExpressions(task.spec.placement.constraints, node)) {
        placement.set(id, `node ${task.nodeId} does not satisfy ${task.spec.placement.constraints.join(', ')}`);
      } else {
        placement.set(id, '');
      }
    }
    if (task.status.state === 'running' && (old === undefined || old.status.state !== 'running')) {
      const verdict = placement.get(id);
      if (verdict !== undefined && verdict !== '') found.push(['runningTaskPassedConstraints', `task ${task.id} running at ${nowUs}us but at assignment ${verdict}`]);
    }
    if (task.slot > 0 && task.desiredState === 'running') {
      const key = `${task.serviceId}|${task.slot}`;
      const others = bySlot.get(key);
      // A start-first update (or rollback) starts the new task beside the old one, as SwarmKit's updater does.
      const decided = view.reconciled?.services[task.serviceId];
      const startFirst = service !== undefined && (updateAllowance(service) > 0 || (decided !== undefined && updateAllowance(decided) > 0));
      if (others !== undefined && others.length >= (startFirst ? 2 : 1)) {
        found.push(['slotsUnique', `tasks ${[...others, task.id].join(' and ')} all run slot ${task.slot} of service ${task.serviceId} at ${nowUs}us`]);
      }
      bySlot.set(key, [...(others ?? []), task.id]);
    }
    if (service === undefined) continue;
    const global = service.spec.mode.kind === 'global';
    if (task.desiredState === 'running' && task.status.state === 'running') {
      const key = global ? `${task.serviceId}|${task.nodeId}` : task.serviceId;
      running.set(key, (running.get(key) ?? 0) + 1);
    }
    const instance = global ? `${task.serviceId}|node ${task.nodeId}` : `${task.serviceId}|slot ${task.slot}`;
    let list = instances.get(instance);
    if (list === undefined) instances.set(instance, (list = []));
    list.push(task);
  }
  if (before !== undefined) for (const id of before.keys()) if (!store.tasks.has(id)) placement.delete(id);

  for (const [key, count] of [...running].sort((a, b) => compareStrings(a[0], b[0]))) {
    const [serviceId = '', nodeId] = key.split('|');
    const service = store.services[serviceId] as Service;
    let desired: number;
    let allowance = updateAllowance(service);
    if (service.spec.mode.kind === 'global') {
      desired = 1;
    } else {
      if (view.reconciled === undefined) continue;
      const decided = view.reconciled.services[serviceId];
      const decidedReplicas = decided?.spec.mode.kind === 'replicated' ? decided.spec.mode.replicas : 0;
      desired = Math.max(service.spec.mode.replicas, decidedReplicas);
      if (decided !== undefined) allowance = Math.max(allowance, updateAllowance(decided));
    }
    if (count > desired + allowance) {
      const where = nodeId === undefined ? '' : ` on node ${nodeId}`;
      found.push(['runningWithinDesired', `service ${service.spec.name} has ${count} running tasks${where}, desired ${desired} + allowance ${allowance}, at ${nowUs}us`]);
    }
  }

  for (const [instance, tasks] of instances) {
    const service = store.services[tasks[0]?.serviceId ?? ''] as Service;
    const limit = historyLimit(store, service);
    if (limit < 0) continue;
    const kept = tasks.filter((task) => !isTerminal(task) && !willNeverRun(task)).length;
    if (tasks.length > Math.max(limit, kept) + 1) {
      found.push(['historyPerSlotWithinLimit', `${service.spec.name} ${instance.split('|')[1] ?? ''} holds ${tasks.length} tasks, limit ${limit}, at ${nowUs}us`]);
    }
  }
  return found;
}
