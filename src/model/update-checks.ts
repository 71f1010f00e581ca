/**
 * Rolling-update invariants (issue 7), checked after every event against the
 * leader's store and its running updaters (manager/updates.ts):
 * - `updateParallelismNeverExceeded`: the tasks an update created that are
 *   live (desired at most RUNNING) and not yet RUNNING never outnumber its
 *   workers (the parallelism, or every dirty slot when it is 0);
 * - `updateRunningBound`: while an update or rollback of a replicated service
 *   is under way, its tasks observed and desired RUNNING never exceed the
 *   replicas (stop-first) or replicas + parallelism (start-first);
 * - `completedUpdateOnNewSpec` / `completedRollbackOnPreviousSpec`: when the
 *   status becomes `completed` (`rollback_completed`), every task observed and
 *   desired RUNNING carries the service's current spec (after a rollback,
 *   the previous one) — unless a task of that spec failed, since a tolerated
 *   failure (continue, or under the ratio) leaves a start-first slot on its
 *   old task, as in SwarmKit;
 * - `pausedStartsNothingNew`: once an update is `paused` or
 *   `rollback_paused`, its updater creates no task (the restart supervisor
 *   still replaces failed tasks, as SwarmKit's does).
 * The checks hold their memory per world (a WeakMap keyed by the world), and
 * do work only when the leader's store changed.
 */
import { compareStrings } from '../sim/order.js';
import type { Engine } from './engine/engine.js';
import type { Service, StoreObjects, Task } from './store/objects.js';
import { isTaskDirty } from './updater/dirty.js';
import type { UpdaterState } from './updater/types.js';
import type { SwarmWorld } from './world.js';
import { hostOf } from './raft-host/host.js';

export const UPDATE_INVARIANTS = [
  ['updateParallelismNeverExceeded', 'An update never has more of its new tasks starting at once than its parallelism.'],
  ['updateRunningBound', 'During an update, running tasks never exceed the replicas (stop-first) or replicas + parallelism (start-first).'],
  ['completedUpdateOnNewSpec', 'A completed update has every running task on the new spec.'],
  ['completedRollbackOnPreviousSpec', 'A completed rollback has every running task on the previous spec.'],
  ['pausedStartsNothingNew', 'A paused update creates no new task.'],
] as const;

type UpdateInvariant = (typeof UPDATE_INVARIANTS)[number][0];

class UpdateChecks {
  readonly current = new Map<UpdateInvariant, string>();
  private seenTasks: StoreObjects['tasks'] | undefined;
  private seenServices: StoreObjects['services'] | undefined;
  /** Service ID → how many tasks its updater had created when it was first seen paused. */
  private readonly pausedAt = new Map<string, number>();

  run(world: SwarmWorld): void {
    const leader = leaderOf(world);
    const store = leader?.raft?.app.store;
    if (leader === undefined || store === undefined) return;
    if (store.tasks === this.seenTasks && store.services === this.seenServices) return;
    const previousServices = this.seenServices;
    this.seenTasks = store.tasks;
    this.seenServices = store.services;
    const updaters = leader.leadership?.services.updates.active ?? new Map<string, UpdaterState>();
    const byService = new Map<string, Task[]>();
    for (const id of [...store.tasks.keys()].sort(compareStrings)) {
      const task = store.tasks.get(id) as Task;
      byService.set(task.serviceId, [...(byService.get(task.serviceId) ?? []), task]);
    }
    for (const id of Object.keys(store.services).sort(compareStrings)) {
      const service = store.services[id] as Service;
      const tasks = byService.get(id) ?? [];
      const updater = updaters.get(id);
      if (updater !== undefined) this.checkUpdater(service, tasks, updater);
      this.checkCompletion(service, previousServices?.[id], tasks, store);
    }
  }

  private fail(name: UpdateInvariant, detail: string): void {
    if (!this.current.has(name)) this.current.set(name, detail);
  }

  private checkUpdater(service: Service, tasks: readonly Task[], updater: UpdaterState): void {
    const workers = updater.settings?.workers ?? 0;
    const starting = tasks.filter((t) => updater.updatedTasks.has(t.id) && (t.desiredState === 'ready' || t.desiredState === 'running') && isBeforeRunning(t));
    if (starting.length > workers) {
      this.fail('updateParallelismNeverExceeded', `service ${service.spec.name}: ${starting.length} new tasks starting at once, parallelism allows ${workers}`);
    }
    const state = service.updateStatus?.state;
    if (service.spec.mode.kind === 'replicated' && (state === 'updating' || state === 'rollback_started') && updater.settings !== undefined) {
      const running = tasks.filter((t) => t.status.state === 'running' && t.desiredState === 'running').length;
      const allowed = service.spec.mode.replicas + (updater.settings.order === 'start-first' ? workers : 0);
      if (running > allowed) this.fail('updateRunningBound', `service ${service.spec.name}: ${running} running during a ${updater.settings.order} update of ${service.spec.mode.replicas} replicas`);
    }
    const created = updater.updatedTasks.size;
    if (state === 'paused' || state === 'rollback_paused') {
      const before = this.pausedAt.get(service.id);
      if (before === undefined) this.pausedAt.set(service.id, created);
      else if (created > before) this.fail('pausedStartsNothingNew', `service ${service.spec.name}: the updater created a task while ${state}`);
    } else this.pausedAt.delete(service.id);
  }

  private checkCompletion(service: Service, before: Service | undefined, tasks: readonly Task[], store: StoreObjects): void {
    const state = service.updateStatus?.state;
    if (state !== 'completed' && state !== 'rollback_completed') return;
    if (before?.updateStatus?.state === state) return;
    const current = tasks.filter((t) => t.specVersion === service.specVersion || !isTaskDirty(service, t, store.nodes[t.nodeId]));
    if (current.some((t) => t.status.state === 'failed' || t.status.state === 'rejected')) return;
    const stale = tasks.find((t) => t.status.state === 'running' && t.desiredState === 'running' && isTaskDirty(service, t, store.nodes[t.nodeId]));
    if (stale === undefined) return;
    const name = state === 'completed' ? 'completedUpdateOnNewSpec' : 'completedRollbackOnPreviousSpec';
    this.fail(name, `service ${service.spec.name}: ${state} with task ${stale.id} still running ${stale.spec.image}`);
  }
}

function isBeforeRunning(task: Task): boolean {
  return ['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting'].includes(task.status.state);
}

function leaderOf(world: SwarmWorld): Engine | undefined {
  const host = world.leader();
  if (host === undefined) return undefined;
  const engine = world.engine(hostOf(host.id));
  return engine?.leadership === undefined ? undefined : engine;
}

const checks = new WeakMap<SwarmWorld, UpdateChecks>();

/** The named check's violation in this world, if any (runs the checks once per store change). */
export function updateViolation(world: SwarmWorld, name: UpdateInvariant): string | undefined {
  let state = checks.get(world);
  if (state === undefined) {
    state = new UpdateChecks();
    checks.set(world, state);
  }
  state.run(world);
  return state.current.get(name);
}
