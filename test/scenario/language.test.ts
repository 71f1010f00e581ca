/**
 * The scenario language of issue 9 on the example ping-pong model: `not:`,
 * output checks (`equals`, `notEquals`, `notContains`, `notMatches`) on a kind
 * that reports its output, watches (`always` / `never` with `for`), captures
 * (`save:` on run, show, expect and model steps; `save: { name, match }`;
 * `${name}` in any string of a later step), `took:` on `run`, the
 * `scenario.command-start|end` trace lines, `id:` in reports and traces, and
 * `tty:` passed to the model's command runner.
 */
import { describe, expect, test } from 'vitest';
import { formatScenarioError, loadScenario, runScenario, type RunResult } from '../../src/scenario/index.js';
import { pingModel, type PingWorld } from '../example-model/model.js';

function run(text: string, traceLines?: string[]): RunResult {
  const loaded = loadScenario({ text, file: 'x.yaml', model: pingModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  return runScenario(loaded.scenario, { model: pingModel, seed: 1, ...(traceLines ? { traceSink: (line: string) => traceLines.push(line) } : {}) });
}

const TWO = 'cluster: { nodes: 2 }\nsteps:\n';
const BEATING = 'cluster: { nodes: 2, heartbeat: 100ms }\nsteps:\n';
const PING = '  - ping: { from: node-1, to: node-2 }\n';

describe('not:', () => {
  test('holds when the expectation inside does not, and says so when it fails', () => {
    const result = run(`${TWO}  - expect: { not: { delivered: node-2, atLeast: 1 } }\n${PING}  - expect: { not: { delivered: node-2, atLeast: 1 } }\n`);
    expect(result.expectations).toEqual({ passed: 1, failed: 1 });
    expect(result.failures.map((f) => f.message)).toEqual(['expected not (node-2 persistent received >= 1), saw 1']);
  });

  test('not: not: is the expectation itself; not with within waits for it to stop holding', () => {
    const result = run(`${BEATING}  - expect: { not: { not: { beats: node-2, atMost: 0 } } }\n  - expect: { not: { beats: node-2, atMost: 2 } }\n    within: 1s\n  - show: counters\n`);
    expect(result.failures).toEqual([]);
    expect(result.output[0]).toBe('[301ms] show counters');
  });
});

describe('output checks on a kind with output', () => {
  const COUNT = "  - expect: { command: count node-2, on: node-1, KEY: 'VALUE' }\n";
  const check = (key: string, value: string, after = PING): RunResult => run(`${TWO}${after}${COUNT.replace('KEY', key).replace('VALUE', value)}`);

  test.each([
    ['equals', 'node-2 received 1 (volatile 1, beats 0)', true],
    ['equals', 'node-2 received 0 (volatile 0, beats 0)', false],
    ['notEquals', 'node-2 received 0 (volatile 0, beats 0)', true],
    ['notEquals', 'node-2 received 1 (volatile 1, beats 0)', false],
    ['notContains', 'received 0', true],
    ['notContains', 'received 1', false],
    ['notMatches', 'received [02-9]', true],
    ['notMatches', 'received \\d \\(', false],
  ])('%s %j after one ping holds: %s', (key, value, holds) => {
    expect(check(key, value).pass).toBe(holds);
  });

  test('a failure names the check and the trimmed output seen', () => {
    expect(check('notContains', 'received 1').failures.map((f) => f.message)).toEqual([
      'expected count node-2 on node-1, output not containing "received 1", saw output "node-2 received 1 (volatile 1, beats 0)\\n"',
    ]);
  });

  test('checks combine with the kind\'s own keys (both must hold)', () => {
    const text = `${TWO}${PING}  - expect: { command: count node-2, on: node-1, contains: received 1, notContains: beats 1 }\n  - expect: { command: count node-2, on: node-1, contains: received 7, notContains: beats 1 }\n`;
    expect(run(text).expectations).toEqual({ passed: 1, failed: 1 });
  });
});

test('a kind\'s output is rendered only when checks or save need it', () => {
  let renders = 0;
  const command = pingModel.expectations.command;
  if (command?.output === undefined) throw new Error('fixture');
  const counted = { ...command, output: (world: PingWorld, args: unknown) => (renders++, command.output?.(world, args) ?? '') };
  const model = { ...pingModel, expectations: { ...pingModel.expectations, command: counted } };
  const judgeText = (steps: string): number => {
    renders = 0;
    const loaded = loadScenario({ text: `${BEATING}${steps}`, file: 'x.yaml', model });
    if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
    runScenario(loaded.scenario, { model, seed: 1 });
    return renders;
  };
  expect(judgeText('  - always: { command: count, on: node-1 }\n    for: 1s\n')).toBe(0);
  expect(judgeText('  - expect: { command: count, on: node-1 }\n    save: x\n')).toBe(1);
  expect(judgeText('  - expect: { command: count, on: node-1, notContains: zzz }\n')).toBe(1);
});

describe('watches', () => {
  test('never: the first violating event is reported with its number, time and what was seen; the run goes on and fails', () => {
    const result = run(`${BEATING}  - never: { beats: node-2, atLeast: 3 }\n  - wait: 1s\n    show: counters\n`);
    expect(result.output).toEqual([
      'x.yaml:3: expected never node-2 beats >= 3 (from 0s to the end), failed at event 11: saw 3 (at 301ms)',
      '[1s] show counters',
      'node-1 received 0 (volatile 0, beats 9)',
      'node-2 received 0 (volatile 0, beats 9)',
    ]);
    expect(result.failures[0]).toMatchObject({ kind: 'watch', where: 'x.yaml:3', event: 11, atUs: 301_000 });
    expect(result.pass).toBe(false);
    expect(result.expectations).toEqual({ passed: 0, failed: 1 });
  });

  test('always: checked after every event while later steps run (the second ping arriving, event 3, breaks one)', () => {
    const text = `${BEATING}  - always: { beats: node-2, atLeast: 0 }\n  - always: { delivered: node-2, atMost: 1 }\n${PING}${PING}  - show: counters\n`;
    const result = run(text);
    expect(result.failures.map((f) => `${f.where} ${f.kind} ${f.message}`)).toEqual([
      'x.yaml:4 watch expected always node-2 persistent received <= 1 (from 0s to the end), failed at event 3: saw 2',
    ]);
    expect(result.expectations).toEqual({ passed: 1, failed: 1 });
  });

  test('also judged after a step that changes the world without an event (forget: wipes a counter at once)', () => {
    const result = run(`${TWO}${PING}  - always: { delivered: node-2, atLeast: 1 }\n  - forget: node-2\n`);
    expect(result.failures.map((f) => [f.event, f.atUs, f.message])).toEqual([
      [2, 2_000, 'expected always node-2 persistent received >= 1 (from 2ms to the end), failed at event 2: saw 0'],
    ]);
  });

  test('for: the window ends; a violation after it is not reported; the run lasts until the window ends', () => {
    const early = run(`${BEATING}  - never: { beats: node-2, atLeast: 3 }\n    for: 300ms\n`);
    expect(early.failures).toEqual([]);
    expect(early.simulatedUs).toBe(300_000);
    expect(early.expectations).toEqual({ passed: 1, failed: 0 });
    const late = run(`${BEATING}  - never: { beats: node-2, atLeast: 3 }\n    for: 301ms\n`);
    expect(late.failures.map((f) => f.atUs)).toEqual([301_000]);
  });

  test('a watch starts at its step\'s time', () => {
    const result = run(`${BEATING}  - at: 500ms\n    always: { beats: node-2, atLeast: 4 }\n    for: 1s\n`);
    expect(result.failures).toEqual([]);
    expect(result.simulatedUs).toBe(1_500_000);
  });
});

describe('save and ${name}', () => {
  test('show (a view and a command line), expect and model steps save their trimmed output', () => {
    const text = [
      TWO.trimEnd(),
      '  - ping: { from: node-1, to: node-2 }',
      '    save: reply',
      '  - show: count node-2',
      '    on: node-1',
      '    save: counted',
      '  - show: counters',
      '    save: all',
      '  - expect: { command: echo hi there, on: node-2 }',
      '    save: greeting',
      '  - show: echo [${reply}] [${counted}] [${greeting}]',
      '    on: node-1',
      '',
    ].join('\n');
    const result = run(text);
    expect(result.output.slice(-2)).toEqual(['[2ms] node-1$ echo [pong in 2ms] [node-2 received 1 (volatile 1, beats 0)] [hi there]', '[pong in 2ms] [node-2 received 1 (volatile 1, beats 0)] [hi there]']);
  });

  test('an expect without output saves what it saw', () => {
    const result = run(`${TWO}${PING}  - expect: { delivered: node-2, atLeast: 1 }\n    save: n\n  - expect: { command: 'echo \${n}', on: node-1, equals: '1' }\n`);
    expect(result.pass).toBe(true);
  });

  test('save: { name, match } keeps the first group; a failed match fails the step', () => {
    const text = `${TWO}  - run: echo token SWMTKN-1-abc def\n    on: node-1\n    save: { name: token, match: '(SWMTKN-\\S+)' }\n  - expect: { command: 'echo \${token}', on: node-1, equals: SWMTKN-1-abc }\n  - run: echo nothing\n    on: node-1\n    save: { name: other, match: 'SWMTKN-(\\S+)' }\n`;
    const result = run(text);
    expect(result.failures.map((f) => `${f.where}: ${f.message}`)).toEqual(['x.yaml:7: save other: the output does not match /SWMTKN-(\\S+)/ (output "nothing")']);
  });

  test('${name} works in a model step\'s arguments and inside watches', () => {
    const text = `${TWO}  - run: echo 3s\n    on: node-1\n    save: t\n  - block: { node: node-2, port: 7000, direction: in, mode: drop }\n  - ping: { from: node-1, to: node-2, timeout: '\${t}' }\n  - show: counters\n`;
    expect(run(text).output.at(-3)).toBe('[3s] show counters');
  });

  test('a later save overwrites the value (notEquals compares with the saved one)', () => {
    const text = `${TWO}  - show: count node-2\n    on: node-1\n    save: before\n${PING}  - expect: { command: count node-2, on: node-1, notEquals: '\${before}' }\n  - expect: { command: count node-2, on: node-1, equals: '\${before}' }\n`;
    expect(run(text).expectations).toEqual({ passed: 1, failed: 1 });
  });
});

describe('took and command traces', () => {
  const blocked = (mode: string, took: string): string =>
    `${TWO}  - block: { node: node-2, port: 7000, direction: in, mode: ${mode} }\n  - id: slow-ping\n    run: ping node-2\n    on: node-1\n    took: ${took}\n`;

  test('a dropped ping waits for its 1s timeout; a rejected one returns at once', () => {
    expect(run(blocked('drop', '{ atLeast: 1s, atMost: 1s }')).pass).toBe(true);
    expect(run(blocked('reject', '{ atMost: 0s }')).pass).toBe(true);
    const failed = run(blocked('reject', '{ atLeast: 500ms }'));
    expect(failed.output).toEqual(['[0s] node-1$ ping node-2', 'rejected', 'x.yaml:5: steps[1] (slow-ping): expected run "ping node-2" on node-1 to take at least 500ms, took 0s (at 0s)']);
    expect(failed.expectations).toEqual({ passed: 0, failed: 1 });
  });

  test('the trace records each command\'s start and end with the step, its id and the time it took', () => {
    const lines: string[] = [];
    run(blocked('drop', '{ atLeast: 1s }'), lines);
    expect(lines.filter((line) => line.includes('scenario.'))).toEqual([
      '#0 0s scenario.step step=0 action="block node-2 7000 in drop"',
      '#0 0s scenario.step step=1 id=slow-ping action="run node-1 ping node-2"',
      '#0 0s scenario.command-start step=1 id=slow-ping on=node-1 line="ping node-2"',
      '#1 1s scenario.command-end step=1 id=slow-ping on=node-1 took=1s exit=ok',
    ]);
  });
});

describe('id and tty', () => {
  test('a failure names the step by index and id', () => {
    const result = run(`${TWO}  - id: nothing-yet\n    expect: { delivered: node-2, atLeast: 1 }\n`);
    expect(result.output).toEqual(['x.yaml:4: steps[0] (nothing-yet): expected node-2 persistent received >= 1, saw 0 (at 0s)']);
    expect(result.failures[0]).toMatchObject({ stepIndex: 0, stepId: 'nothing-yet' });
  });

  test('tty: true on the step or the file reaches the command runner; a step can say false', () => {
    const steps = '  - run: progress\n    on: node-1\n  - run: progress\n    on: node-1\n    tty: TTY\n';
    const plain = run(`${TWO}${steps.replace('TTY', 'true')}`).output;
    expect(plain).toEqual(['[0s] node-1$ progress', 'progress: 1/3', 'progress: 2/3', 'progress: 3/3', '[0s] node-1$ progress', 'progress: 3/3 done']);
    const terminal = run(`tty: true\n${TWO}${steps.replace('TTY', 'false')}`).output;
    expect(terminal).toEqual(['[0s] node-1$ progress', 'progress: 3/3 done', '[0s] node-1$ progress', 'progress: 1/3', 'progress: 2/3', 'progress: 3/3']);
  });
});

describe('env and stdin on run', () => {
  test('reach the command runner, with ${name} substituted', () => {
    const steps = "  - run: echo s3cret\n    on: node-1\n    save: key\n  - run: env\n    on: node-2\n    env: { SWARM_SOCKET: /tmp/n1.sock, KEY: '${key}' }\n    stdin: 'unlock ${key}'\n";
    expect(run(`${TWO}${steps}`).output.slice(2)).toEqual(['[0s] node-2$ env', 'SWARM_SOCKET=/tmp/n1.sock', 'KEY=s3cret', 'stdin=unlock s3cret']);
    expect(run(`${TWO}  - run: env\n    on: node-1\n`).output).toEqual(['[0s] node-1$ env', 'stdin=(none)']);
  });

  test('are validated before the run', () => {
    const bad = (extra: string): string[] => {
      const loaded = loadScenario({ text: `${TWO}  - run: env\n    on: node-1\n${extra}`, file: 'x.yaml', model: pingModel });
      return loaded.ok ? [] : loaded.errors.map(formatScenarioError);
    };
    expect(bad('    env: { 1X: a }\n').join('\n')).toMatch(/x\.yaml:5:\d+: steps\[0\]\.env\["1X"\]: expected/);
    expect(bad('    stdin: [a]\n').join('\n')).toMatch(/x\.yaml:5:\d+: steps\[0\]\.stdin: expected text/);
    expect(bad("    stdin: '${nope}'\n").join('\n')).toMatch(/nope/);
    expect(bad('  - show: counters\n    env: { A: b }\n').join('\n')).toMatch(/env/);
  });
});
