/**
 * Orchestrator, restart supervisor and reaper behaviours taken from SwarmKit's
 * tests (moby/swarmkit at 3e72cb64d), each test naming its source.
 */
import { describe, expect, it } from 'vitest';
import { type ReaperState, INITIAL_REAPER_STATE, step as reap } from '../../../src/model/reaper/index.js';
import type { Task } from '../../../src/model/store/objects.js';
import { SECOND, node, service, task } from '../scheduler/fixtures.js';
import { Driver } from './harness.js';

const running = (id: string, slot: number, nodeId: string, state: Task['status']['state'] = 'running') =>
  task(id, 'svc', { slot, nodeId, state });

describe('replicated orchestrator (replicated/replicated_test.go)', () => {
  // replicated_test.go#TestReplicatedScaleDown
  it('TestReplicatedScaleDown: unassigned first, then the most loaded node, then non-running', () => {
    const d = new Driver([service('svc', { replicas: 6 })], ['node1', 'node2', 'node3'].map((id) => node(id)));
    d.tasks = [
      running('task1', 1, 'node1', 'starting'),
      running('task2', 2, 'node2'),
      running('task3', 3, 'node2'),
      running('task4', 4, 'node3'),
      running('task5', 5, 'node3'),
      running('task6', 6, 'node3'),
      task('task7', 'svc', { slot: 7, state: 'new' }),
    ];
    d.serviceChanged('svc');
    expect(d.tasks.filter((t) => t.desiredState === 'remove').map((t) => t.id)).toEqual(['task7']);

    d.services = [service('svc', { replicas: 4 })];
    d.serviceChanged('svc');
    const removed = d.tasks.filter((t) => t.desiredState === 'remove' && t.id !== 'task7');
    expect(removed.map((t) => t.nodeId)).toEqual(['node3', 'node3']);
    expect(d.live().filter((t) => t.nodeId === 'node3').map((t) => t.id)).toEqual(['task4']);

    d.services = [service('svc', { replicas: 2 })];
    d.serviceChanged('svc');
    expect(d.live().map((t) => t.id).sort()).toEqual(['task2', 'task4']);
  });

  // replicated_test.go#TestReplicatedOrchestrator: creating a service makes its tasks; scale-up uses
  // the lowest free slot numbers.
  it('TestReplicatedOrchestrator: tasks for new slots, lowest free slot first', () => {
    const d = new Driver([service('svc', { replicas: 2 })], [node('n1')]);
    d.serviceChanged('svc');
    expect(d.tasks.map((t) => [t.slot, t.desiredState, t.status.state, t.status.message])).toEqual([
      [1, 'running', 'new', 'created'],
      [2, 'running', 'new', 'created'],
    ]);
    d.tasks = d.tasks.filter((t) => t.slot !== 1);
    d.services = [service('svc', { replicas: 3 })];
    d.serviceChanged('svc');
    expect(d.tasks.map((t) => t.slot).sort()).toEqual([1, 2, 3]);
  });
});

describe('restart supervisor (replicated/restart_test.go)', () => {
  function started(condition: 'any' | 'on-failure' | 'none', extra: { delayUs?: number; maxAttempts?: number; windowUs?: number } = {}) {
    const d = new Driver([service('svc', { replicas: 2, condition, delayUs: extra.delayUs ?? 0, ...extra })], [node('n1')]);
    d.serviceChanged('svc');
    return d;
  }

  // restart_test.go#TestOrchestratorRestartOnAny: a failed and a completed task are both replaced;
  // the replacement is created desired READY and then started (desired RUNNING).
  it('TestOrchestratorRestartOnAny: failed and completed tasks are replaced', () => {
    const d = started('any');
    const effects = d.setState('task-001', 'failed');
    expect(effects.map((e) => e.kind)).toEqual(['setDesiredState', 'createTask', 'setDesiredState']);
    expect(effects[1]).toMatchObject({ kind: 'createTask', task: { slot: 1, desiredState: 'ready', status: { state: 'new' } } });
    expect(d.byId('task-003').desiredState).toBe('running');
    d.setState('task-002', 'complete');
    expect(d.live().map((t) => t.slot).sort()).toEqual([1, 2]);
    expect(d.byId('task-002').desiredState).toBe('shutdown');
  });

  // restart_test.go#TestOrchestratorRestartOnFailure: a failure is replaced, a completion is not.
  it('TestOrchestratorRestartOnFailure: completed tasks are not replaced', () => {
    const d = started('on-failure');
    d.setState('task-001', 'failed');
    expect(d.live().map((t) => t.slot).sort()).toEqual([1, 2]);
    const effects = d.setState('task-002', 'complete');
    expect(effects).toEqual([{ kind: 'setDesiredState', taskId: 'task-002', desiredState: 'shutdown' }]);
    d.serviceChanged('svc');
    expect(d.live().map((t) => t.slot)).toEqual([1]);
  });

  // restart_test.go#TestOrchestratorRestartOnNone: neither failure nor completion is replaced, and a
  // service update with the same spec does not bring them back.
  it('TestOrchestratorRestartOnNone: nothing is replaced', () => {
    const d = started('none');
    d.setState('task-001', 'failed');
    d.setState('task-002', 'complete');
    d.serviceChanged('svc');
    expect(d.live()).toEqual([]);
    expect(d.tasks).toHaveLength(2);
  });

  // restart_test.go#TestOrchestratorRestartDelay: the replacement waits desired READY for the delay.
  it('TestOrchestratorRestartDelay: replacement started only after the delay', () => {
    const d = started('any', { delayUs: 100_000 });
    d.setState('task-001', 'failed');
    expect(d.byId('task-003').desiredState).toBe('ready');
    d.advance(99_999);
    expect(d.byId('task-003').desiredState).toBe('ready');
    d.advance(1);
    expect(d.byId('task-003').desiredState).toBe('running');
  });

  // restart_test.go#TestOrchestratorRestartMaxAttempts: MaxAttempts 1 → one replacement per slot per
  // spec version; a new spec version resets the count.
  it('TestOrchestratorRestartMaxAttempts: one restart per slot, reset by a spec change', () => {
    const d = started('any', { maxAttempts: 1 });
    d.setState('task-001', 'failed');
    d.setState('task-002', 'failed');
    expect(d.live()).toHaveLength(2);
    d.setState('task-003', 'failed');
    d.setState('task-004', 'failed');
    expect(d.live()).toHaveLength(0);
    d.serviceChanged('svc');
    expect(d.live()).toHaveLength(0);
    d.services = [service('svc', { replicas: 2, condition: 'any', delayUs: 0, maxAttempts: 1, specVersion: 2 })];
    d.tasks = d.tasks.map((t) => ({ ...t, specVersion: 2 }));
    d.setState('task-003', 'failed');
    expect(d.live()).toHaveLength(0);
  });

  // restart_test.go#TestOrchestratorRestartWindow: MaxAttempts 1 within a 500 ms window: a second
  // failure inside the window is not restarted; one after the window is.
  it('TestOrchestratorRestartWindow: restarts counted within the window only', () => {
    const d = started('any', { maxAttempts: 1, windowUs: 500_000 });
    d.setState('task-001', 'failed'); // t=0: replaced by task-003
    d.advance(100_000);
    d.setState('task-003', 'failed'); // t=100ms: 1 restart in the window → not replaced
    expect(d.live().filter((t) => t.slot === 1)).toHaveLength(0);
    d.advance(100_000);
    d.setState('task-002', 'failed'); // t=200ms: replaced by task-004
    d.advance(1 * SECOND);
    d.setState('task-004', 'failed'); // t=1.2s: the restart at 200ms is out of the window → replaced
    expect(d.live().filter((t) => t.slot === 2).map((t) => t.id)).toEqual(['task-005']);
  });

  // restart.go#Restart + drain (replicated/drain_test.go): draining a node replaces its tasks with no
  // delay, but the replacement waits for the old task to stop (at most 1 min).
  it('drain: no delay, replacement waits for the old task to stop', () => {
    const d = new Driver([service('svc', { replicas: 1, delayUs: 5 * SECOND })], [node('n1'), node('n2')]);
    d.tasks = [running('old', 1, 'n1')];
    d.updateNode(node('n1', { availability: 'drain' }));
    const fresh = d.tasks.find((t) => t.id !== 'old') as Task;
    expect(d.byId('old').desiredState).toBe('shutdown');
    expect(fresh.desiredState).toBe('ready');
    expect(d.timers.map((t) => t.timer)).toEqual(['restartWaitStop']);
    d.tasks = d.tasks.map((t) => (t.id === 'old' ? { ...t, status: { ...t.status, state: 'shutdown' } } : t));
    d.run({ kind: 'taskStopped', taskId: 'old', view: d.view() });
    expect(d.byId(fresh.id).desiredState).toBe('running');
    expect(d.timers).toEqual([]);
  });
});

describe('global orchestrator (global/global_test.go)', () => {
  const globalSvc = (condition: 'any' | 'none' = 'any') => service('g', { global: true, condition, delayUs: 0 });

  // global_test.go#TestSetup, #TestAddNode: one task per node, preassigned; a new node gets one.
  it('TestAddNode: a joining node gets a task', () => {
    const d = new Driver([globalSvc()], [node('nodeid1')]);
    d.serviceChanged('g');
    expect(d.tasks.map((t) => [t.nodeId, t.slot, t.status.state])).toEqual([['nodeid1', 0, 'new']]);
    d.updateNode(node('nodeid2'));
    expect(d.tasks.map((t) => t.nodeId)).toEqual(['nodeid1', 'nodeid2']);
  });

  // global_test.go#TestNodeAvailability: drain shuts the task down; active adds one back; pause
  // leaves things alone.
  it('TestNodeAvailability: drain, active, pause', () => {
    const d = new Driver([globalSvc()], [node('nodeid1')]);
    d.serviceChanged('g');
    d.updateNode(node('nodeid1', { availability: 'drain' }));
    expect(d.tasks.map((t) => t.desiredState)).toEqual(['shutdown']);
    d.serviceChanged('g');
    expect(d.tasks).toHaveLength(1);
    d.updateNode(node('nodeid1'));
    expect(d.live().map((t) => t.nodeId)).toEqual(['nodeid1']);
    const before = d.tasks.length;
    d.updateNode(node('nodeid1', { availability: 'pause' }));
    expect(d.tasks).toHaveLength(before);
    expect(d.live()).toHaveLength(1);
  });

  // global_test.go#TestNodeState: a DOWN node's task is shut down; READY again adds one back.
  it('TestNodeState: down then ready', () => {
    const d = new Driver([globalSvc()], [node('nodeid1')]);
    d.serviceChanged('g');
    d.updateNode(node('nodeid1', { state: 'down' }));
    expect(d.live()).toHaveLength(0);
    d.updateNode(node('nodeid1'));
    expect(d.live().map((t) => t.nodeId)).toEqual(['nodeid1']);
  });

  // global_test.go#TestTaskFailure: restart ANY recreates on the same node; NONE leaves it shut down,
  // and a service update with the same spec does not bring it back.
  it('TestTaskFailure: any restarts in place, none does not', () => {
    const d = new Driver([globalSvc('any')], [node('nodeid1')]);
    d.serviceChanged('g');
    d.setState('task-001', 'failed');
    expect(d.live().map((t) => [t.id, t.nodeId])).toEqual([['task-002', 'nodeid1']]);
    const n = new Driver([globalSvc('none')], [node('nodeid1')]);
    n.serviceChanged('g');
    n.setState('task-001', 'failed');
    expect(n.byId('task-001').desiredState).toBe('shutdown');
    n.serviceChanged('g');
    expect(n.tasks).toHaveLength(1);
  });

  // global_test.go#TestRemoveTask: a global task deleted directly is not recreated.
  it('TestRemoveTask: a deleted global task is not recreated', () => {
    const d = new Driver([globalSvc()], [node('nodeid1')]);
    d.serviceChanged('g');
    const [t] = d.tasks;
    d.tasks = [];
    d.run({ kind: 'taskDeleted', task: t as Task, service: d.services[0] });
    d.tick();
    expect(d.tasks).toEqual([]);
  });

  // global.go#reconcileServices: a node that does not meet the constraints gets no task.
  it('constraints: only matching nodes get a task', () => {
    const d = new Driver([service('g', { global: true, constraints: ['node.role==manager'] })], [node('m', { role: 'manager' }), node('w')]);
    d.serviceChanged('g');
    expect(d.tasks.map((t) => t.nodeId)).toEqual(['m']);
  });
});

describe('task reaper (taskreaper/task_reaper_test.go)', () => {
  // task_reaper_test.go#TestTaskHistory: with a history limit of 2, only the 2 newest tasks of a slot remain.
  it('TestTaskHistory: a slot keeps at most the limit, oldest terminal tasks go first', () => {
    const s = service('svc');
    const tasks = [1, 2, 3, 4].map((k) =>
      task(`t${k}`, 'svc', { slot: 1, state: k === 4 ? 'running' : 'failed', desired: k === 4 ? 'running' : 'shutdown', timestampUs: k }),
    );
    let state: ReaperState = INITIAL_REAPER_STATE;
    for (const t of tasks) state = reap(state, { kind: 'taskCreated', task: t }).state;
    const { effects } = reap(state, { kind: 'tick', services: [s], tasks, historyLimit: 2 });
    expect(effects).toEqual([{ kind: 'deleteTask', taskId: 't1' }, { kind: 'deleteTask', taskId: 't2' }]);
  });

  // task_reaper_test.go#TestTaskStateRemoveOnScaledown: desired REMOVE and shut down → deleted.
  it('TestTaskStateRemoveOnScaledown: removed tasks are deleted once stopped', () => {
    const t = task('t1', 'svc', { slot: 3, state: 'shutdown', desired: 'remove' });
    const state = reap(INITIAL_REAPER_STATE, { kind: 'taskUpdated', task: t }).state;
    expect(reap(state, { kind: 'tick', services: [], tasks: [t], historyLimit: 5 }).effects).toEqual([{ kind: 'deleteTask', taskId: 't1' }]);
    const stillRunning = task('t2', 'svc', { slot: 3, state: 'running', desired: 'remove' });
    expect(reap(INITIAL_REAPER_STATE, { kind: 'taskUpdated', task: stillRunning }).state.cleanup.toArray()).toEqual([]);
  });

  // task_reaper.go#tick: MaxAttempts > 0 overrides the limit with MaxAttempts + 1.
  it('MaxAttempts + 1 overrides the cluster limit', () => {
    const s = service('svc', { maxAttempts: 1 });
    const tasks = [1, 2, 3].map((k) => task(`t${k}`, 'svc', { slot: 1, state: 'failed', desired: 'shutdown', timestampUs: k }));
    let state: ReaperState = INITIAL_REAPER_STATE;
    for (const t of tasks) state = reap(state, { kind: 'taskCreated', task: t }).state;
    expect(reap(state, { kind: 'tick', services: [s], tasks, historyLimit: 5 }).effects).toEqual([{ kind: 'deleteTask', taskId: 't1' }]);
  });
});
