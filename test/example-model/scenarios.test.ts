/**
 * The example model's scenario files (issue 3, part 3: "exercises every fault,
 * an invariant and an expectation"): each passes, together they use every
 * fault, and each fails when its faults are taken out, so their expectations
 * really observe the faults.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { formatScenarioError, loadScenario, runScenario, scenarioToYaml, type RunResult, type ScenarioDocument } from '../../src/scenario/index.js';
import { pingModel } from './model.js';

const DIR = 'test/example-model/scenarios';
const FILES = readdirSync(DIR).filter((name) => name.endsWith('.yaml')).sort();
const FAULTS = ['crash', 'restart', 'partition', 'cut', 'block', 'slow', 'heal'];

function runText(text: string, file: string): RunResult {
  const loaded = loadScenario({ text, file, model: pingModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  return runScenario(loaded.scenario, { model: pingModel });
}

test('there are example scenario files', () => {
  expect(FILES.length).toBeGreaterThanOrEqual(5);
});

describe.each(FILES)('%s', (name) => {
  const file = join(DIR, name);
  const text = readFileSync(file, 'utf8');

  test('passes', () => {
    const result = runText(text, file);
    expect(result.failures).toEqual([]);
    expect(result.violations).toEqual([]);
    expect(result.expectations.failed).toBe(0);
    expect(result.expectations.passed).toBeGreaterThan(0);
  });

  test('fails when its faults are taken out', () => {
    const document = parse(text) as ScenarioDocument;
    const steps = document.steps.filter((step) => !FAULTS.some((fault) => fault in step));
    expect(steps.length).toBeLessThan(document.steps.length);
    const result = runText(scenarioToYaml({ ...document, steps }), file);
    expect(result.expectations.failed).toBeGreaterThan(0);
  });
});

test('together the files use every fault, and both block modes', () => {
  const used = new Set<string>();
  for (const name of FILES) {
    const document = parse(readFileSync(join(DIR, name), 'utf8')) as ScenarioDocument;
    for (const step of document.steps) {
      for (const fault of FAULTS) if (fault in step) used.add(fault);
      const block = step.block as { mode?: string } | undefined;
      if (block !== undefined) used.add(`block/${block.mode ?? 'reject'}`);
    }
  }
  expect([...used].sort()).toEqual(['block', 'block/drop', 'block/reject', 'crash', 'cut', 'heal', 'partition', 'restart', 'slow']);
});
