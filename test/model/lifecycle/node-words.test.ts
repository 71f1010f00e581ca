/**
 * The `node:` expectation takes `node ls`'s words in any case, and a word
 * node ls never shows is a load-time error at its place.
 */
import { describe, expect, test } from 'vitest';
import { swarmModel } from '../../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario } from '../../../src/scenario/index.js';

function load(expectation: string) {
  return loadScenario({ text: `cluster: { managers: 1, workers: 1 }\nsteps:\n  - expect: { node: ${expectation} }\n`, file: 'x.yaml', model: swarmModel });
}

function holds(expectation: string): boolean {
  const loaded = load(expectation);
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  return runScenario(loaded.scenario, { model: swarmModel, seed: 1 }).pass;
}

describe('node: in the CLI words', () => {
  test.each(['Ready', 'ready', 'READY', 'rEaDy'])('status %s of a live worker holds', (word) => {
    expect(holds(`{ worker-1: { status: ${word}, availability: ACTIVE, managerStatus: None } }`)).toBe(true);
  });

  test.each([
    ['{ manager-1: { managerStatus: leader } }', true],
    ['{ manager-1: { managerStatus: Reachable } }', false],
    ['{ worker-1: { status: Down } }', false],
    ['{ worker-1: { availability: drain } }', false],
  ])('%s holds: %s', (expectation, expected) => {
    expect(holds(expectation)).toBe(expected);
  });

  test('a word node ls never shows is a load error', () => {
    const loaded = load('{ worker-1: { status: Readyy } }');
    expect(loaded.ok ? [] : loaded.errors.map(formatScenarioError)).toEqual([
      'x.yaml:3:43: steps[0].expect.node.worker-1.status: expected a node status as node ls shows it: ready, down, unknown, disconnected, absent (any case), got "Readyy"',
    ]);
  });
});
