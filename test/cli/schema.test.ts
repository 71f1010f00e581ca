/**
 * scenarios/schema.json is generated from the zod validators for the swarm
 * model (issue 3, part 4) and must not go stale; every shipped scenario points
 * editors at it on its first line.
 */
import { readFileSync } from 'node:fs';
import { relative, dirname } from 'node:path';
import { expect, test } from 'vitest';
import { swarmModel } from '../../src/model/index.js';
import { scenarioJsonSchemaText } from '../../src/scenario/index.js';
import { yamlFiles } from '../support/scenario-files.js';

const REGENERATE = 'npm run build && node dist/src/cli/main.js schema --out scenarios/schema.json';

test(`scenarios/schema.json is up to date (regenerate: ${REGENERATE})`, () => {
  expect(readFileSync('scenarios/schema.json', 'utf8')).toBe(scenarioJsonSchemaText(swarmModel));
});


test('every shipped scenario starts with the yaml-language-server schema line', () => {
  const files = yamlFiles('scenarios');
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const schema = relative(dirname(file), 'scenarios/schema.json');
    const expected = `# yaml-language-server: $schema=${schema.startsWith('.') ? schema : `./${schema}`}`;
    expect(readFileSync(file, 'utf8').split('\n')[0], file).toBe(expected);
  }
});

test('the schema names every action a step may have', () => {
  const schema = JSON.parse(scenarioJsonSchemaText(swarmModel)) as {
    properties: { steps: { items: { anyOf: { properties: Record<string, unknown> }[] } } };
  };
  const actions = schema.properties.steps.items.anyOf.map((shape) =>
    Object.keys(shape.properties).filter((key) => !['id', 'at', 'wait', 'on', 'save', 'within', 'for', 'took', 'tty', 'env', 'stdin'].includes(key)),
  );
  expect(actions.flat().sort()).toEqual(
    [...['show', 'crash', 'restart', 'partition', 'cut', 'block', 'slow', 'heal', 'expect', 'always', 'never'], ...Object.keys(swarmModel.steps), ...(swarmModel.commands ? ['run'] : [])].sort(),
  );
});
