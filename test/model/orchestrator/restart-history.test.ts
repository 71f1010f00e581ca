/**
 * The restart history survives a leader change: a new leader's orchestrator
 * rebuilds it from the stored tasks before its first decisions
 * (moby/swarmkit manager/orchestrator/taskinit/init.go#CheckTasks: per slot
 * tuple, the tasks of the newest spec version sorted by creation, all but
 * the oldest recorded as restarts), so MaxAttempts is not reset by a
 * failover. Pure driver tests, then the same through a 3-manager swarm.
 */
import { describe, expect, it } from 'vitest';
import { INITIAL_RESTART_STATE, rebuildRestartHistory, shouldRestart } from '../../../src/model/orchestrator/index.js';
import type { Service, Task } from '../../../src/model/store/objects.js';
import { createSim, type Micros } from '../../../src/sim/index.js';
import { SwarmWorld } from '../../../src/model/world.js';
import { imageCatalogue } from '../../../src/model/agent/images.js';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';
import { node, service, task } from '../scheduler/fixtures.js';
import { Driver } from './harness.js';

/** A new leader: a fresh orchestrator over the same tasks, told of every task as the wiring does, then ticked. */
function failover(d: Driver): Driver {
  const next = new Driver(d.services, d.nodes);
  next.tasks = [...d.tasks];
  (next as unknown as { nextId: number }).nextId = 100;
  for (const s of d.services) next.run({ kind: 'serviceChanged', serviceId: s.id });
  for (const t of next.tasks) next.run({ kind: 'taskChanged', task: t, node: next.nodes.find((n) => n.id === t.nodeId) });
  next.tick();
  return next;
}

function replicated(maxAttempts: number, extra: { specVersion?: number } = {}): Driver {
  const d = new Driver([service('svc', { replicas: 1, condition: 'any', delayUs: 0, maxAttempts, ...extra })], [node('n1')]);
  d.serviceChanged('svc');
  return d;
}

describe('restart history rebuilt by a new leader (taskinit/init.go#CheckTasks)', () => {
  it('an exhausted slot stays exhausted: the new leader neither refills it nor restarts it', () => {
    const d = replicated(1);
    d.setState('task-001', 'failed');
    d.setState('task-002', 'failed');
    expect(d.live()).toHaveLength(0);
    const next = failover(d);
    expect(next.live()).toHaveLength(0);
    expect(next.tasks).toHaveLength(2);
  });

  it('restarts made before the failover count against MaxAttempts after it', () => {
    const d = replicated(2);
    d.setState('task-001', 'failed'); // first restart: task-002
    const next = failover(d);
    next.setState('task-002', 'failed'); // second restart allowed
    expect(next.live()).toHaveLength(1);
    const third = next.live()[0] as Task;
    next.setState(third.id, 'failed'); // a third is not
    expect(next.live()).toHaveLength(0);
    expect(next.tasks).toHaveLength(3);
  });

  it('only tasks of the newest spec version count; the oldest of them is the original, not a restart', () => {
    const svc = service('svc', { replicas: 1, maxAttempts: 2, specVersion: 7 });
    const at = (id: string, createdUs: number, specVersion: number): Task => ({
      ...task(id, 'svc', { slot: 1, nodeId: 'n1', state: 'failed', desired: 'shutdown', specVersion, spec: svc.spec.task }),
      createdAt: createdUs as Micros,
    });
    const tasks = [at('a-old', 1, 3), at('b-old', 2, 3), at('c-old', 3, 3), at('z', 10, 7), at('y', 20, 7)];
    const history = rebuildRestartHistory(INITIAL_RESTART_STATE, [svc], tasks);
    expect(history.history.svc?.['slot:1']).toEqual({ specVersion: 7, totalRestarts: 1, restartedAt: [] });
    expect(shouldRestart(history, at('y', 20, 7), svc)).toBe(true);
    const three = rebuildRestartHistory(INITIAL_RESTART_STATE, [svc], [...tasks, at('x', 30, 7)]);
    expect(shouldRestart(three, at('x', 30, 7), svc)).toBe(false);
  });

  it('with a Window, the restarts keep their creation times; global instances are per node', () => {
    const windowed = service('w', { replicas: 1, maxAttempts: 1, windowUs: 10_000_000 });
    const mk = (id: string, createdUs: number): Task => ({ ...task(id, 'w', { slot: 1, state: 'failed', desired: 'shutdown', spec: windowed.spec.task }), createdAt: createdUs as Micros });
    const rebuilt = rebuildRestartHistory(INITIAL_RESTART_STATE, [windowed], [mk('a', 1_000_000), mk('b', 2_000_000)]);
    expect(rebuilt.history.w?.['slot:1']?.restartedAt).toEqual([2_000_000]);
    const failedAt = (t: number): Task => ({ ...mk('b', 2_000_000), status: { ...mk('b', 2_000_000).status, timestamp: t as Micros } });
    expect(shouldRestart(rebuilt, failedAt(5_000_000), windowed)).toBe(false); // the restart at 2 s is inside the window
    expect(shouldRestart(rebuilt, failedAt(13_000_000), windowed)).toBe(true);

    const agent: Service = service('g', { global: true, maxAttempts: 1 });
    const on = (id: string, nodeId: string, createdUs: number): Task => ({
      ...task(id, 'g', { nodeId, state: 'failed', desired: 'shutdown', spec: agent.spec.task }),
      createdAt: createdUs as Micros,
    });
    const global = rebuildRestartHistory(INITIAL_RESTART_STATE, [agent], [on('a', 'n1', 1), on('b', 'n1', 2), on('c', 'n2', 3)]);
    expect(global.history.g).toEqual({ 'node:n1': { specVersion: 1, totalRestarts: 1, restartedAt: [] } });
  });
});

describe('MaxAttempts across a real failover (managers 3, workers 2)', () => {
  it('a crashing service exhausted before the leader crashes is not restarted by the new leader', () => {
    const sim = createSim({ seed: 3 });
    const images = imageCatalogue({ 'acme/crasher:1': { exit: { after: '2s', code: 1 } } });
    const world = new SwarmWorld(sim, { managers: 3, workers: 2 }, { images });
    world.start();
    let out: CliOutput | undefined;
    runDocker(world, { line: 'docker service create -d --name crasher --restart-max-attempts 2 --restart-delay 1s --constraint node.role==worker acme/crasher:1', on: 'manager-1' }, false, (o) => {
      out = o;
    });
    while (out === undefined && sim.step());
    expect(out?.exitCode).toBe(0);
    sim.runUntil((sim.now + 40_000_000) as Micros);
    const tasks = (on: string): Task[] => [...(world.manager(on)?.app.store.tasks.values() ?? [])];
    expect(tasks('manager-1').map((t) => t.status.state)).toEqual(['failed', 'failed', 'failed']);
    const before = tasks('manager-1').map((t) => t.id);
    const leader = world.leader()?.id;
    expect(leader).toBeDefined();
    sim.crash('manager-1');
    sim.runUntil((sim.now + 60_000_000) as Micros);
    expect(world.leader()?.id).not.toBe(leader);
    // Without the rebuilt history the new leader refills the slot and the crasher runs three more times.
    expect(tasks('manager-2').map((t) => t.id)).toEqual(before);
    expect(tasks('manager-2').filter((t) => t.desiredState === 'running' || t.desiredState === 'ready')).toEqual([]);
    expect([...world.serviceChecks.current.entries()]).toEqual([]);
  });
});
