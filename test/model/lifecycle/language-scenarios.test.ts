/**
 * The shipped scenarios of scenarios/language/ pass with their seed (the
 * shipped-scenarios test runs them); here each is changed in the one place
 * its story rests on, and must then fail: the watches, the timed joins, the
 * token comparison, the placement, the stop/crash difference and the lock.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { swarmModel } from '../../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario, type RunResult } from '../../../src/scenario/index.js';

function runFile(name: string, change: (text: string) => string): RunResult {
  const file = `scenarios/language/${name}.yaml`;
  const original = readFileSync(file, 'utf8');
  const text = change(original);
  expect(text).not.toBe(original);
  const loaded = loadScenario({ text, file, model: swarmModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  return runScenario(loaded.scenario, { model: swarmModel });
}

const messages = (result: RunResult): string[] => result.failures.map((f) => f.message);

describe('scenarios/language fail when their point is broken', () => {
  test('failover: a worker that does go Down violates its never watch', () => {
    const result = runFile('failover-workers-stay-up', (t) => t.replace('  - at: 30s\n    crash: manager-1\n', '  - at: 30s\n    crash: manager-1\n  - crash: worker-2\n'));
    expect(messages(result)).toEqual([expect.stringMatching(/^expected never worker-2 status=down \(from [\d.]+s to the end\), failed at event \d+: saw worker-2 status=Down/)]);
    expect(result.failures[0]).toMatchObject({ kind: 'watch', stepId: 'worker-2-never-down' });
  });

  test('firewalls: the two joins take what their rule makes them take', () => {
    const swapped = runFile('join-through-firewalls', (t) => t.replace('mode: reject', 'mode: REJECT').replace('mode: drop', 'mode: reject').replace('mode: REJECT', 'mode: drop'));
    expect(swapped.failures.map((f) => f.stepId)).toEqual(['join-through-reject', 'join-through-reject', 'join-through-drop', 'join-through-drop', 'join-open']);
    // (worker-1 joined through the drop rule's background retries, so its last join finds it in a swarm.)
  });

  test('token rotation: without the rotation the token equals the saved one and the old token still joins', () => {
    const result = runFile('token-rotation', (t) => t.replace('run: docker swarm join-token --rotate worker', 'run: docker swarm join-token worker'));
    expect(result.failures.map((f) => f.stepId ?? f.kind)).toEqual(['expectation', 'old-token-refused', 'step']);
  });

  test('explicit nodes: without the engine label on big the service has nowhere to go', () => {
    const result = runFile('explicit-nodes', (t) => t.replace('engineLabels: { disk: ssd }, labels', 'engineLabels: { disk: hdd }, labels').replace('seed: 5', 'seed: 5\nlimits: { maxTime: 1m }'));
    expect(result.pass).toBe(false);
  });

  test('stop/start: a crash instead of a stop shows killed containers', () => {
    const result = runFile('daemon-stop-start', (t) => t.replace('    stop: worker-1\n', '    crash: worker-1\n'));
    expect(messages(result)).toEqual([expect.stringMatching(/output matching \/Exited \\\(0\\\)\//)]);
  });

  test('autolock: without autolock the restarted manager is not locked', () => {
    const result = runFile('autolock', (t) => t.replace('run: docker swarm update --autolock=true', 'run: docker swarm update --autolock=false'));
    expect(result.pass).toBe(false);
    expect(messages(result).some((m) => m.includes('Swarm: locked'))).toBe(true);
  });
});
