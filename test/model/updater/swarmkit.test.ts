/**
 * Behaviours of SwarmKit's rolling updater, each taken from its own tests
 * (`moby/swarmkit manager/orchestrator/update/updater_test.go`) or from the
 * code they exercise (`updater.go`), replayed on the pure updater through
 * the test harness.
 */
import { describe, expect, it } from 'vitest';
import { failureRatioExceeded, settingsFor } from '../../../src/model/updater/index.js';
import { S, UpdaterHarness } from './harness.js';

describe('SwarmKit updater behaviours', () => {
  // updater_test.go#TestUpdater: "Change the image ... to force an update": every slot ends on the new image.
  it('replaces every slot with the new spec (default settings)', () => {
    const h = new UpdaterHarness({ replicas: 5 });
    h.update('web:2');
    h.run();
    expect(h.runningImages()).toEqual(Array(5).fill('web:2'));
    expect(h.service.updateStatus?.state).toBe('completed');
    expect(h.service.updateStatus?.message).toBe('update completed');
  });

  // updater_test.go#TestUpdater (Parallelism 1, Delay 10ms): the delay does not stop the update completing.
  it('parallelism 1 with a delay still updates everything', () => {
    const h = new UpdaterHarness({ replicas: 4, update: { parallelism: 1, delayUs: (S / 100) as never } });
    h.update('web:2');
    h.run();
    expect(h.count('web:2')).toBe(4);
    expect(h.maxInFlight).toBe(1);
  });

  // updater_test.go#TestUpdater (Order START_FIRST): instances unchanged, every task on the new image.
  it('start-first ends with as many slots as before, all new', () => {
    const h = new UpdaterHarness({ replicas: 3, update: { order: 'start-first', delayUs: (S / 100) as never } });
    h.update('web:2');
    h.run();
    expect(h.runningImages()).toEqual(['web:2', 'web:2', 'web:2']);
  });

  // updater_test.go#TestUpdaterOrder: start-first with old tasks slow to stop: 2x tasks exist, the old ones desired SHUTDOWN.
  it('start-first shuts the old tasks down only once the new ones run', () => {
    const h = new UpdaterHarness({ replicas: 2, stopUs: Number.POSITIVE_INFINITY, update: { order: 'start-first' } });
    h.update('web:2');
    h.run();
    const tasks = h.sortedTasks();
    expect(tasks).toHaveLength(4);
    for (const t of tasks.filter((x) => x.spec.image === 'web:1')) expect(t.desiredState).toBe('shutdown');
    for (const t of tasks.filter((x) => x.spec.image === 'web:2')) expect(t.status.state).toBe('running');
  });

  // updater_test.go#TestUpdaterTaskTimeout: stop-first with old tasks that never stop: the new task starts after the old-task timeout.
  it('stop-first waits at most the old-task timeout (1 min) for an old task that never stops', () => {
    const h = new UpdaterHarness({ replicas: 1, stopUs: Number.POSITIVE_INFINITY });
    h.update('web:2');
    h.run(59 * S);
    expect(h.count('web:2')).toBe(0);
    h.run();
    expect(h.count('web:2')).toBe(1);
    expect(h.service.updateStatus?.state).toBe('completed');
  });

  // updater_test.go#TestUpdaterFailureAction (PAUSE, parallelism 1): one new task, the rest untouched, state PAUSED.
  it('failure action pause stops after the first failed task', () => {
    const h = new UpdaterHarness({ replicas: 4, badImages: ['web:2'], update: { parallelism: 1, delayUs: (S / 2) as never, monitorUs: (S / 2) as never } });
    h.update('web:2');
    h.run();
    const fresh = h.sortedTasks().filter((t) => t.spec.image === 'web:2');
    expect(fresh).toHaveLength(1);
    expect(h.count('web:1')).toBe(3);
    expect(h.service.updateStatus?.state).toBe('paused');
    expect(h.service.updateStatus?.message).toBe(`update paused due to failure or early termination of task ${fresh[0]?.id}`);
    expect(h.service.updateStatus?.completedAt).toBeUndefined();
  });

  // updater_test.go#TestUpdaterFailureAction: "Updating again should do nothing while the update is PAUSED".
  it('a paused update does nothing when run again', () => {
    const h = new UpdaterHarness({ replicas: 3, badImages: ['web:2'] });
    h.update('web:2');
    h.run();
    const before = h.sortedTasks().length;
    h.superviseUpdate(true);
    h.run();
    expect(h.sortedTasks()).toHaveLength(before);
    expect(h.updater?.phase).toBe('done');
  });

  // updater_test.go#TestUpdaterFailureAction (CONTINUE): failures do not stop the update; every slot is replaced.
  it('failure action continue replaces every slot despite failures', () => {
    const h = new UpdaterHarness({ replicas: 4, badImages: ['web:2'], update: { failureAction: 'continue' } });
    h.update('web:2');
    h.run();
    expect(h.sortedTasks().filter((t) => t.spec.image === 'web:2')).toHaveLength(4);
    expect(h.count('web:1')).toBe(0);
    expect(h.service.updateStatus?.state).toBe('completed');
  });

  // updater.go#failureTriggersAction (ROLLBACK): the spec goes back to the previous one; the rollback then completes.
  it('failure action rollback restores the previous spec and completes the rollback', () => {
    const h = new UpdaterHarness({ replicas: 3, badImages: ['web:2'], update: { failureAction: 'rollback' } });
    h.update('web:2');
    h.run();
    expect(h.service.spec.task.image).toBe('web:1');
    expect(h.service.specVersion).toBe(1);
    expect(h.service.previousSpec).toBeUndefined();
    expect(h.service.updateStatus?.state).toBe('rollback_completed');
    expect(h.service.updateStatus?.message).toBe('rollback completed');
    expect(h.runningImages()).toEqual(['web:1', 'web:1', 'web:1']);
  });

  // updater.go#failureTriggersAction: "Never roll back a rollback" — a failing rollback with action pause ends rollback_paused.
  it('a failing rollback pauses as rollback_paused', () => {
    const h = new UpdaterHarness({ replicas: 2, badImages: ['web:1'], update: { failureAction: 'continue' } });
    h.update('web:2');
    h.run();
    h.service = { ...h.service, spec: h.service.previousSpec!, specVersion: h.service.previousSpecVersion!, previousSpec: h.service.spec, previousSpecVersion: h.service.specVersion, updateStatus: { state: 'rollback_started', startedAt: h.nowUs as never, message: 'manually requested rollback' } };
    h.superviseUpdate(true);
    h.run();
    expect(h.service.updateStatus?.state).toBe('rollback_paused');
    expect(h.service.updateStatus?.message).toMatch(/^update paused due to failure or early termination of task new-/);
  });

  // updater.go#Run + failureTriggersAction: with MaxFailureRatio 0.5 one failure in 4 slots does not trigger the action.
  it('failures under the max ratio do not trigger the action', () => {
    const h = new UpdaterHarness({ replicas: 4, failSlots: [2], update: { maxFailureRatio: 0.5 } });
    h.update('web:2');
    expect(failureRatioExceeded(1, 4, 0.5)).toBe(false);
    expect(failureRatioExceeded(3, 4, 0.5)).toBe(true);
    h.run();
    expect(h.updater?.failures).toHaveLength(1);
    expect(h.service.updateStatus?.state).toBe('completed');
    const over = new UpdaterHarness({ replicas: 4, failSlots: [2, 3, 4], update: { maxFailureRatio: 0.5 } });
    over.update('web:2');
    over.run();
    expect(over.updater?.failures).toHaveLength(3);
    expect(over.service.updateStatus?.state).toBe('paused');
  });

  // updater.go#Run: "if a delay is set we need to monitor for a period longer than the delay".
  it('delay >= monitor watches delay + 1 s after the last slot', () => {
    const s = new UpdaterHarness({ replicas: 1, update: { delayUs: (10 * S) as never, monitorUs: (5 * S) as never } }).service;
    expect(settingsFor(s, 1).finalMonitorUs).toBe(11 * S);
    const t = new UpdaterHarness({ replicas: 1, update: { delayUs: (2 * S) as never, monitorUs: (5 * S) as never } }).service;
    expect(settingsFor(t, 1).finalMonitorUs).toBe(5 * S);
  });

  // updater.go#Run: failures seen during the last delay are read by the monitor loop against delay + 1 s.
  it('delay >= monitor: a task failing during the last delay still pauses the update', () => {
    const h = new UpdaterHarness({ replicas: 2, crashAfterUs: { 'web:2': 8 * S }, update: { delayUs: (10 * S) as never, monitorUs: (5 * S) as never } });
    h.update('web:2');
    h.run(60 * S);
    expect(h.service.updateStatus?.state).toBe('paused');
    expect(h.updater?.failures).toHaveLength(1);
  });

  // updater.go#Run: Parallelism 0 means all dirty slots at once.
  it('parallelism 0 replaces every slot at once', () => {
    const h = new UpdaterHarness({ replicas: 6, update: { parallelism: 0 } });
    h.update('web:2');
    expect(h.updater?.workers).toHaveLength(6);
    h.run();
    expect(h.maxInFlight).toBe(6);
    expect(h.count('web:2')).toBe(6);
  });

  // updater.go#Run: no dirty slot (e.g. a scale-only change) completes nothing and starts nothing.
  it('a clean service starts no update', () => {
    const h = new UpdaterHarness({ replicas: 2 });
    h.superviseUpdate(true);
    expect(h.updater?.phase).toBe('done');
    expect(h.service.updateStatus).toBeUndefined();
  });

  // updater_test.go#TestUpdaterPlacement: a placement-only change keeps tasks whose node still matches.
  it('a placement-only change on matching nodes is not an update', () => {
    const h = new UpdaterHarness({ replicas: 2 });
    const spec = h.service.spec;
    h.service = { ...h.service, specVersion: 2, previousSpec: spec, spec: { ...spec, task: { ...spec.task, placement: { ...spec.task.placement, constraints: ['node.role==worker'] } } } };
    h.superviseUpdate(true);
    h.run();
    expect(h.sortedTasks().every((t) => t.id.startsWith('old-'))).toBe(true);
  });
});
