/**
 * Every shipped scenario (scenarios/**\/*.yaml) loads and passes with its own
 * seed: every expectation holds and no invariant is violated. These files are
 * the product's end-to-end tests and its lessons; a change in behaviour shows
 * here as the expectation that broke, with its file:line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { swarmModel } from '../../src/model/index.js';
import { loadScenario, runScenario } from '../../src/scenario/index.js';
import { yamlFiles } from '../support/scenario-files.js';


const FILES = yamlFiles('scenarios');

test('the Raft scenarios the issue asks for are shipped', () => {
  for (const name of ['leader-failover', 'leader-isolated', 'lose-two-of-three', 'split-five', 'rolling-restart-seven', 'prevote-rejoin']) {
    expect(FILES).toContain(join('scenarios', 'raft', `${name}.yaml`));
  }
  for (let n = 1; n <= 7; n += 1) expect(FILES).toContain(join('scenarios', 'raft', 'quorum', `managers-${n}.yaml`));
});

describe.each(FILES)('%s', (file) => {
  test('passes with its own seed', () => {
    const loaded = loadScenario({ text: readFileSync(file, 'utf8'), file, model: swarmModel });
    if (!loaded.ok) expect.fail(loaded.errors.map((e) => JSON.stringify(e)).join('\n'));
    expect(loaded.scenario.seed, `${file} should pin its seed`).toBeTypeOf('number');
    // Files a scenario's commands name are read from its folder, as the CLI does.
    const readFile = (path: string): string | undefined => (existsSync(join(dirname(file), path)) ? readFileSync(join(dirname(file), path), 'utf8') : undefined);
    const result = runScenario(loaded.scenario, { model: swarmModel, readFile });
    const report = [...result.failures.map((f) => JSON.stringify(f)), ...result.violations.map((v) => JSON.stringify(v))].join('\n');
    expect(report).toBe('');
    expect(result.pass).toBe(true);
    expect(result.expectations.failed).toBe(0);
    expect(result.expectations.passed).toBeGreaterThan(0);
  });
});
