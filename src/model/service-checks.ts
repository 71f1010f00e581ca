/**
 * Service invariants, checked after every event on the leader's store
 * (issue 6; swarm-services.md §8, §9):
 * - `noTaskPlacedOnUnavailableNode`: when a task becomes ASSIGNED to a node
 *   (the scheduler's decision as committed), that node is Ready and Active —
 *   never Drain, Pause, Down or Unknown (the store re-checks the node when
 *   the assignment applies, as SwarmKit's scheduler re-checks the node
 *   version; an assignment to a node that stopped qualifying is skipped and
 *   the task stays PENDING);
 * - `slotsUnique`: a replicated service never has two tasks of one slot with
 *   desired state RUNNING (a replacement waits at READY until it starts).
 * Checked only when the leader's tasks changed (snapshots are immutable, so
 * a reference comparison tells).
 */
import type { StoreObjects, Task } from './store/objects.js';
import type { SwarmWorld } from './world.js';

export const SERVICE_INVARIANTS = [
  ['noTaskPlacedOnUnavailableNode', 'A task is assigned only to a node that is Ready and Active at that moment.'],
  ['slotsUnique', 'A replicated service never has two tasks of one slot with desired state RUNNING.'],
] as const;

export class ServiceChecks {
  readonly current = new Map<string, string>();
  private seen: StoreObjects['tasks'] | undefined;

  constructor(
    private readonly world: SwarmWorld,
    private readonly enabled: boolean,
  ) {}

  afterEvent(): void {
    if (!this.enabled) return;
    const store = this.world.leader()?.app.store;
    if (store === undefined || store.tasks === this.seen) return;
    const before = this.seen;
    this.seen = store.tasks;
    const bySlot = new Map<string, string>();
    for (const id of Object.keys(store.tasks).sort()) {
      const task = store.tasks[id] as Task;
      const old = before?.[id];
      if (task.status.state === 'assigned' && (old === undefined || old.status.state !== 'assigned') && !this.current.has('noTaskPlacedOnUnavailableNode')) {
        const node = store.nodes[task.nodeId];
        if (node === undefined || node.status.state !== 'ready' || node.spec.availability !== 'active') {
          const state = node === undefined ? 'missing' : `${node.status.state}/${node.spec.availability}`;
          this.current.set('noTaskPlacedOnUnavailableNode', `task ${task.id} assigned to node ${task.nodeId} (${state}) at ${this.world.sim.now}us`);
        }
      }
      if (task.slot > 0 && task.desiredState === 'running') {
        const key = `${task.serviceId}|${task.slot}`;
        const other = bySlot.get(key);
        if (other !== undefined && !this.current.has('slotsUnique')) {
          this.current.set('slotsUnique', `tasks ${other} and ${task.id} both run slot ${task.slot} of service ${task.serviceId} at ${this.world.sim.now}us`);
        }
        bySlot.set(key, task.id);
      }
    }
  }
}
