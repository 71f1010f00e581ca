/**
 * The CLI in-process through `main(argv, io)` (issue 3, part 5): every exit
 * code (0 all held, 1 an expectation failed or an invariant broke, 2 bad
 * input), the exact summary line, `--json` (exactly one object per file on
 * stdout), `--quiet`, `--seed`, `--trace`, `check`, `schema`, `--version`,
 * `--help`, and no stack trace for user mistakes. Runs the example model.
 */
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/program.js';
import { pingModel } from '../example-model/model.js';
import { memoryIo } from './memory-io.js';

const PASSING = 'seed: 3\ncluster: { nodes: 2 }\nsteps:\n  - ping: { from: node-1, to: node-2 }\n  - expect: { delivered: node-2, atLeast: 1 }\n';
const FAILING = 'seed: 3\ncluster: { nodes: 2 }\nsteps:\n  - expect: { delivered: node-2, atLeast: 1 }\n';
const VIOLATING = 'seed: 3\ncluster: { nodes: 2 }\nsteps:\n  - ping: { from: node-1, to: node-2 }\n  - forget: node-2\n';
const INVALID = 'cluster: { nodes: 2 }\nsteps:\n  - crash: node-7\n  - partition: node-1\n';
const UNSEEDED = 'cluster: { nodes: 2 }\nsteps:\n  - heal: all\n';

const FILES = { 'pass.yaml': PASSING, 'fail.yaml': FAILING, 'violate.yaml': VIOLATING, 'invalid.yaml': INVALID, 'unseeded.yaml': UNSEEDED };
const HASH = /^[0-9a-f]{64}$/;

async function cli(argv: string[], files: Readonly<Record<string, string>> = FILES) {
  const io = memoryIo(files);
  const code = await main(argv, io, { model: pingModel, version: '9.8.7' });
  return { code, out: io.outText(), err: io.errText(), io };
}

describe('exit code 0', () => {
  test('a passing file: the seed first, then step output, then the summary line', async () => {
    const { code, out, err } = await cli(['run', 'pass.yaml']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual(['seed 3 (pass.yaml)', '[2ms] ping', 'pong in 2ms']);
    expect(lines[3]).toMatch(/^pass\.yaml: pass seed=3 events=2 simulated=2ms trace=[0-9a-f]{64}$/);
    expect(lines).toHaveLength(4);
  });

  test('--seed overrides the file; a file without a seed gets one chosen at random, printed', async () => {
    expect((await cli(['run', 'pass.yaml', '--seed', '11'])).out.split('\n')[0]).toBe('seed 11 (pass.yaml; from --seed)');
    const { code, out } = await cli(['run', 'unseeded.yaml']);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('seed 1234 (unseeded.yaml; chosen at random, replay with --seed 1234)');
    expect(out).toMatch(/unseeded\.yaml: pass seed=1234 /);
  });

  test('check: every file valid', async () => {
    const { code, out } = await cli(['check', 'pass.yaml', 'fail.yaml']);
    expect(code).toBe(0);
    expect(out).toBe('pass.yaml: ok (2 steps)\nfail.yaml: ok (1 step)\n');
  });

  test('--version and --help', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, out: '9.8.7\n' });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: swarmsim [options] [command]');
    expect(help.out).toContain('$ swarmsim run scenarios/raft/*.yaml --seed 7');
    const runHelp = await cli(['run', '--help']);
    expect(runHelp.out).toContain('--trace <file>');
  });

  test('schema prints the JSON Schema of the model, or writes it with --out', async () => {
    const { code, out } = await cli(['schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(out) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(['name', 'description', 'seed', 'cluster', 'network', 'images', 'files', 'tty', 'steps', 'invariants', 'limits']);
    const written = await cli(['schema', '--out', 'schema.json']);
    expect(written.io.written.get('schema.json')).toBe(out);
  });
});

describe('exit code 1', () => {
  test('a failed expectation: its file:line and both sides, then FAIL', async () => {
    const { code, out } = await cli(['run', 'fail.yaml']);
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines[1]).toBe('fail.yaml:4: expected node-2 persistent received >= 1, saw 0 (at 0s)');
    expect(lines[2]).toMatch(/^fail\.yaml: FAIL seed=3 events=0 simulated=0s trace=[0-9a-f]{64}$/);
  });

  test('a violated invariant, named with its event number and time', async () => {
    const { code, out } = await cli(['run', 'violate.yaml']);
    expect(code).toBe(1);
    expect(out).toContain('violate.yaml: invariant volatileNeverExceedsPersistent violated at event 2 (2ms): node-2: volatile 1 > persistent 0\n');
    expect(out).toMatch(/violate\.yaml: FAIL seed=3 /);
  });

  test('several files: one summary line each, exit 1 if any failed', async () => {
    const { code, out } = await cli(['run', 'pass.yaml', 'fail.yaml', '--quiet']);
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/ trace=.*/, ''))).toEqual([
      'pass.yaml: pass seed=3 events=2 simulated=2ms',
      'fail.yaml:4: expected node-2 persistent received >= 1, saw 0 (at 0s)',
      'fail.yaml: FAIL seed=3 events=0 simulated=0s',
    ]);
  });
});

describe('exit code 2', () => {
  test('an invalid scenario: every error on stderr, nothing runs', async () => {
    const { code, out, err } = await cli(['run', 'pass.yaml', 'invalid.yaml']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      'invalid.yaml:3:12: steps[0].crash: expected a node of the cluster (node-1 or node-2), got "node-7" (did you mean `node-1`?)\n' +
        'invalid.yaml:4:16: steps[1].partition: expected a list of node groups, got a string\n',
    );
  });

  test('check of an invalid scenario', async () => {
    const { code, out, err } = await cli(['check', 'pass.yaml', 'invalid.yaml']);
    expect(code).toBe(2);
    expect(out).toBe('pass.yaml: ok (2 steps)\n');
    expect(err.split('\n')).toHaveLength(3);
  });

  test.each([
    [['run', 'missing.yaml'], 'swarmsim: cannot read missing.yaml: no such file\n'],
    [['run', 'pass.yaml', '--seed', 'abc'], "error: option '--seed <n>' argument 'abc' is invalid. expected a whole number >= 0, got \"abc\"\n"],
    [['run', 'pass.yaml', '--seed', '-3'], "error: option '--seed <n>' argument '-3' is invalid. expected a whole number >= 0, got \"-3\"\n"],
    [['run', 'pass.yaml', '--frobnicate'], "error: unknown option '--frobnicate'\n"],
    [['run'], "error: missing required argument 'files'\n"],
    [['launch', 'pass.yaml'], "error: unknown command 'launch'\n"],
    [['run', 'pass.yaml', 'fail.yaml', '--trace', 't.ndjson'], 'swarmsim: --trace takes one scenario file at a time\n'],
  ])('%j', async (argv, firstLine) => {
    const { code, out, err } = await cli(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.startsWith(firstLine)).toBe(true);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('no arguments: the usage on stderr', async () => {
    const { code, err } = await cli([]);
    expect(code).toBe(2);
    expect(err).toContain('Usage: swarmsim');
  });
});

describe('--json', () => {
  test('stdout holds exactly one JSON object per file; human output goes to stderr', async () => {
    const { code, out, err } = await cli(['run', 'pass.yaml', 'fail.yaml', 'violate.yaml', '--json']);
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const object of objects) {
      expect(Object.keys(object)).toEqual(['file', 'pass', 'seed', 'events', 'simulatedUs', 'traceHash', 'expectations', 'failures', 'violations']);
      expect(object.traceHash).toMatch(HASH);
    }
    expect(objects[0]).toMatchObject({ file: 'pass.yaml', pass: true, seed: 3, events: 2, simulatedUs: 2000, expectations: { passed: 1, failed: 0 }, failures: [], violations: [] });
    expect(objects[1]).toMatchObject({
      file: 'fail.yaml',
      pass: false,
      expectations: { passed: 0, failed: 1 },
      failures: [{ kind: 'expectation', where: 'fail.yaml:4', atUs: 0, message: 'expected node-2 persistent received >= 1, saw 0' }],
    });
    expect(objects[2]).toMatchObject({
      file: 'violate.yaml',
      violations: [{ name: 'volatileNeverExceedsPersistent', event: 2, atUs: 2000, detail: 'node-2: volatile 1 > persistent 0' }],
    });
    expect(err).toContain('seed 3 (pass.yaml)\n');
    expect(err).toContain('fail.yaml:4: expected node-2 persistent received >= 1, saw 0 (at 0s)\n');
  });

  test('--json --quiet: only failures on stderr', async () => {
    const { out, err } = await cli(['run', 'pass.yaml', '--json', '--quiet']);
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toBe('');
  });
});

describe('--trace', () => {
  test('writes every trace line as NDJSON; the last line carries the run hash', async () => {
    const { code, out, io } = await cli(['run', 'pass.yaml', '--trace', 'run.ndjson']);
    expect(code).toBe(0);
    const lines = (io.written.get('run.ndjson') ?? '').trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; hash: string });
    expect(lines[0]).toMatchObject({ kind: 'sim.start' });
    expect(lines.map((line) => line.kind)).toContain('net.deliver');
    const hash = /trace=([0-9a-f]{64})/.exec(out)?.[1];
    expect(lines[lines.length - 1]?.hash).toBe(hash);
  });
});
