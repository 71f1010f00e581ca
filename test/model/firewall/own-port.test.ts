/**
 * A firewall rule on a manager's own 2377 cuts the other nodes off from it,
 * never the manager from itself: SwarmKit's agent on a manager reaches its
 * local manager in-process, so the manager's own node stays Ready while the
 * workers, whose heartbeats are rejected, go Down.
 */
import { expect, test } from 'vitest';
import { swarmModel } from '../../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario } from '../../../src/scenario/index.js';

test('an inbound block on the manager\'s 2377 leaves the manager Ready and takes the worker Down', () => {
  const text =
    'cluster: { managers: 1, workers: 1 }\nsteps:\n' +
    '  - block: { node: manager-1, port: 2377, direction: in }\n' +
    '  - never: { node: { manager-1: { status: down } } }\n    for: 40s\n' +
    '  - expect: { node: { worker-1: { status: down } } }\n    within: 30s\n' +
    '  - wait: 15s\n    expect: { node: { manager-1: { status: ready } } }\n';
  const loaded = loadScenario({ text, file: 'x.yaml', model: swarmModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  const result = runScenario(loaded.scenario, { model: swarmModel, seed: 3 });
  expect(result.failures).toEqual([]);
  expect(result.expectations.failed).toBe(0);
});
