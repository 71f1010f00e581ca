/**
 * A table of broken scenario files and the exact errors they get
 * (issue 3, part 4: "Every error names file:line:col, the key path and what
 * was expected"; unknown keys get a did-you-mean hint; every error in a file is
 * reported, sorted by position). Run against the example ping-pong model.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { formatScenarioError, loadScenario } from '../../src/scenario/index.js';
import type { AnyModelPlugin } from '../../src/sim/index.js';
import { pingModel } from '../example-model/model.js';

function errorsOf(text: string, model: AnyModelPlugin = pingModel): string[] {
  const result = loadScenario({ text, file: 'x.yaml', model });
  return result.ok ? [] : result.errors.map(formatScenarioError);
}

const HEAD = 'cluster: { nodes: 3 }\nsteps:\n';

const cases: readonly { name: string; text: string; errors: string[] }[] = [
  {
    name: 'unknown step key: did you mean',
    text: `${HEAD}  - partiton: [[node-1], [node-2]]\n`,
    errors: ['x.yaml:3:5: steps[0].partiton: unknown key (did you mean `partition`?)'],
  },
  {
    name: 'unknown top-level key: did you mean',
    text: 'cluster: { nodes: 3 }\nstep: []\n',
    errors: [
      'x.yaml:1:1: steps: expected a list of steps, got nothing',
      'x.yaml:2:1: step: unknown key (did you mean `steps`?)',
    ],
  },
  {
    name: 'unknown key without a close match lists the keys',
    text: `${HEAD}  - cut: { from: node-1, to: node-2, zzzzzz: 1 }\n`,
    errors: ['x.yaml:3:38: steps[0].cut.zzzzzz: unknown key, expected from or to'],
  },
  {
    name: 'wrong shape of a fault',
    text: `${HEAD}  - partition: node-1\n`,
    errors: ['x.yaml:3:16: steps[0].partition: expected a list of node groups, got a string'],
  },
  {
    name: 'unknown node',
    text: `${HEAD}  - crash: node-9\n`,
    errors: ['x.yaml:3:12: steps[0].crash: expected a node of the cluster (node-1, node-2 or node-3), got "node-9" (did you mean `node-1`?)'],
  },
  {
    name: 'unknown node inside a partition',
    text: `${HEAD}  - partition: [[node-1], [node-2, nod-3]]\n`,
    errors: ['x.yaml:3:36: steps[0].partition[1][1]: expected a node of the cluster (node-1, node-2 or node-3), got "nod-3" (did you mean `node-3`?)'],
  },
  {
    name: 'unknown node named by a model step kind (nodeRefs)',
    text: `${HEAD}  - ping: { from: node-1, to: node-4 }\n`,
    errors: ['x.yaml:3:31: steps[0].ping: expected a node of the cluster (node-1, node-2 or node-3), got "node-4" (did you mean `node-1`?)'],
  },
  {
    name: 'unknown node named by an expectation kind (nodeRefs)',
    text: `${HEAD}  - expect: { delivered: node-0 }\n`,
    errors: ['x.yaml:3:26: steps[0].expect: expected a node of the cluster (node-1, node-2 or node-3), got "node-0" (did you mean `node-1`?)'],
  },
  {
    name: 'decreasing at',
    text: `${HEAD}  - at: 10s\n    crash: node-1\n  - at: 5s\n    restart: node-1\n`,
    errors: ['x.yaml:5:9: steps[1].at: expected a time at or after 10s (steps[0].at), got 5s'],
  },
  {
    name: 'both at and wait',
    text: `${HEAD}  - at: 1s\n    wait: 2s\n    heal: all\n`,
    errors: ['x.yaml:4:5: steps[0].wait: expected at most one of `at` and `wait`, got both'],
  },
  {
    name: 'bad duration (the kernel DurationError text)',
    text: `${HEAD}  - at: 10x\n    heal: all\n`,
    errors: ['x.yaml:3:9: steps[0].at: invalid duration "10x": unknown unit "x" (use ns, us, ms, s, m, h)'],
  },
  {
    name: 'a number where a duration belongs',
    text: `${HEAD}  - expect: { delivered: node-1, atLeast: 1 }\n    within: 10\n`,
    errors: ['x.yaml:4:13: steps[0].within: expected a duration like 500ms, 10s or 1m30s, got the number 10'],
  },
  {
    name: 'bad ratio (the kernel RatioError text)',
    text: 'cluster: { nodes: 3 }\nnetwork: { loss: 0.01 }\nsteps: []\n',
    errors: ['x.yaml:2:18: network.loss: invalid ratio 0.01: write a fraction of integers, like 1/100, not a decimal'],
  },
  {
    name: 'bad latency range',
    text: 'cluster: { nodes: 3 }\nnetwork: { latency: 5ms..1ms }\nsteps: []\n',
    errors: ['x.yaml:2:21: network.latency: invalid latency "5ms..1ms": the minimum is larger than the maximum'],
  },
  {
    name: 'YAML syntax error, with its position',
    text: `${HEAD}  - crash: [node-1\n`,
    errors: ['x.yaml:4:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  },
  {
    name: 'duplicate key is a YAML error',
    text: `${HEAD}  - crash: node-1\n    crash: node-2\n`,
    errors: ['x.yaml:4:5: YAML syntax: Map keys must be unique'],
  },
  {
    name: 'two actions in one step',
    text: `${HEAD}  - crash: node-1\n    restart: node-1\n`,
    errors: ['x.yaml:4:5: steps[0].restart: expected one action per step, got both `crash` and `restart`'],
  },
  {
    name: 'no action in a step',
    text: `${HEAD}  - wait: 1s\n`,
    errors: ['x.yaml:3:5: steps[0]: expected one action (run, show, expect, always, never, crash, restart, partition, cut, block, slow, heal, forget or ping), got none'],
  },
  {
    name: 'unknown invariant',
    text: 'cluster: { nodes: 3 }\ninvariants: [volatileNeverExceedsPersistant]\nsteps: []\n',
    errors: [
      'x.yaml:2:14: invariants[0]: expected an invariant of the model (volatileNeverExceedsPersistent), got "volatileNeverExceedsPersistant" (did you mean `volatileNeverExceedsPersistent`?)',
    ],
  },
  {
    name: 'missing key inside a fault points at its key',
    text: `${HEAD}  - cut: { from: node-1 }\n`,
    errors: ['x.yaml:3:5: steps[0].cut.to: expected a node name, got nothing'],
  },
  {
    name: 'empty action value',
    text: `${HEAD}  - crash:\n`,
    errors: ['x.yaml:3:5: steps[0].crash: expected a node name, got nothing'],
  },
  {
    name: 'enum with a did-you-mean, and a bad port',
    text: `${HEAD}  - block: { node: node-1, port: 99999, direction: inn }\n`,
    errors: [
      'x.yaml:3:34: steps[0].block.port: expected a port in 1..65535 like 2377, 7946/tcp or 4789/udp, got the number 99999',
      'x.yaml:3:52: steps[0].block.direction: expected one of in, out or both, got "inn" (did you mean `in`?)',
    ],
  },
  {
    name: 'a node twice in a partition',
    text: `${HEAD}  - partition: [[node-1, node-2], [node-2]]\n`,
    errors: ['x.yaml:3:36: steps[0].partition[1][0]: expected each node in one group only, got "node-2" again'],
  },
  {
    name: 'a cut from a node to itself',
    text: `${HEAD}  - cut: { from: node-1, to: node-1 }\n`,
    errors: ['x.yaml:3:30: steps[0].cut.to: expected two different nodes, got "node-1" twice'],
  },
  {
    name: 'within beside a fault',
    text: `${HEAD}  - crash: node-1\n    within: 1s\n`,
    errors: ['x.yaml:4:5: steps[0].within: `within` goes with expect, not with crash'],
  },
  {
    name: 'unknown expectation kind',
    text: `${HEAD}  - expect: { delivred: node-1 }\n`,
    errors: ['x.yaml:3:15: steps[0].expect.delivred: unknown expectation kind (did you mean `delivered`?)'],
  },
  {
    name: "an expectation kind's own schema error",
    text: `${HEAD}  - expect: { delivered: node-1, atLeast: -1 }\n`,
    errors: ['x.yaml:3:43: steps[0].expect.atLeast: expected a number >= 0, got the number -1'],
  },
  {
    name: 'show of an unknown view',
    text: `${HEAD}  - show: countrs\n`,
    errors: ['x.yaml:3:11: steps[0].show: expected a view name (counters) or a command line with `on: <node>`, got "countrs" (did you mean `counters`?)'],
  },
  {
    name: 'run without on',
    text: `${HEAD}  - run: ping node-2\n`,
    errors: ['x.yaml:3:5: steps[0].run: expected `on: <node>` beside `run` (the node to run it on), got nothing'],
  },
  {
    name: 'a variable nobody saved',
    text: `${HEAD}  - run: echo \${token}\n    on: node-1\n`,
    errors: ['x.yaml:3:10: steps[0].run: expected a variable saved by an earlier step (save: token), got ${token}'],
  },
  {
    name: 'the cluster schema of the model',
    text: 'cluster: { nodez: 3 }\nsteps: []\n',
    errors: [
      'x.yaml:1:1: cluster.nodes: expected a number, got nothing',
      'x.yaml:1:12: cluster.nodez: unknown key (did you mean `nodes`?)',
    ],
  },
  {
    name: 'not a mapping at all',
    text: '- crash: node-1\n',
    errors: ['x.yaml:1:1: expected a mapping with at least `cluster` and `steps`, got a list'],
  },
  {
    name: 'an empty file',
    text: '',
    errors: ['x.yaml:1:1: expected a mapping with at least `cluster` and `steps`, got an empty file'],
  },
  {
    name: 'not: wraps one expectation, alone in its mapping',
    text: `${HEAD}  - expect: { not: { delivered: node-1 }, within: 1s }\n`,
    errors: ['x.yaml:3:43: steps[0].expect.within: expected `not` alone in its mapping (put `within` inside it), got `within` beside it'],
  },
  {
    name: 'an unknown kind inside not',
    text: `${HEAD}  - expect: { not: { delivred: node-1 } }\n`,
    errors: ['x.yaml:3:22: steps[0].expect.not.delivred: unknown expectation kind (did you mean `delivered`?)'],
  },
  {
    name: 'a node of the cluster inside not inside a watch',
    text: `${HEAD}  - always: { not: { beats: node-9 } }\n`,
    errors: ['x.yaml:3:29: steps[0].always.not: expected a node of the cluster (node-1, node-2 or node-3), got "node-9" (did you mean `node-1`?)'],
  },
  {
    name: 'an output check on a kind without output',
    text: `${HEAD}  - expect: { delivered: node-1, equals: '3' }\n`,
    errors: ["x.yaml:3:34: steps[0].expect.equals: `equals` compares a kind's output, and `delivered` has none (use it with a kind that prints, like a command)"],
  },
  {
    name: 'notMatches with a broken regular expression',
    text: `${HEAD}  - expect: { command: count, on: node-1, notMatches: '(' }\n`,
    errors: ['x.yaml:3:55: steps[0].expect.notMatches: invalid regular expression: Invalid regular expression: /(/: Unterminated group'],
  },
  {
    name: 'notContains with a number',
    text: `${HEAD}  - expect: { command: count, on: node-1, notContains: 5 }\n`,
    errors: ['x.yaml:3:56: steps[0].expect.notContains: expected text, got the number 5'],
  },
  {
    name: 'a watch of something that is not an expectation',
    text: `${HEAD}  - always: node-1\n`,
    errors: ['x.yaml:3:13: steps[0].always: expected a mapping with one expectation kind (beats, command, delivered or reply) or `not`, got "node-1"'],
  },
  {
    name: 'for: of a watch is a duration',
    text: `${HEAD}  - never: { beats: node-1 }\n    for: forever\n`,
    errors: ['x.yaml:4:10: steps[0].for: invalid duration "forever": expected a number followed by a unit, like 10s or 1m30s'],
  },
  {
    name: 'for beside expect',
    text: `${HEAD}  - expect: { delivered: node-1 }\n    for: 1s\n`,
    errors: ['x.yaml:4:5: steps[0].for: `for` goes with always or never, not with expect'],
  },
  {
    name: 'save match without exactly one group',
    text: `${HEAD}  - run: echo a\n    on: node-1\n    save: { name: x, match: '(a)(b)' }\n`,
    errors: ['x.yaml:5:29: steps[0].save.match: expected a regular expression with exactly one group (...), got "(a)(b)"'],
  },
  {
    name: 'save as a mapping with a misspelt key',
    text: `${HEAD}  - run: echo a\n    on: node-1\n    save: { nam: x }\n`,
    errors: ['x.yaml:5:5: steps[0].save.name: expected a variable name, got nothing', 'x.yaml:5:13: steps[0].save.nam: unknown key (did you mean `name`?)'],
  },
  {
    name: 'save on a fault and on a watch',
    text: `${HEAD}  - crash: node-1\n    save: x\n  - never: { delivered: node-1 }\n    save: y\n`,
    errors: [
      'x.yaml:4:5: steps[0].save: `save` goes with a step that has an output (run, show, expect or a model step), not with crash',
      'x.yaml:6:5: steps[1].save: `save` goes with a step that has an output (run, show, expect or a model step), not with never',
    ],
  },
  {
    name: 'a variable used in the step that saves it',
    text: `${HEAD}  - run: 'echo \${x}'\n    on: node-1\n    save: x\n`,
    errors: ['x.yaml:3:10: steps[0].run: expected a variable saved by an earlier step (save: x), got ${x}'],
  },
  {
    name: 'a variable nobody saved, inside a watch: the error points at the string',
    text: `${HEAD}  - always: { command: 'echo \${nope}', on: node-1 }\n`,
    errors: ['x.yaml:3:24: steps[0].always.command: expected a variable saved by an earlier step (save: nope), got ${nope}'],
  },
  {
    name: "a variable nobody saved, in a model step's arguments",
    text: `${HEAD}  - ping: { from: node-1, to: node-2, timeout: '\${t}' }\n`,
    errors: ['x.yaml:3:48: steps[0].ping.timeout: expected a variable saved by an earlier step (save: t), got ${t}'],
  },
  {
    name: 'a variable nobody saved, in the arguments of a view',
    text: `${HEAD}  - show: 'counters \${x}'\n`,
    errors: ['x.yaml:3:11: steps[0].show: expected a variable saved by an earlier step (save: x), got ${x}'],
  },
  {
    name: 'took beside show',
    text: `${HEAD}  - show: counters\n    took: { atMost: 1s }\n`,
    errors: ['x.yaml:4:5: steps[0].took: `took` goes with run or expect, not with show'],
  },
  {
    name: 'took with bounds the wrong way round',
    text: `${HEAD}  - run: echo\n    on: node-1\n    took: { atLeast: 2s, atMost: 1s }\n`,
    errors: ['x.yaml:5:34: steps[0].took.atMost: expected a duration at or above atLeast (2s), got 1s'],
  },
  {
    name: 'took with no bound',
    text: `${HEAD}  - run: echo\n    on: node-1\n    took: {}\n`,
    errors: ['x.yaml:5:11: steps[0].took: expected `atLeast`, `atMost` or both, got neither'],
  },
  {
    name: 'took with a number',
    text: `${HEAD}  - run: echo\n    on: node-1\n    took: { atLeast: 2 }\n`,
    errors: ['x.yaml:5:22: steps[0].took.atLeast: expected a duration like 500ms, 10s or 1m30s, got the number 2'],
  },
  {
    name: 'tty is true or false, on a run step and at the top level',
    text: `tty: 1\n${HEAD}  - run: echo\n    on: node-1\n    tty: yes\n`,
    errors: ['x.yaml:1:6: tty: expected true or false, got the number 1', 'x.yaml:6:10: steps[0].tty: expected true or false, got a string'],
  },
  {
    name: 'a duplicate step id',
    text: `${HEAD}  - id: a\n    heal: all\n  - id: a\n    heal: all\n`,
    errors: ['x.yaml:5:9: steps[1].id: expected a unique step id, got "a" (also steps[0].id)'],
  },
  {
    name: 'limits',
    text: 'cluster: { nodes: 3 }\nlimits: { maxEvents: 0, maxTime: forever }\nsteps: []\n',
    errors: [
      'x.yaml:2:22: limits.maxEvents: expected a number >= 1, got the number 0',
      'x.yaml:2:34: limits.maxTime: invalid duration "forever": expected a number followed by a unit, like 10s or 1m30s',
    ],
  },
];

describe('broken scenario files get exact, positioned errors', () => {
  test.each(cases)('$name', ({ text, errors }) => {
    expect(errorsOf(text)).toEqual(errors);
  });
});

test('every error in a file is reported, sorted by position', () => {
  const text = `${HEAD}  - crash: node-9\n  - at: 1x\n    heal: all\n  - slow: { between: [node-1, node-1], latency: 1ms }\nseed: -1\n`;
  expect(errorsOf(text)).toEqual([
    'x.yaml:3:12: steps[0].crash: expected a node of the cluster (node-1, node-2 or node-3), got "node-9" (did you mean `node-1`?)',
    'x.yaml:4:9: steps[1].at: invalid duration "1x": unknown unit "x" (use ns, us, ms, s, m, h)',
    'x.yaml:6:31: steps[2].slow.between[1]: expected two different nodes, got "node-1" twice',
    'x.yaml:7:7: seed: expected a number >= 0, got the number -1',
  ]);
});

test('run: on a model without commands is a load-time error', () => {
  const { commands: _commands, ...withoutCommands } = pingModel;
  expect(errorsOf(`${HEAD}  - run: docker node ls\n    on: node-1\n`, withoutCommands)).toEqual([
    'x.yaml:3:5: steps[0].run: this model does not run docker commands yet',
  ]);
});

test('nothing in a file is executed: YAML tags for code are plain data or errors', () => {
  const result = loadScenario({ text: `${HEAD}  - crash: !!js/function "function () { throw 1 }"\n`, file: 'x.yaml', model: pingModel });
  expect(result.ok).toBe(false);
});

test('a valid file loads with its timing and actions', () => {
  const text = `${HEAD}  - at: 1s\n    crash: node-1\n  - wait: 500ms\n    restart: node-1\n  - block: { node: node-2, port: 7946/udp, direction: out, mode: drop }\n`;
  const result = loadScenario({ text, file: 'x.yaml', model: pingModel });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.scenario.steps.map((step) => [step.timing, step.action, step.position])).toEqual([
    [{ kind: 'at', us: 1_000_000 }, { kind: 'crash', node: 'node-1' }, { line: 4, col: 5 }],
    [{ kind: 'wait', us: 500_000 }, { kind: 'restart', node: 'node-1' }, { line: 6, col: 5 }],
    [
      { kind: 'next' },
      { kind: 'block', rule: { node: 'node-2', port: 7946, protocol: 'udp', direction: 'out', mode: 'drop' }, port: '7946/udp' },
      { line: 7, col: 5 },
    ],
  ]);
  expect(result.scenario.invariants).toEqual(['volatileNeverExceedsPersistent']);
  expect(result.scenario.limits).toEqual({ maxEvents: 50_000_000, maxTimeUs: 86_400_000_000 });
});

describe('expectation kinds with unions (like `leader: manager-1 | { not: manager-1 }`)', () => {
  const leaderSchema = z.strictObject({ leader: z.union([z.string(), z.strictObject({ not: z.string() })]) });
  const withLeader: AnyModelPlugin = {
    ...pingModel,
    expectations: {
      ...pingModel.expectations,
      leader: { description: 'test', schema: leaderSchema, evaluate: () => ({ holds: true, expected: '', seen: '' }) },
    },
  };
  test.each([
    ['{ leader: 5 }', ['x.yaml:3:23: steps[0].expect.leader: expected text or a mapping, got the number 5']],
    [
      '{ leader: { nott: node-1 } }',
      [
        'x.yaml:3:15: steps[0].expect.leader.not: expected text, got nothing',
        'x.yaml:3:25: steps[0].expect.leader.nott: unknown key (did you mean `not`?)',
      ],
    ],
    ['{ leader: { not: 5 } }', ['x.yaml:3:30: steps[0].expect.leader.not: expected text, got the number 5']],
    ['{ leader: node-1, within: 3s }', ['x.yaml:3:31: steps[0].expect.within: expected `within` beside `expect:` in the step, not inside it']],
  ])('expect: %s', (expectText, errors) => {
    expect(errorsOf(`${HEAD}  - expect: ${expectText}\n`, withLeader)).toEqual(errors);
  });
});

test('show: of a command line on a model without commands says so', () => {
  const { commands: _commands, ...withoutCommands } = pingModel;
  expect(errorsOf(`${HEAD}  - show: docker node ls\n    on: node-1\n`, withoutCommands)).toEqual([
    'x.yaml:3:11: steps[0].show: expected a view name (counters), got "docker node ls" (this model does not run docker commands yet)',
  ]);
});
