/**
 * The container of one task, driven by the agent's status reports (a strictly
 * forward sequence of task states, with daemon crashes in between):
 * no container before READY, one ID for its whole life, times in order, a
 * status text that matches its state, and an exit code only once exited.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Micros } from '../../../src/sim/types.js';
import { type Container, type ContainerMeta, containerOnCrash, containerOnStatus } from '../../../src/model/engine/containers.js';
import { containerStatus } from '../../../src/model/docker/render/containers.js';
import { canTransition } from '../../../src/model/tasks/states.js';
import type { TaskState } from '../../../src/model/store/objects.js';

const META: ContainerMeta = { taskId: 't1', name: 'web.1.t1', image: 'nginx:latest', path: 'nginx', args: [], labels: {}, ports: [], network: 'bridge' };

/** The states an agent reports (the others are written by managers). */
const REPORTED: readonly TaskState[] = ['accepted', 'preparing', 'ready', 'starting', 'running', 'complete', 'shutdown', 'failed', 'rejected'];

type Input = { readonly kind: 'status'; readonly state: TaskState; readonly exitCode: number; readonly afterUs: number } | { readonly kind: 'crash'; readonly afterUs: number };

const inputArb: fc.Arbitrary<Input> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('status' as const), state: fc.constantFrom(...REPORTED), exitCode: fc.integer({ min: 0, max: 255 }), afterUs: fc.integer({ min: 0, max: 5_000_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), afterUs: fc.integer({ min: 0, max: 5_000_000 }) }) },
);

describe('task container lifecycle', () => {
  it('keeps its invariants for any forward sequence of reports and crashes', () => {
    fc.assert(
      fc.property(fc.array(inputArb, { maxLength: 30 }), (inputs) => {
        let now = 0;
        let state: TaskState = 'assigned';
        let container: Container | undefined;
        let ids = 0;
        let seenReady = false;
        for (const input of inputs) {
          now += input.afterUs;
          if (input.kind === 'crash') {
            if (container !== undefined) container = containerOnCrash(container, now as Micros);
            state = 'assigned'; // the restarted agent starts the task over
            continue;
          }
          if (!canTransition(state, input.state)) continue;
          state = input.state;
          if (state === 'ready' || state === 'starting' || state === 'running') seenReady = true;
          const before = container;
          container = containerOnStatus(container, META, { state, timestamp: now as Micros, message: '', err: '', exitCode: input.exitCode }, () => `id${++ids}`);
          if (!seenReady) expect(container).toBeUndefined();
          if (before !== undefined) expect(container?.id).toBe(before.id);
          if (container === undefined) continue;
          expect(ids).toBe(1);
          expect(container.createdUs).toBeLessThanOrEqual(now);
          if (container.startedUs !== undefined) expect(container.startedUs).toBeGreaterThanOrEqual(container.createdUs);
          if (container.state === 'exited') expect(container.finishedUs).toBeGreaterThanOrEqual(container.startedUs ?? container.createdUs);
          if (container.state === 'running') expect(state).toBe('running');
          const text = containerStatus(container, now + 1_000_000);
          if (container.state === 'running') expect(text).toMatch(/^Up /);
          if (container.state === 'created') expect(text).toBe('Created');
          if (container.state === 'exited') expect(text).toMatch(new RegExp(`^Exited \\(${container.exitCode}\\) .+ ago$`));
          if (container.state !== 'exited') expect(container.exitCode).toBe(0);
        }
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });
});
