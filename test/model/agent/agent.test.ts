/**
 * The agent's task lifecycle (swarm-services.md §3 `exec.Do` table, §3.1 image
 * pull failure text; moby `daemon/cluster/executor/container/controller.go`
 * `exitError.Error` for `task: non-zero exit (N)`).
 */
import { describe, expect, test } from 'vitest';
import type { Micros } from '../../../src/sim/types.js';
import type { AgentEffect, AgentInput, AgentState } from '../../../src/model/agent/index.js';
import { agentTask, describeAgentEffect, imageCatalogue, newAgentState, step } from '../../../src/model/agent/index.js';

const us = (n: number): Micros => n as Micros;

const IMAGES = imageCatalogue({
  'web:2': { pull: '3s', start: '500ms' },
  broken: { pull: 'fail' },
  crasher: { pull: '1s', exit: { after: '10s', code: 137 } },
  batch: { pull: '1s', exit: { after: '2s', code: 0 } },
});

function run(inputs: readonly AgentInput[], initial?: AgentState): { state: AgentState; lines: string[] } {
  let state = initial ?? newAgentState({ nodeId: 'worker-1', images: IMAGES });
  const lines: string[] = [];
  for (const input of inputs) {
    const result = step(state, input);
    state = result.state;
    lines.push(...result.effects.map((effect: AgentEffect) => describeAgentEffect(effect)));
  }
  return { state, lines };
}

const assign = (id: string, image: string, desiredState: 'running' | 'ready' = 'running', at = 0): AgentInput => ({
  kind: 'assign',
  nowUs: us(at),
  task: { id, image, desiredState },
});

describe('agent lifecycle', () => {
  test('web:2 (pull 3s, start 500ms): accepted, preparing, pull timer; prepared, starting, start timer; started', () => {
    const { state, lines } = run([
      assign('t1', 'web:2'),
      { kind: 'pullTimeout', nowUs: us(3_000_000), taskId: 't1' },
      { kind: 'startTimeout', nowUs: us(3_500_000), taskId: 't1' },
    ]);
    expect(lines).toEqual([
      'reportStatus task=t1 state=accepted message="accepted" at=0us',
      'reportStatus task=t1 state=preparing message="preparing" at=0us',
      'startTimer pull task=t1 after=3000000us',
      'cacheImage web:2',
      'reportStatus task=t1 state=ready message="prepared" at=3000000us',
      'reportStatus task=t1 state=starting message="starting" at=3000000us',
      'startTimer start task=t1 after=500000us',
      'reportStatus task=t1 state=running message="started" at=3500000us',
    ]);
    expect(state.cache).toEqual(['web:2']);
  });

  test('an image not in the table pulls in the default 1s and starts at once (start 0s)', () => {
    const { lines } = run([assign('t1', 'docker.io/library/nginx'), { kind: 'pullTimeout', nowUs: us(1_000_000), taskId: 't1' }]);
    expect(lines).toContain('startTimer pull task=t1 after=1000000us');
    expect(lines).toContain('cacheImage nginx:latest');
    expect(lines.at(-1)).toBe('reportStatus task=t1 state=running message="started" at=1000000us');
  });

  test('pull: fail → Rejected, message stays "preparing", Err "No such image: broken:latest"', () => {
    const { lines, state } = run([assign('t1', 'broken')]);
    expect(lines.at(-1)).toBe('reportStatus task=t1 state=rejected message="preparing" err="No such image: broken:latest" at=0us');
    expect(state.cache).toEqual([]);
  });

  test('exit code 137 after 10s → failed "task: non-zero exit (137)", message stays "started"', () => {
    const { lines } = run([
      assign('t1', 'crasher'),
      { kind: 'pullTimeout', nowUs: us(1_000_000), taskId: 't1' },
      { kind: 'exitTimeout', nowUs: us(11_000_000), taskId: 't1' },
    ]);
    expect(lines).toContain('startTimer exit task=t1 after=10000000us');
    expect(lines.at(-1)).toBe('reportStatus task=t1 state=failed message="started" err="task: non-zero exit (137)" exit=137 at=11000000us');
  });

  test('exit code 0 → complete "finished"', () => {
    const { lines } = run([assign('t1', 'batch'), { kind: 'pullTimeout', nowUs: us(1_000_000), taskId: 't1' }, { kind: 'exitTimeout', nowUs: us(3_000_000), taskId: 't1' }]);
    expect(lines.at(-1)).toBe('reportStatus task=t1 state=complete message="finished" exit=0 at=3000000us');
  });

  test('a cached image is not pulled again: second task goes straight to prepared', () => {
    const { lines } = run([assign('t1', 'web:2'), { kind: 'pullTimeout', nowUs: us(3_000_000), taskId: 't1' }, assign('t2', 'web:2', 'running', 4_000_000)]);
    const t2 = lines.filter((line) => line.includes('task=t2'));
    expect(t2).toEqual([
      'reportStatus task=t2 state=accepted message="accepted" at=4000000us',
      'reportStatus task=t2 state=preparing message="preparing" at=4000000us',
      'reportStatus task=t2 state=ready message="prepared" at=4000000us',
      'reportStatus task=t2 state=starting message="starting" at=4000000us',
      'startTimer start task=t2 after=500000us',
    ]);
  });

  test('two tasks pulling the same image share the first pull to finish', () => {
    const { lines } = run([assign('t1', 'web:2'), assign('t2', 'web:2', 'running', 1_000_000), { kind: 'pullTimeout', nowUs: us(3_000_000), taskId: 't1' }]);
    expect(lines).toContain('cancelTimer pull task=t2');
    expect(lines).toContain('reportStatus task=t2 state=ready message="prepared" at=3000000us');
    expect(lines.filter((line) => line.startsWith('cacheImage'))).toEqual(['cacheImage web:2']);
  });

  test('desired READY parks the task at ready; desired RUNNING later starts it', () => {
    const parked = run([assign('t1', 'nginx', 'ready'), { kind: 'pullTimeout', nowUs: us(1_000_000), taskId: 't1' }]);
    expect(parked.lines.at(-1)).toBe('reportStatus task=t1 state=ready message="prepared" at=1000000us');
    const started = run([{ kind: 'desiredState', nowUs: us(6_000_000), taskId: 't1', desiredState: 'running' }], parked.state);
    expect(started.lines).toEqual([
      'reportStatus task=t1 state=starting message="starting" at=6000000us',
      'reportStatus task=t1 state=running message="started" at=6000000us',
    ]);
  });

  test('desired shutdown stops a running task and cancels its exit timer', () => {
    const { lines, state } = run([
      assign('t1', 'crasher'),
      { kind: 'pullTimeout', nowUs: us(1_000_000), taskId: 't1' },
      { kind: 'desiredState', nowUs: us(2_000_000), taskId: 't1', desiredState: 'shutdown' },
      { kind: 'exitTimeout', nowUs: us(11_000_000), taskId: 't1' },
    ]);
    expect(lines.slice(-2)).toEqual(['cancelTimer exit task=t1', 'reportStatus task=t1 state=shutdown message="shutdown" at=2000000us']);
    expect(agentTask(state, 't1')?.status.state).toBe('shutdown');
  });

  test('desired shutdown during the pull cancels the pull; a terminal task ignores later shutdowns', () => {
    const { lines } = run([
      assign('t1', 'web:2'),
      { kind: 'desiredState', nowUs: us(1_000_000), taskId: 't1', desiredState: 'shutdown' },
      { kind: 'desiredState', nowUs: us(2_000_000), taskId: 't1', desiredState: 'remove' },
      { kind: 'pullTimeout', nowUs: us(3_000_000), taskId: 't1' },
    ]);
    expect(lines.slice(3)).toEqual(['cancelTimer pull task=t1', 'reportStatus task=t1 state=shutdown message="shutdown" at=1000000us']);
  });

  test('an assignment already desired shutdown is shut down at once', () => {
    expect(run([assign('t1', 'nginx', 'ready'), assign('t1', 'nginx', 'ready')]).lines.length).toBe(3);
    const { lines } = run([{ kind: 'assign', nowUs: us(0), task: { id: 't9', image: 'nginx', desiredState: 'shutdown' } }]);
    expect(lines).toEqual(['reportStatus task=t9 state=shutdown message="shutdown" at=0us']);
  });

  test('forget drops the task and cancels its timer', () => {
    const { lines, state } = run([assign('t1', 'web:2'), { kind: 'forget', taskId: 't1' }]);
    expect(lines.at(-1)).toBe('cancelTimer pull task=t1');
    expect(state.tasks).toEqual([]);
  });
});
