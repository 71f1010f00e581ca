/**
 * scenarioToYaml writes a scenario object as a file that loads back to the
 * same thing (issue 3: a shrunk property-test counterexample becomes a
 * replayable scenario file).
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { loadScenario, runScenario, scenarioToYaml, type ScenarioDocument } from '../../src/scenario/index.js';
import { pingModel } from '../example-model/model.js';

test('keys in the documented order, short collections inline, a schema line on top', () => {
  const text = scenarioToYaml(
    {
      steps: [
        { crash: 'node-1', at: '1s' },
        { partition: [['node-1'], ['node-2', 'node-3']], id: 'split' },
        { within: '2s', expect: { delivered: 'node-2', atLeast: 1 } },
      ],
      cluster: { nodes: 3 },
      seed: 4,
      name: 'found by fast-check',
    },
    { schemaPath: './schema.json', comment: 'replay: swarmsim run this.yaml' },
  );
  expect(text).toBe(
    [
      '# yaml-language-server: $schema=./schema.json',
      '# replay: swarmsim run this.yaml',
      'name: found by fast-check',
      'seed: 4',
      'cluster: { nodes: 3 }',
      'steps:',
      '  - at: 1s',
      '    crash: node-1',
      '  - id: split',
      '    partition: [ [ node-1 ], [ node-2, node-3 ] ]',
      '  - expect: { delivered: node-2, atLeast: 1 }',
      '    within: 2s',
      '',
    ].join('\n'),
  );
});

const NODES = ['node-1', 'node-2', 'node-3'];
const node = fc.constantFrom(...NODES);
const action = fc.oneof(
  node.map((name) => ({ crash: name })),
  node.map((name) => ({ restart: name })),
  fc.shuffledSubarray(NODES, { minLength: 1 }).map((group) => ({ partition: [group] })),
  fc.constant({ heal: 'all' }),
  fc.tuple(node, node).filter(([a, b]) => a !== b).map(([from, to]) => ({ ping: { from, to } })),
  node.map((name) => ({ expect: { delivered: name, atLeast: 0 } })),
);
const documentArb = fc.array(fc.tuple(fc.nat(5000), action), { maxLength: 12 }).map((pairs): ScenarioDocument => {
  const times = pairs.map(([ms]) => ms).sort((a, b) => a - b);
  return {
    name: 'generated',
    seed: 1,
    cluster: { nodes: 3 },
    steps: pairs.map(([, step], i) => ({ at: `${times[i] ?? 0}ms`, ...step })),
  };
});

test('a generated scenario written as YAML reads back equal, loads, and replays with the same hash', () => {
  fc.assert(
    fc.property(documentArb, (document) => {
      const text = scenarioToYaml(document);
      expect(parse(text)).toEqual(document);
      const first = loadScenario({ text, file: 'generated.yaml', model: pingModel });
      const again = loadScenario({ text: scenarioToYaml(document), file: 'generated.yaml', model: pingModel });
      expect(first.ok && again.ok).toBe(true);
      if (!first.ok || !again.ok) return;
      expect(runScenario(again.scenario, { model: pingModel }).traceHash).toBe(runScenario(first.scenario, { model: pingModel }).traceHash);
    }),
    { numRuns: 60, seed: 42 },
  );
});
