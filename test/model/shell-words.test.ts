/**
 * A `run:`/`show:` line is typed at a shell: `docker ...` or one of the
 * programs swarmsim installs (curl, swarmctl, ...); any other first word gets
 * bash's "command not found" (exit 127), while a `docker:` expectation leaves
 * the word docker out.
 */
import { expect, test } from 'vitest';
import { swarmModel } from '../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario } from '../../src/scenario/index.js';

function run(steps: string) {
  const loaded = loadScenario({ text: `cluster: { managers: 1 }\nsteps:\n${steps}`, file: 'x.yaml', model: swarmModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  return runScenario(loaded.scenario, { model: swarmModel, seed: 1 });
}

test('an unknown program in a run step is not found by the shell; a docker expectation needs no word docker', () => {
  const result = run('  - run: kubectl get pods\n    on: manager-1\n  - expect: { docker: node ls, on: manager-1, contains: manager-1 }\n');
  expect(result.output).toContain('bash: kubectl: command not found');
  expect(result.failures.map((f) => f.message)).toEqual(['run failed: kubectl get pods exited 127: bash: kubectl: command not found']);
  expect(result.expectations).toEqual({ passed: 1, failed: 0 });
});

test('show: of an unknown program prints the same, and docker lines still run', () => {
  const result = run('  - show: node ls\n    on: manager-1\n  - run: docker node ls\n    on: manager-1\n');
  expect(result.output.join('\n')).toContain('bash: node: command not found');
  expect(result.output.join('\n')).toMatch(/manager-1\s+Ready\s+Active\s+Leader/);
});
