/**
 * The generated JSON Schema carries the issue-9 keys (issue 9: "put it in the
 * generated JSON Schema"): `not:` as a recursive reference, the output checks
 * only on kinds that report their output, `save` in both forms on every step
 * with an output, `took`/`tty` on `run`, `always`/`never` with `for`, and a
 * top-level `tty`. Generated for the example model.
 */
import { expect, test } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario/index.js';
import { pingModel } from '../example-model/model.js';

interface Shape {
  readonly properties: Record<string, { $ref?: string; anyOf?: unknown[] }>;
  readonly required?: string[];
}

const schema = scenarioJsonSchema(pingModel) as {
  properties: Record<string, unknown> & { steps: { items: { anyOf: Shape[] } } };
  definitions: { expectation: { anyOf: Shape[] } };
};
const steps = schema.properties.steps.items.anyOf;
const stepWith = (key: string): Shape => {
  const found = steps.find((shape) => key in shape.properties && shape.required?.includes(key));
  if (found === undefined) throw new Error(`no step shape with ${key}`);
  return found;
};

test('expect, always and never share one recursive expectation definition with not', () => {
  for (const key of ['expect', 'always', 'never']) expect(stepWith(key).properties[key]).toEqual({ $ref: '#/definitions/expectation' });
  const kinds = schema.definitions.expectation.anyOf.map((shape) => Object.keys(shape.properties));
  expect(kinds).toContainEqual(['not']);
  const not = schema.definitions.expectation.anyOf.find((shape) => 'not' in shape.properties);
  expect(not?.properties.not).toEqual({ $ref: '#/definitions/expectation' });
});

test('output checks sit on kinds with output only', () => {
  const byKind = new Map(schema.definitions.expectation.anyOf.map((shape) => [Object.keys(shape.properties)[0], Object.keys(shape.properties)]));
  expect(byKind.get('command')).toEqual(['command', 'on', 'contains', 'equals', 'notEquals', 'notContains', 'notMatches']);
  expect(byKind.get('delivered')).not.toContain('equals');
});

test('modifiers: save on run, show, expect and model steps; took and tty on run; for on watches; tty at the top', () => {
  expect(Object.keys(stepWith('run').properties)).toEqual(['id', 'at', 'wait', 'run', 'on', 'save', 'took', 'tty', 'env', 'stdin']);
  for (const key of ['show', 'expect', 'ping']) expect(Object.keys(stepWith(key).properties)).toContain('save');
  expect(Object.keys(stepWith('crash').properties)).not.toContain('save');
  expect(Object.keys(stepWith('always').properties)).toEqual(['id', 'at', 'wait', 'always', 'for']);
  expect(stepWith('run').properties.save?.anyOf).toHaveLength(2);
  expect(Object.keys(schema.properties)).toContain('tty');
});
