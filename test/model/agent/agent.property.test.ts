/**
 * Properties of the agent over random inputs (swarm-services.md §1: states are
 * "a lamport clock", only forward; §3.1: a failing pull rejects the task):
 * reported states only move forward per task; a task whose image cannot be
 * pulled never reaches running; an image in the cache is never pulled again.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Micros } from '../../../src/sim/types.js';
import type { AgentInput, AgentState } from '../../../src/model/agent/index.js';
import { agentTask, imageCatalogue, newAgentState, step } from '../../../src/model/agent/index.js';
import { stateBefore } from '../../../src/model/tasks/states.js';
import type { TaskState } from '../../../src/model/store/objects.js';

const IMAGES = imageCatalogue({ ok: { pull: '1s', start: '1s' }, broken: { pull: 'fail' }, crash: { exit: { after: '2s', code: 1 } }, done: { start: '0s', exit: { after: '1s', code: 0 } } });
const TASK_IDS = ['t1', 't2', 't3', 't4'];
const IMAGE_REFS = ['ok', 'broken', 'crash', 'done', 'plain'];

const inputArb: fc.Arbitrary<(nowUs: Micros) => AgentInput> = fc.oneof(
  fc.record({ id: fc.constantFrom(...TASK_IDS), image: fc.constantFrom(...IMAGE_REFS), desired: fc.constantFrom<TaskState>('ready', 'running') }).map(
    ({ id, image, desired }) => (nowUs: Micros): AgentInput => ({ kind: 'assign', nowUs, task: { id, image, desiredState: desired } }),
  ),
  fc.record({ id: fc.constantFrom(...TASK_IDS), desired: fc.constantFrom<TaskState>('ready', 'running', 'shutdown', 'remove') }).map(
    ({ id, desired }) => (nowUs: Micros): AgentInput => ({ kind: 'desiredState', nowUs, taskId: id, desiredState: desired }),
  ),
  fc.record({ id: fc.constantFrom(...TASK_IDS), kind: fc.constantFrom('pullTimeout', 'startTimeout', 'exitTimeout') as fc.Arbitrary<'pullTimeout' | 'startTimeout' | 'exitTimeout'> }).map(
    ({ id, kind }) => (nowUs: Micros): AgentInput => ({ kind, nowUs, taskId: id }),
  ),
  fc.constantFrom(...TASK_IDS).map((id) => (): AgentInput => ({ kind: 'forget', taskId: id })),
);

test('states only move forward; a failed pull never runs; a cached image never pulls again', () => {
  fc.assert(
    fc.property(fc.array(inputArb, { maxLength: 60 }), (makers) => {
      let state: AgentState = newAgentState({ nodeId: 'n', images: IMAGES });
      const last = new Map<string, TaskState>();
      makers.forEach((make, i) => {
        const input = make((i * 500_000) as Micros);
        if (input.kind === 'forget') last.delete(input.taskId);
        if (input.kind === 'assign' && agentTask(state, input.task.id) === undefined) last.delete(input.task.id);
        const cachedBefore = new Set(state.cache);
        const result = step(state, input);
        for (const effect of result.effects) {
          if (effect.kind === 'reportStatus') {
            const previous = last.get(effect.taskId);
            if (previous !== undefined) expect(stateBefore(previous, effect.status.state)).toBe(true);
            last.set(effect.taskId, effect.status.state);
            const image = agentTask(result.state, effect.taskId)?.image;
            if (image === 'broken:latest') expect(['accepted', 'preparing', 'rejected', 'shutdown']).toContain(effect.status.state);
          }
          if (effect.kind === 'startTimer' && effect.timer === 'pull') {
            expect(cachedBefore.has(agentTask(result.state, effect.taskId)?.image ?? '')).toBe(false);
          }
        }
        state = result.state;
      });
    }),
    { numRuns: 500 },
  );
});
