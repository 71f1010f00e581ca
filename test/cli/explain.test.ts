/**
 * `swarmsim check --explain FILE` (issue 9, part 8): before running, list the
 * nodes the cluster defines, every variable (where `save:` sets it and where
 * `${name}` uses it), every watch with its window, and the steps. And a
 * violated watch makes `run` exit 1 while the run goes on to the end.
 */
import { expect, test } from 'vitest';
import { main } from '../../src/cli/program.js';
import { pingModel } from '../example-model/model.js';
import { memoryIo } from './memory-io.js';

const FILE = [
  'seed: 3',
  'cluster: { nodes: 3, heartbeat: 100ms }',
  'steps:',
  '  - id: no-lost-pings',
  '    always: { delivered: node-2, atMost: 5 }',
  '    for: 2s',
  '  - run: echo node-2',
  '    on: node-1',
  '    save: target',
  '  - id: counted',
  '    at: 1s',
  "    expect: { command: 'count ${target}', on: node-1 }",
  "    save: { name: beats, match: 'beats (\\d+)' }",
  "  - show: 'echo ${target} ${beats}'",
  '    on: node-3',
  '  - never: { not: { beats: node-1, atLeast: 0 } }',
  '',
].join('\n');

async function cli(argv: string[], text = FILE) {
  const io = memoryIo({ 'x.yaml': text });
  const code = await main(argv, io, { model: pingModel, version: '0' });
  return { code, out: io.outText(), err: io.errText() };
}

test('check --explain lists nodes, variables, watches and steps', async () => {
  const { code, out, err } = await cli(['check', '--explain', 'x.yaml']);
  expect(err).toBe('');
  expect(code).toBe(0);
  expect(out.split('\n')).toEqual([
    'x.yaml: ok (5 steps)',
    '  nodes (3): node-1, node-2, node-3',
    '  variables (2):',
    '    ${target} set by steps[1] line 7; used by steps[2] (counted) line 12, steps[3] line 14',
    '    ${beats} set by steps[2] (counted) line 12; used by steps[3] line 14',
    '  watches (2):',
    "    steps[0] (no-lost-pings) line 5: always { delivered: node-2, atMost: 5 }, from the step's start for 2s",
    "    steps[4] line 16: never { not: { beats: node-1, atLeast: 0 } }, from the step's start to the end of the run",
    '  steps (5):',
    '    steps[0] (no-lost-pings) line 5: next: always { delivered: node-2, atMost: 5 } for 2s',
    '    steps[1] line 7: next: run node-1 echo node-2, save ${target}',
    "    steps[2] (counted) line 12: at 1s: expect { command: \"count ${target}\", on: node-1 }, save ${beats} from /beats (\\d+)/",
    '    steps[3] line 14: next: show node-3 echo ${target} ${beats}',
    '    steps[4] line 16: next: never { not: { beats: node-1, atLeast: 0 } }',
    '',
  ]);
});

test('without --explain, check prints one line per file', async () => {
  expect((await cli(['check', 'x.yaml'])).out).toBe('x.yaml: ok (5 steps)\n');
});

test('the file runs: captures flow into later steps; a violated watch exits 1 at the end', async () => {
  const passing = await cli(['run', 'x.yaml']);
  expect(passing.out).toContain('[1s] node-3$ echo node-2 18\nnode-2 18\n');
  expect(passing.code).toBe(0);
  const watched = await cli(['run', 'x.yaml', '--quiet'], FILE.replace('beats: node-1, atLeast: 0', 'beats: node-1, atLeast: 100'));
  expect(watched.code).toBe(1);
  expect(watched.out.split('\n').slice(0, 1)).toEqual([
    'x.yaml:16: expected never not (node-1 beats >= 100) (from 1s to the end), failed at event 84: saw 18 (at 1s)',
  ]);
  expect(watched.out).toMatch(/^x\.yaml: FAIL seed=3 events=174 simulated=2s /m);
});

test('--json: a watch failure carries its step index, id and event', async () => {
  const text = 'seed: 1\ncluster: { nodes: 2, heartbeat: 100ms }\nsteps:\n  - id: quiet\n    never: { beats: node-2, atLeast: 1 }\n    for: 150ms\n';
  const { code, out } = await cli(['run', 'x.yaml', '--json', '--quiet'], text);
  expect(code).toBe(1);
  const result = JSON.parse(out) as { failures: unknown[]; expectations: unknown };
  expect(result.failures).toEqual([
    {
      kind: 'watch',
      where: 'x.yaml:5',
      step: 0,
      id: 'quiet',
      event: 3,
      atUs: 101_000,
      message: 'expected never node-2 beats >= 1 (from 0s for 150ms), failed at event 3: saw 1',
    },
  ]);
  expect(result.expectations).toEqual({ passed: 0, failed: 1 });
});

test('--explain shows model step arguments, within, and a file-wide tty', async () => {
  const text = 'tty: true\ncluster: { nodes: 2 }\nsteps:\n  - ping: { from: node-1, to: node-2 }\n  - expect: { delivered: node-2, atLeast: 1 }\n    within: 1s\n';
  const { out } = await cli(['check', '--explain', 'x.yaml'], text);
  expect(out.split('\n').slice(-5)).toEqual([
    '  steps (2):',
    '    steps[0] line 4: next: ping { from: node-1, to: node-2 }',
    '    steps[1] line 5: next: expect { delivered: node-2, atLeast: 1 } within 1s',
    '  commands run in a terminal (tty: true)',
    '',
  ]);
});
