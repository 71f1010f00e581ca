/**
 * The step runner on the example ping-pong model (issue 3, part 4): at/wait
 * timing, `within` (checked after every event; the next step starts when it
 * holds or at its deadline), failures with file:line that do not stop the run,
 * invariants after every event (first violation of each, with event number and
 * time), limits, save/${var}, and same seed → same trace hash.
 */
import { describe, expect, test } from 'vitest';
import { loadScenario, runScenario, type RunResult } from '../../src/scenario/index.js';
import { formatScenarioError } from '../../src/scenario/index.js';
import { pingModel } from '../example-model/model.js';

function run(text: string, options: { seed?: number; traceSink?: (line: string, ndjson: string) => void } = {}): RunResult {
  const loaded = loadScenario({ text, file: 'x.yaml', model: pingModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  return runScenario(loaded.scenario, { model: pingModel, seed: options.seed ?? 1, ...(options.traceSink ? { traceSink: options.traceSink } : {}) });
}

const BEATING = 'cluster: { nodes: 2, heartbeat: 100ms }\nsteps:\n';

describe('within', () => {
  test('passes at the first event after which it holds; the next step starts then', () => {
    const result = run(`${BEATING}  - expect: { beats: node-2, atLeast: 3 }\n    within: 1s\n  - show: counters\n`);
    // Beats are sent every 100ms and take 1ms: node-2's third arrives at 301ms,
    // just before node-1's (node-1's timer was armed first).
    expect(result.output).toEqual([
      '[301ms] show counters',
      'node-1 received 0 (volatile 0, beats 2)',
      'node-2 received 0 (volatile 0, beats 3)',
    ]);
    expect(result.expectations).toEqual({ passed: 1, failed: 0 });
    expect(result.pass).toBe(true);
    expect(result.simulatedUs).toBe(301_000);
  });

  test('fails at its deadline with file:line, expected and seen; the next step starts at the deadline', () => {
    const result = run(`${BEATING}  - expect: { beats: node-2, atLeast: 100 }\n    within: 1s\n  - show: counters\n`);
    expect(result.output).toEqual([
      // the beats sent at 1s arrive at 1.001s, after the deadline
      'x.yaml:3: expected node-2 beats >= 100 within 1s, saw 9 (at 1s)',
      '[1s] show counters',
      'node-1 received 0 (volatile 0, beats 9)',
      'node-2 received 0 (volatile 0, beats 9)',
    ]);
    expect(result.failures).toEqual([
      { kind: 'expectation', where: 'x.yaml:3', line: 3, stepIndex: 0, atUs: 1_000_000, message: 'expected node-2 beats >= 100 within 1s, saw 9' },
    ]);
    expect(result.pass).toBe(false);
  });

  test('without within, an expectation is evaluated at that instant only', () => {
    const result = run(`${BEATING}  - expect: { beats: node-2, atLeast: 1 }\n  - wait: 150ms\n    expect: { beats: node-2, atLeast: 1 }\n`);
    expect(result.output).toEqual(['x.yaml:3: expected node-2 beats >= 1, saw 0 (at 0s)']);
    expect(result.expectations).toEqual({ passed: 1, failed: 1 });
  });

  test('the run goes on after a failure and reports every one', () => {
    const result = run(
      'cluster: { nodes: 2 }\nsteps:\n  - expect: { delivered: node-1, atLeast: 1 }\n  - ping: { from: node-1, to: node-2 }\n  - expect: { delivered: node-2, atLeast: 5 }\n  - expect: { delivered: node-2, atLeast: 1 }\n',
    );
    expect(result.failures.map((failure) => [failure.where, failure.message])).toEqual([
      ['x.yaml:3', 'expected node-1 persistent received >= 1, saw 0'],
      ['x.yaml:5', 'expected node-2 persistent received >= 5, saw 1'],
    ]);
    expect(result.expectations).toEqual({ passed: 1, failed: 2 });
  });
});

describe('timing', () => {
  test('at is absolute, wait counts from the end of the previous step, an at in the past starts at once', () => {
    const result = run(
      [
        'cluster: { nodes: 2 }',
        'steps:',
        '  - at: 2s',
        '    show: counters',
        '  - ping: { from: node-1, to: node-2 }', // takes 2ms (1ms each way)
        '  - wait: 500ms',
        '    show: counters',
        '  - at: 2100ms', // already past (2.502s): starts now
        '    show: counters',
        '',
      ].join('\n'),
    );
    expect(result.output.filter((line) => line.startsWith('['))).toEqual([
      '[2s] show counters',
      '[2.002s] ping',
      '[2.502s] show counters',
      '[2.502s] show counters',
    ]);
  });

  test('the run ends when the last step finishes', () => {
    const result = run(`${BEATING}  - at: 1m\n    heal: all\n`);
    expect(result.simulatedUs).toBe(60_000_000);
    expect(result.pass).toBe(true);
  });
});

describe('faults', () => {
  test('crash of a node that is down fails the step and the run goes on', () => {
    const result = run('cluster: { nodes: 2 }\nsteps:\n  - crash: node-1\n  - crash: node-1\n  - restart: node-1\n  - restart: node-1\n');
    expect(result.failures.map((failure) => `${failure.where}: ${failure.message}`)).toEqual([
      'x.yaml:4: crash node-1: the node is already down',
      'x.yaml:6: restart node-1: the node is up (crash it first)',
    ]);
  });

  test('each step is traced as scenario.step with its canonical action', () => {
    const lines: string[] = [];
    run('cluster: { nodes: 3 }\nsteps:\n  - partition: [[node-1], [node-2, node-3]]\n  - block: { node: node-2, port: 2377, direction: in }\n', {
      traceSink: (line) => lines.push(line),
    });
    expect(lines.filter((line) => line.includes('scenario.step'))).toEqual([
      '#0 0s scenario.step step=0 action="partition [node-1] [node-2 node-3]"',
      '#0 0s scenario.step step=1 action="block node-2 2377 in reject"',
    ]);
  });
});

describe('invariants', () => {
  test('the first violation of each is reported with its event number and time, and the run goes on', () => {
    const result = run(
      'cluster: { nodes: 2 }\nsteps:\n  - ping: { from: node-1, to: node-2 }\n  - forget: node-2\n  - ping: { from: node-1, to: node-2 }\n  - expect: { delivered: node-2, atLeast: 1 }\n',
    );
    expect(result.violations).toEqual([
      { name: 'volatileNeverExceedsPersistent', event: 2, atUs: 2_000, detail: 'node-2: volatile 1 > persistent 0' },
    ]);
    expect(result.output).toContain('x.yaml: invariant volatileNeverExceedsPersistent violated at event 2 (2ms): node-2: volatile 1 > persistent 0');
    expect(result.expectations).toEqual({ passed: 1, failed: 0 });
    expect(result.pass).toBe(false);
  });

  test('invariants: [] checks none', () => {
    const result = run('cluster: { nodes: 2 }\ninvariants: []\nsteps:\n  - ping: { from: node-1, to: node-2 }\n  - forget: node-2\n');
    expect(result.violations).toEqual([]);
    expect(result.pass).toBe(true);
  });
});

describe('limits', () => {
  test('maxEvents stops the run and says so', () => {
    const result = run(`limits: { maxEvents: 25 }\n${BEATING}  - expect: { beats: node-2, atLeast: 1000 }\n    within: 1h\n  - show: counters\n`);
    expect(result.output).toEqual([
      // 4 events per 100ms (two timers, two deliveries): the 25th is a timer at 700ms
      'x.yaml: limits.maxEvents: the run reached 25 events (at 700ms)',
    ]);
    expect(result.events).toBe(25);
    expect(result.output.some((line) => line.includes('show counters'))).toBe(false);
    expect(result.pass).toBe(false);
  });

  test('maxTime stops the run at that time', () => {
    const result = run('limits: { maxTime: 5s }\ncluster: { nodes: 2 }\nsteps:\n  - at: 10s\n    heal: all\n');
    expect(result.output).toEqual(['x.yaml: limits.maxTime: the run reached 5s (at 5s)']);
    expect(result.simulatedUs).toBe(5_000_000);
    expect(result.pass).toBe(false);
  });
});

describe('commands', () => {
  test('run: saves its output for ${name}; show: renders a command line at that instant', () => {
    const result = run(
      'cluster: { nodes: 2 }\nsteps:\n  - run: echo hello\n    on: node-1\n    save: greeting\n  - show: echo ${greeting} world\n    on: node-2\n',
    );
    expect(result.output).toEqual(['[0s] node-1$ echo hello', 'hello', '[0s] node-2$ echo hello world', 'hello world']);
  });

  test('a command that fails fails its step, with the model message', () => {
    const result = run('cluster: { nodes: 2 }\nsteps:\n  - run: bogus\n    on: node-1\n');
    expect(result.output).toEqual(['x.yaml:3: run failed: unknown command: bogus (at 0s)']);
  });
});

describe('determinism', () => {
  const text = 'cluster: { nodes: 3, heartbeat: 50ms }\nnetwork: { latency: 1ms..9ms, loss: 1/10 }\nsteps:\n  - at: 3s\n    show: counters\n';

  test('the same seed gives the same trace hash and output', () => {
    const a = run(text, { seed: 7 });
    const b = run(text, { seed: 7 });
    expect(a.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.output).toEqual(a.output);
    expect(b.events).toBe(a.events);
  });

  test('another seed draws other latencies and losses', () => {
    expect(run(text, { seed: 8 }).traceHash).not.toBe(run(text, { seed: 7 }).traceHash);
  });

  test('the seed comes from the options, else from the file, else it is an error', () => {
    const loaded = loadScenario({ text: `seed: 5\n${text}`, file: 'x.yaml', model: pingModel });
    const unseeded = loadScenario({ text, file: 'x.yaml', model: pingModel });
    if (!loaded.ok || !unseeded.ok) throw new Error('fixture');
    expect(runScenario(loaded.scenario, { model: pingModel }).seed).toBe(5);
    expect(runScenario(loaded.scenario, { model: pingModel, seed: 9 }).seed).toBe(9);
    expect(() => runScenario(unseeded.scenario, { model: pingModel })).toThrow('runScenario: x.yaml has no seed: pass options.seed');
  });
});
