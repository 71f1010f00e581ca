/**
 * Task states and desired-state rules.
 * Sources: swarmkit api/types.proto#TaskState (values, order);
 * swarmkit manager/orchestrator/replicated/services.go#setTasksDesiredState
 * ("time travel is not allowed"); swarmkit manager/orchestrator/task.go#NewTask.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Micros } from '../../../src/sim/types.js';
import type { Service } from '../../../src/model/store/objects.js';
import {
  TASK_STATES,
  TASK_STATE_VALUES,
  canSetDesired,
  canTransition,
  isTerminal,
  newTask,
  prettyTaskState,
  withDesiredState,
} from '../../../src/model/tasks/index.js';

describe('task states (api/types.proto#TaskState)', () => {
  it('have SwarmKit numeric values in proto order', () => {
    expect(TASK_STATES.map((s) => [s, TASK_STATE_VALUES[s]])).toEqual([
      ['new', 0], ['pending', 64], ['assigned', 192], ['accepted', 256], ['preparing', 320],
      ['ready', 384], ['starting', 448], ['running', 512], ['complete', 576], ['shutdown', 640],
      ['failed', 704], ['rejected', 768], ['remove', 800], ['orphaned', 832],
    ]);
  });

  it('transitions only move forward', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TASK_STATES), fc.constantFrom(...TASK_STATES), (a, b) => {
        expect(canTransition(a, b)).toBe(TASK_STATES.indexOf(b) > TASK_STATES.indexOf(a));
      }),
    );
  });

  it('terminal means past running', () => {
    expect(TASK_STATES.filter(isTerminal)).toEqual(['complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned']);
  });

  it('PrettyPrint capitalises', () => {
    expect(prettyTaskState('running')).toBe('Running');
    expect(prettyTaskState('complete')).toBe('Complete');
  });
});

describe('desired state never goes back (services.go#setTasksDesiredState)', () => {
  const service: Service = {
    id: 'svc', version: 3, createdAt: 0 as Micros, updatedAt: 0 as Micros, specVersion: 3,
    spec: {
      name: 'web', labels: {}, mode: { kind: 'replicated', replicas: 1 }, endpoint: { ports: [] },
      task: {
        image: 'nginx',
        resources: { limits: { nanoCPUs: 0, memoryBytes: 0 }, reservations: { nanoCPUs: 0, memoryBytes: 0 } },
        restartPolicy: { condition: 'any', delayUs: 5_000_000 as Micros, maxAttempts: 0, windowUs: 0 as Micros },
        placement: { constraints: [], preferences: [], platforms: [], maxReplicas: 0 },
      },
    },
  };

  it('NewTask: NEW, "created", desired RUNNING, spec version of the service (orchestrator/task.go#NewTask)', () => {
    const t = newTask({ id: 't1', service, slot: 2, nodeId: '', nowUs: 7 as Micros });
    expect([t.status.state, t.status.message, t.desiredState, t.specVersion, t.slot]).toEqual(['new', 'created', 'running', 3, 2]);
  });

  it('REMOVE is not lowered to SHUTDOWN; RUNNING can be raised to SHUTDOWN', () => {
    const t = newTask({ id: 't1', service, slot: 1, nodeId: '', nowUs: 0 as Micros });
    const removed = withDesiredState(t, 'remove');
    expect(removed.desiredState).toBe('remove');
    expect(withDesiredState(removed, 'shutdown')).toBe(removed);
    expect(withDesiredState(t, 'shutdown').desiredState).toBe('shutdown');
    expect(canSetDesired('ready', 'running')).toBe(true);
    expect(canSetDesired('running', 'ready')).toBe(false);
    expect(canSetDesired('running', 'failed')).toBe(false);
  });
});
