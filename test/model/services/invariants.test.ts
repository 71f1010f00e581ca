/**
 * The service invariants (src/model/service-checks.ts): each fires on a store
 * broken the way it guards against, stays silent on the same store kept
 * correct, and stays silent on real runs that push it to its edge (a slot
 * at its history limit, a scale-down, a constrained and a global service).
 */
import { describe, expect, it } from 'vitest';
import { type ServiceCheckView, checkStore } from '../../../src/model/service-checks.js';
import type { Cluster, Node, Service, StoreObjects, Task } from '../../../src/model/store/objects.js';
import { DEFAULT_CLUSTER_SPEC } from '../../../src/model/store/objects.js';
import { createSim, type Micros } from '../../../src/sim/index.js';
import { SwarmWorld } from '../../../src/model/world.js';
import { imageCatalogue } from '../../../src/model/agent/images.js';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';
import { node, service, task } from '../scheduler/fixtures.js';
import { harness } from '../control/harness.js';

function store(nodes: Node[], services: Service[], tasks: Task[], cluster?: Cluster): StoreObjects {
  return {
    ...(cluster === undefined ? {} : { cluster }),
    nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
    services: Object.fromEntries(services.map((s) => [s.id, s])),
    tasks: new Map(tasks.map((t) => [t.id, t])),
  };
}

function check(view: Partial<ServiceCheckView> & { store: StoreObjects }, before?: StoreObjects['tasks'], placement = new Map<string, string>()): string[] {
  return checkStore({ reconciled: view.store, nowUs: 0, ...view }, before, placement).map(([name]) => name);
}

const nodes = [node('n1', { role: 'manager' }), node('n2'), node('n3', { availability: 'drain' })];

describe('runningTaskPassedConstraints', () => {
  const web = service('web', { replicas: 2, constraints: ['node.role==manager'] });
  const assigned = (nodeId: string): Task => task('t1', 'web', { slot: 1, nodeId, state: 'assigned', spec: web.spec.task });
  const running = (nodeId: string): Task => ({ ...assigned(nodeId), status: { ...assigned(nodeId).status, state: 'running' } });

  it('fires when a task assigned to a node that fails the constraints comes to run', () => {
    const placement = new Map<string, string>();
    const first = store(nodes, [web], [assigned('n2')]);
    expect(check({ store: first }, undefined, placement)).toEqual([]);
    expect(check({ store: store(nodes, [web], [running('n2')]) }, first.tasks, placement)).toEqual(['runningTaskPassedConstraints']);
  });

  it('is silent for a task placed on a matching node, even after the node stops matching', () => {
    const placement = new Map<string, string>();
    const first = store(nodes, [web], [assigned('n1')]);
    expect(check({ store: first }, undefined, placement)).toEqual([]);
    const demoted = [node('n1', { role: 'worker' }), ...nodes.slice(1)];
    expect(check({ store: store(demoted, [web], [running('n1')]) }, first.tasks, placement)).toEqual([]);
  });

  it('fires (with noTaskPlacedOnUnavailableNode) for a task assigned to a drained node', () => {
    const placement = new Map<string, string>();
    const free = service('free', { replicas: 1 });
    const t = task('t9', 'free', { slot: 1, nodeId: 'n3', state: 'assigned' });
    const first = store(nodes, [free], [t]);
    expect(check({ store: first }, undefined, placement)).toEqual(['noTaskPlacedOnUnavailableNode']);
    const later = store(nodes, [free], [{ ...t, status: { ...t.status, state: 'running' } }]);
    expect(check({ store: later }, first.tasks, placement)).toEqual(['runningTaskPassedConstraints']);
  });
});

describe('runningWithinDesired', () => {
  const runningTask = (id: string, slot: number, nodeId = 'n1', serviceId = 'web'): Task => task(id, serviceId, { slot, nodeId, state: 'running' });

  it('fires when more tasks run than the replica count', () => {
    const web = service('web', { replicas: 2 });
    const s = store(nodes, [web], [runningTask('a', 1), runningTask('b', 2), runningTask('c', 3)]);
    expect(check({ store: s })).toEqual(['runningWithinDesired']);
    expect(check({ store: store(nodes, [web], [runningTask('a', 1), runningTask('b', 2)]) })).toEqual([]);
  });

  it('ignores tasks desired to stop (scale-down in progress) and replacements waiting at desired Ready', () => {
    const web = service('web', { replicas: 1 });
    const leaving = { ...runningTask('b', 2), desiredState: 'remove' as const };
    const waiting = { ...runningTask('c', 1), desiredState: 'ready' as const };
    expect(check({ store: store(nodes, [web], [runningTask('a', 1), leaving, waiting]) })).toEqual([]);
  });

  it('allows the old count until the orchestrator has committed its decisions for the new one', () => {
    const three = service('web', { replicas: 3 });
    const one = { ...three, spec: { ...three.spec, mode: { kind: 'replicated' as const, replicas: 1 } } };
    const tasks = [runningTask('a', 1), runningTask('b', 2), runningTask('c', 3)];
    const now = store(nodes, [one], tasks);
    expect(check({ store: now, reconciled: store(nodes, [three], tasks) })).toEqual([]);
    expect(check({ store: now, reconciled: now })).toEqual(['runningWithinDesired']);
    expect(check({ store: now, reconciled: undefined })).toEqual([]); // a new leader before its first pass
  });

  it('allows parallelism more during a start-first update, not during a stop-first one', () => {
    const base = service('web', { replicas: 2 });
    const update = { parallelism: 1, delayUs: 0 as Micros, failureAction: 'pause' as const, monitorUs: 0 as Micros, maxFailureRatio: 0, order: 'start-first' as const };
    const updating: Service = { ...base, spec: { ...base.spec, update }, updateStatus: { state: 'updating', startedAt: 0 as Micros, message: '' } };
    const three = [runningTask('a', 1), runningTask('b', 2), runningTask('c', 2)];
    expect(check({ store: store(nodes, [updating], three) })).not.toContain('runningWithinDesired');
    const stopFirst: Service = { ...updating, spec: { ...updating.spec, update: { ...update, order: 'stop-first' } } };
    expect(check({ store: store(nodes, [stopFirst], three) })).toContain('runningWithinDesired');
    const done: Service = { ...updating, updateStatus: { state: 'completed', startedAt: 0 as Micros, message: '' } };
    expect(check({ store: store(nodes, [done], three) })).toContain('runningWithinDesired');
  });

  it('global: fires for two running tasks on one node', () => {
    const agent = service('agent', { global: true });
    const s = store(nodes, [agent], [runningTask('a', 0, 'n1', 'agent'), runningTask('b', 0, 'n1', 'agent'), runningTask('c', 0, 'n2', 'agent')]);
    expect(check({ store: s })).toEqual(['runningWithinDesired']);
    expect(check({ store: store(nodes, [agent], [runningTask('a', 0, 'n1', 'agent'), runningTask('c', 0, 'n2', 'agent')]) })).toEqual([]);
  });
});

describe('slotsUnique', () => {
  const runningTask = (id: string, slot: number): Task => task(id, 'web', { slot, nodeId: 'n1', state: 'running' });
  const update = { parallelism: 1, delayUs: 0 as Micros, failureAction: 'pause' as const, monitorUs: 0 as Micros, maxFailureRatio: 0, order: 'start-first' as const };
  const base = service('web', { replicas: 2 });
  const updating: Service = { ...base, spec: { ...base.spec, update }, updateStatus: { state: 'updating', startedAt: 0 as Micros, message: '' } };

  it('fires for two tasks of one slot desired RUNNING outside a start-first update', () => {
    expect(check({ store: store(nodes, [base], [runningTask('a', 1), runningTask('b', 1)]) })).toContain('slotsUnique');
    const stopFirst: Service = { ...updating, spec: { ...updating.spec, update: { ...update, order: 'stop-first' } } };
    expect(check({ store: store(nodes, [stopFirst], [runningTask('a', 1), runningTask('b', 1)]) })).toContain('slotsUnique');
    expect(check({ store: store(nodes, [base], [runningTask('a', 1), runningTask('b', 2)]) })).not.toContain('slotsUnique');
  });

  it('allows the old and the new task of a start-first update, never a third', () => {
    expect(check({ store: store(nodes, [updating], [runningTask('a', 1), runningTask('b', 1)]) })).not.toContain('slotsUnique');
    expect(check({ store: store(nodes, [updating], [runningTask('a', 1), runningTask('b', 1), runningTask('c', 1)]) })).toContain('slotsUnique');
  });
});

describe('historyPerSlotWithinLimit', () => {
  const failed = (id: string, slot: number, at: number, serviceId = 'web', nodeId = 'n1'): Task =>
    task(id, serviceId, { slot, nodeId, state: 'failed', desired: 'shutdown', timestampUs: at });

  it('allows the limit (5, the current task included) plus one replacement made since the last reaper tick', () => {
    const web = service('web', { replicas: 1 });
    const history = [1, 2, 3, 4].map((i) => failed(`f${i}`, 1, i));
    const current = task('cur', 'web', { slot: 1, nodeId: 'n1', state: 'running', timestampUs: 9 });
    expect(check({ store: store(nodes, [web], [...history, current]) })).toEqual([]);
    expect(check({ store: store(nodes, [web], [...history, failed('f5', 1, 5), current]) })).toEqual([]);
    expect(check({ store: store(nodes, [web], [...history, failed('f5', 1, 5), failed('f6', 1, 6), current]) })).toEqual(['historyPerSlotWithinLimit']);
  });

  it('uses MaxAttempts + 1 when the service sets MaxAttempts, and the cluster limit otherwise', () => {
    const capped = service('web', { replicas: 1, maxAttempts: 1 });
    const three = [failed('f1', 1, 1), failed('f2', 1, 2), task('cur', 'web', { slot: 1, state: 'running', nodeId: 'n1' })];
    expect(check({ store: store(nodes, [capped], three) })).toEqual([]);
    expect(check({ store: store(nodes, [capped], [failed('f0', 1, 0), ...three]) })).toEqual(['historyPerSlotWithinLimit']);
    const cluster: Cluster = { id: 'c', version: 1, createdAt: 0 as Micros, updatedAt: 0 as Micros, spec: { ...DEFAULT_CLUSTER_SPEC, orchestration: { taskHistoryRetentionLimit: 1 } } } as Cluster;
    const plain = service('web', { replicas: 1 });
    expect(check({ store: store(nodes, [plain], three, cluster) })).toEqual(['historyPerSlotWithinLimit']);
    const keepAll = { ...cluster, spec: { ...cluster.spec, orchestration: { taskHistoryRetentionLimit: -1 } } } as Cluster;
    expect(check({ store: store(nodes, [plain], [failed('f0', 1, 0), ...three, failed('f9', 1, 9)], keepAll) })).toEqual([]);
  });

  it('counts global instances per node, and keeps tasks the reaper may not delete', () => {
    const agent = service('agent', { global: true });
    const onN1 = [1, 2, 3, 4, 5, 6].map((i) => failed(`g${i}`, 0, i, 'agent', 'n1'));
    const onN2 = [1, 2, 3].map((i) => failed(`h${i}`, 0, i, 'agent', 'n2'));
    expect(check({ store: store(nodes, [agent], [...onN1.slice(0, 5), ...onN2]) })).toEqual([]);
    expect(check({ store: store(nodes, [agent], [...onN1, task('g7', 'agent', { nodeId: 'n1', state: 'running' })]) })).toEqual(['historyPerSlotWithinLimit']);
    const web = service('web', { replicas: 1 });
    const live = [1, 2, 3, 4, 5, 6, 7].map((i) => task(`l${i}`, 'web', { slot: 1, nodeId: 'n1', state: 'running', desired: i === 7 ? 'running' : 'shutdown' }));
    expect(check({ store: store(nodes, [web], live) })).toEqual([]); // tasks on a dead node stay Running: not the reaper's to delete
  });
});

describe('the checks wired into the world', () => {
  it('report a broken leader store after the next event', () => {
    const h = harness({ managers: 1, workers: 2 });
    expect(h.docker('manager-1', 'service create --name web --replicas 2 nginx').exitCode).toBe(0);
    expect(h.violations()).toEqual([]);
    const host = h.world.leader();
    if (host === undefined) throw new Error('no leader');
    const extra = [...host.app.store.tasks.values()].map((t, i) => ({ ...t, id: `extra${i}`, slot: t.slot + 10 }));
    host.app.store = { ...host.app.store, tasks: new Map([...host.app.store.tasks, ...extra.map((t) => [t.id, t] as const)]) };
    h.world.serviceChecks.afterEvent();
    expect(h.violations().map((v) => v.split(':')[0])).toContain('runningWithinDesired');
  });

  it('stay silent while a crashing task fills its slot history, a service scales down, and constrained and global services run', () => {
    const sim = createSim({ seed: 7 });
    const images = imageCatalogue({ 'acme/crasher:1': { pull: '0s', exit: { after: '1s', code: 1 } } });
    const world = new SwarmWorld(sim, { managers: 1, workers: 2 }, { images });
    world.start();
    const docker = (line: string): CliOutput => {
      let out: CliOutput | undefined;
      runDocker(world, { line: `docker ${line}`, on: 'manager-1' }, false, (o) => {
        out = o;
      });
      while (out === undefined && sim.step());
      return out as CliOutput;
    };
    expect(docker('service create -d --name crash --restart-delay 0s acme/crasher:1').exitCode).toBe(0);
    expect(docker('service create -d --name web --replicas 6 --constraint node.role==worker nginx').exitCode).toBe(0);
    expect(docker('service create -d --name agent --mode global nginx').exitCode).toBe(0);
    sim.runUntil((sim.now + 30_000_000) as Micros);
    expect(docker('service scale -d web=2').exitCode).toBe(0);
    sim.runUntil((sim.now + 30_000_000) as Micros);
    const violations = [...world.serviceChecks.current.entries()];
    expect(violations).toEqual([]);
    const tasks = [...(world.leader()?.app.store.tasks.values() ?? [])];
    const crash = Object.values(world.leader()?.app.store.services ?? {}).find((s) => s.spec.name === 'crash');
    expect(tasks.filter((t) => t.serviceId === crash?.id).length).toBeGreaterThanOrEqual(5); // the slot reached its limit
    expect(tasks.filter((t) => t.desiredState === 'running' && t.status.state === 'running' && t.serviceId !== crash?.id)).toHaveLength(2 + 3);
  });
});
