/** A `docker:` expectation's `matches` is compiled when the file loads: a bad pattern is a file:line:col error, not a crash mid-run. */
import { expect, test } from 'vitest';
import { swarmModel } from '../../src/model/index.js';
import { formatScenarioError, loadScenario } from '../../src/scenario/index.js';

test('an invalid regular expression in matches is a load error at its place', () => {
  const text = "cluster: { managers: 1 }\nsteps:\n  - expect: { docker: node ls, on: manager-1, matches: '(?s)manager' }\n";
  const loaded = loadScenario({ text, file: 'x.yaml', model: swarmModel });
  expect(loaded.ok).toBe(false);
  if (loaded.ok) return;
  expect(loaded.errors.map(formatScenarioError)).toEqual([
    'x.yaml:3:56: steps[0].expect.matches: invalid regular expression: Invalid regular expression: /(?s)manager/: Invalid group',
  ]);
  const good = loadScenario({ text: text.replace('(?s)', ''), file: 'x.yaml', model: swarmModel });
  expect(good.ok).toBe(true);
});
