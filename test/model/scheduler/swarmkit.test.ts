/**
 * Scheduler behaviours taken from SwarmKit's own tests
 * (moby/swarmkit manager/scheduler/scheduler_test.go at 3e72cb64d), each test
 * naming its source test. Where SwarmKit accepts several outcomes because of
 * Go's map order, we assert the one our documented tie-break gives and check
 * it is among SwarmKit's.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../../src/model/scheduler/index.js';
import type { Task } from '../../../src/model/store/objects.js';
import { countsByNode, errOf, node, pendingTasks, service, task, tick, us } from './fixtures.js';

describe('spread (scheduler_test.go)', () => {
  // scheduler_test.go#TestHA (testHA): 18 tasks on 5 empty nodes → 4,4,4,3,3;
  // then 2 tasks of another service land on the two nodes with 3.
  it('TestHA: 18 tasks on 5 nodes spread 4,4,4,3,3; a second service fills the lighter nodes', () => {
    const nodes = ['id1', 'id2', 'id3', 'id4', 'id5'].map((id) => node(id));
    const s1 = service('service1', { replicas: 18 });
    const s2 = service('service2', { replicas: 2 });
    let run = tick(nodes, [s1], pendingTasks(s1, 18));
    const c1 = countsByNode(run.tasks, 'service1');
    expect(Object.values(c1).sort()).toEqual([3, 3, 4, 4, 4]);
    run = tick(nodes, [s1, s2], [...run.tasks, ...pendingTasks(s2, 2)], run.state);
    const c2 = countsByNode(run.tasks, 'service2');
    for (const nodeId of Object.keys(c2)) expect(c1[nodeId]).toBe(3);
    expect(Object.keys(c2)).toHaveLength(2);
  });

  // scheduler_test.go#TestScheduler: "must assign to id2 or id3 since id1 already has a task";
  // a non-ready node is not used; a node that becomes READY is.
  it('TestScheduler: a new task avoids the node that already has one; non-ready nodes are skipped', () => {
    const s = service('service1', { replicas: 2 });
    const running = task('t1', 'service1', { slot: 1, nodeId: 'id1', state: 'running' });
    const nodes = [node('id1'), node('id2'), node('id3'), node('id5', { state: 'down' })];
    const run = tick(nodes, [s], [running, ...pendingTasks(s, 1, 'new', 2)]);
    expect(run.tasks.find((t) => t.id === 'new-0002')?.nodeId).toBe('id2');
    const only = tick([node('id5', { state: 'unknown' })], [s], pendingTasks(s, 1));
    expect(only.tasks[0]?.nodeId).toBe('');
    const ready = tick([node('id5')], [s], only.tasks);
    expect(ready.tasks[0]?.nodeId).toBe('id5');
  });

  // scheduler_test.go#TestPreferences (testPreferences): spread=node.labels.az, az1={id1},
  // az2={id2..id5}, 8 tasks → 4 on id1, 1 on each az2 node.
  it('TestPreferences: spread over az halves the tasks between az1 and az2', () => {
    const nodes = [
      node('id1', { labels: { az: 'az1' } }),
      ...['id2', 'id3', 'id4', 'id5'].map((id) => node(id, { labels: { az: 'az2' } })),
    ];
    const s = service('service1', { replicas: 8, spread: ['node.labels.az'] });
    const run = tick(nodes, [s], pendingTasks(s, 8));
    expect(countsByNode(run.tasks)).toEqual({ id1: 4, id2: 1, id3: 1, id4: 1, id5: 1 });
  });

  // scheduler_test.go#TestMultiplePreferences (testMultiplePreferences): spread az then rack,
  // reservation 2e8 memory; id0 has 1e8 (never used), id1 takes 5 (its az's half, capped by
  // memory), the other 7 spread over az2's racks (either of SwarmKit's two accepted outcomes).
  it('TestMultiplePreferences: az then rack, capped by memory', () => {
    const mk = (id: string, az: string, rack: string, memoryBytes: number) =>
      node(id, { labels: { az, rack }, nanoCPUs: 1e9, memoryBytes });
    const nodes = [
      mk('id0', 'az1', 'rack1', 1e8),
      mk('id1', 'az1', 'rack1', 1e9),
      mk('id2', 'az2', 'rack1', 1e9),
      mk('id3', 'az2', 'rack1', 1e9),
      mk('id4', 'az2', 'rack1', 1e9),
      mk('id5', 'az2', 'rack2', 1e9),
      mk('id6', 'az2', 'rack2', 1e9),
    ];
    const s = service('service1', { replicas: 12, spread: ['node.labels.az', 'node.labels.rack'], reserveMemory: 2e8 });
    const c = countsByNode(tick(nodes, [s], pendingTasks(s, 12)).tasks);
    expect(c.id0).toBeUndefined();
    expect(c.id1).toBe(5);
    const rack1 = (c.id2 ?? 0) + (c.id3 ?? 0) + (c.id4 ?? 0);
    const rack2 = (c.id5 ?? 0) + (c.id6 ?? 0);
    expect(rack1 + rack2).toBe(7);
    if (rack1 === 4) {
      expect([c.id2, c.id3, c.id4].sort()).toEqual([1, 1, 2]);
      expect([c.id5, c.id6].sort()).toEqual([1, 2]);
    } else {
      expect([c.id2, c.id3, c.id4, c.id5, c.id6]).toEqual([1, 1, 1, 2, 2]);
    }
  });

  // scheduler_test.go#TestSchedulerFaultyNode: the first 5 tasks go to id2 (no replicas there);
  // each fails; from then on id2 has 5 recent failures and id1 is preferred.
  it('TestSchedulerFaultyNode: after 5 failures on a node it is ranked last', () => {
    const nodes = [node('id1'), node('id2')];
    const s = service('service1', { replicas: 1 });
    let state = tick(nodes, [s], []).state;
    const base: Task[] = [task('id1', 'service1', { slot: 1, nodeId: 'id1', state: 'running' })];
    for (let i = 0; i < 8; i++) {
      const fresh = task(`new${i}`, 'service1', { slot: 2 + i });
      const run = tick(nodes, [s], [...base, fresh], state, i * 1_000_000);
      const placed = run.tasks.find((t) => t.id === fresh.id);
      expect(placed?.nodeId, `attempt ${i}`).toBe(i < 5 ? 'id2' : 'id1');
      const failed = { ...(placed as Task), status: { ...(placed as Task).status, state: 'failed' as const } };
      state = step(run.state, { kind: 'taskFailed', task: failed, nowUs: us(i * 1_000_000) }).state;
    }
  });

  // scheduler_test.go#TestSchedulerFaultyNodeSpecVersion: failures count per spec version,
  // so a service update makes the faulty node eligible again.
  it('TestSchedulerFaultyNodeSpecVersion: failures are per (service, spec version)', () => {
    const nodes = [node('id1'), node('id2')];
    const s2 = service('service1', { specVersion: 2 });
    let state = tick(nodes, [s2], []).state;
    for (let i = 0; i < 5; i++) {
      const failed = task(`f${i}`, 'service1', { nodeId: 'id2', state: 'failed', specVersion: 1 });
      state = step(state, { kind: 'taskFailed', task: failed, nowUs: us(0) }).state;
    }
    const base = task('id1', 'service1', { slot: 1, nodeId: 'id1', state: 'running', specVersion: 2 });
    const run = tick(nodes, [s2], [base, task('n', 'service1', { slot: 2, specVersion: 2 })], state);
    expect(run.tasks.find((t) => t.id === 'n')?.nodeId).toBe('id2');
  });
});

describe('no suitable node (scheduler_test.go)', () => {
  // scheduler_test.go#TestSchedulerNoReadyNodes: with no nodes the error is exactly "no suitable node";
  // a ready node added later gets the task.
  it('TestSchedulerNoReadyNodes: "no suitable node", then assigned when a node appears', () => {
    const s = service('service1');
    const run = tick([], [s], pendingTasks(s, 1));
    expect(errOf(run.tasks, 'service1-0001')).toBe('no suitable node');
    expect(run.tasks[0]?.status.state).toBe('pending');
    const later = tick([node('newnode')], [s], run.tasks);
    expect(later.tasks[0]?.nodeId).toBe('newnode');
    expect(later.tasks[0]?.status.message).toBe('scheduler assigned task to node');
  });

  // scheduler_test.go#TestSchedulerResourceConstraint: one ready node too small, two non-ready
  // nodes → "no suitable node (2 nodes not available for new tasks; insufficient resources on 1 node)".
  it('TestSchedulerResourceConstraint: explanation sorted by count', () => {
    const nodes = [
      node('underprovisioned', { nanoCPUs: 1e9, memoryBytes: 1e9 }),
      node('nonready1', { state: 'unknown', nanoCPUs: 2e9, memoryBytes: 2e9 }),
      node('nonready2', { state: 'unknown', nanoCPUs: 2e9, memoryBytes: 2e9 }),
    ];
    const s = service('service1', { reserveMemory: 2e9 });
    const run = tick(nodes, [s], pendingTasks(s, 1));
    expect(errOf(run.tasks, 'service1-0001')).toBe(
      'no suitable node (2 nodes not available for new tasks; insufficient resources on 1 node)',
    );
    const big = tick([...nodes, node('bignode', { nanoCPUs: 4e9, memoryBytes: 8e9 })], [s], run.tasks);
    expect(big.tasks[0]?.nodeId).toBe('bignode');
  });

  // scheduler_test.go#TestSchedulerHostPort: two tasks publishing host port 58 go to different
  // nodes; a third → "no suitable node (host-mode port already in use on 2 nodes)".
  it('TestSchedulerHostPort: host-mode ports are exclusive per node', () => {
    const ports = [{ protocol: 'tcp' as const, targetPort: 80, publishedPort: 58, publishMode: 'host' as const }];
    const s = service('serviceID1', { replicas: 3, ports });
    const nodes = [node('nodeid1'), node('nodeid2')];
    const run = tick(nodes, [s], pendingTasks(s, 2));
    expect(countsByNode(run.tasks)).toEqual({ nodeid1: 1, nodeid2: 1 });
    const third = tick(nodes, [s], [...run.tasks, ...pendingTasks(s, 1, 'serviceID1', 3)], run.state);
    expect(errOf(third.tasks, 'serviceID1-0003')).toBe('no suitable node (host-mode port already in use on 2 nodes)');
  });

  // scheduler_test.go#TestSchedulerMaxReplicas: MaxReplicas 1 on 2 nodes: the third task fails with
  // "no suitable node (max replicas per node limit exceed)"; a third node takes it.
  it('TestSchedulerMaxReplicas: max replicas per node', () => {
    const s = service('serviceID1', { replicas: 3, maxReplicas: 1 });
    const nodes = [node('nodeid1'), node('nodeid2')];
    const run = tick(nodes, [s], pendingTasks(s, 3));
    expect(countsByNode(run.tasks)).toEqual({ nodeid1: 1, nodeid2: 1 });
    expect(errOf(run.tasks, 'serviceID1-0003')).toBe('no suitable node (max replicas per node limit exceed)');
    const more = tick([...nodes, node('nodeid3')], [s], run.tasks, run.state);
    expect(more.tasks.find((t) => t.id === 'serviceID1-0003')?.nodeId).toBe('nodeid3');
  });

  // scheduler_test.go#TestSchedulerCompatiblePlatform: a task wanting linux/amd64 on three nodes of
  // other platforms → "no suitable node (unsupported platform on 3 nodes)"; x86_64 counts as amd64.
  it('TestSchedulerCompatiblePlatform: platform filter and x86_64 ≡ amd64', () => {
    const s = service('serviceID1', { platforms: [{ os: 'linux', architecture: 'amd64' }] });
    const nodes = [
      node('node1', { os: 'windows', arch: 'x86_64' }),
      node('node2', { os: 'linux', arch: 'arm64' }),
      node('node3', { noDescription: true }),
    ];
    const run = tick(nodes, [s], pendingTasks(s, 1));
    expect(errOf(run.tasks, 'serviceID1-0001')).toBe('no suitable node (unsupported platform on 3 nodes)');
    const ok = tick([...nodes, node('node4', { os: 'linux', arch: 'x86_64' })], [s], run.tasks);
    expect(ok.tasks[0]?.nodeId).toBe('node4');
  });

  // scheduler_test.go#TestSchedulerMaxReplicas (last part) and the constraint filter's Explain:
  // "no suitable node (scheduling constraints not satisfied on 3 nodes)".
  it('constraint filter explanation counts every node', () => {
    const s = service('serviceID1', { constraints: ['node.labels.zone==east'] });
    const nodes = ['a', 'b', 'c'].map((id) => node(id));
    const run = tick(nodes, [s], pendingTasks(s, 1));
    expect(errOf(run.tasks, 'serviceID1-0001')).toBe('no suitable node (scheduling constraints not satisfied on 3 nodes)');
  });

  // scheduler_test.go#TestPreassignedTasks: a task created with a node ID is confirmed on that
  // node, never moved; if it does not fit, its error is the bare explanation (no prefix).
  it('TestPreassignedTasks: preassigned tasks stay on their node', () => {
    const s = service('global1', { global: true });
    const nodes = [node('id1'), node('id2')];
    const run = tick(nodes, [s], [task('t1', 'global1', { nodeId: 'id1' }), task('t2', 'global1', { nodeId: 'id1' })]);
    expect(run.tasks.map((t) => [t.nodeId, t.status.state, t.status.message])).toEqual([
      ['id1', 'assigned', 'scheduler confirmed task can run on preassigned node'],
      ['id1', 'assigned', 'scheduler confirmed task can run on preassigned node'],
    ]);
    const drained = tick([node('id1', { availability: 'drain' })], [s], [task('t3', 'global1', { nodeId: 'id1' })]);
    expect(drained.tasks[0]?.status.state).toBe('pending');
    expect(drained.tasks[0]?.status.err).toBe('1 node not available for new tasks');
  });

  // scheduler.go#noSuitableNode: a PENDING task of an older spec version whose desired state is
  // SHUTDOWN is shut down rather than kept pending.
  it('noSuitableNode: an outdated pending task desired SHUTDOWN goes to SHUTDOWN', () => {
    const s = service('service1', { specVersion: 2 });
    const old = task('old', 'service1', { specVersion: 1, desired: 'shutdown' });
    const run = tick([], [s], [old]);
    expect(run.tasks[0]?.status.state).toBe('shutdown');
    expect(run.tasks[0]?.status.err).toBe('');
  });

  it('a fixed point writes nothing: the same error is not re-emitted', () => {
    const s = service('service1');
    const run = tick([], [s], pendingTasks(s, 1));
    expect(tick([], [s], run.tasks, run.state).effects).toEqual([]);
  });
});
