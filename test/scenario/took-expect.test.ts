/**
 * `took:` beside a command expectation (`expect: { docker: ... }`): the swarm
 * model's `docker:` kind reports how long its write command took, from the
 * step's start to the command's return; a read took 0s. Validation rejects
 * `took` on kinds that run no command and on `not:`.
 */
import { describe, expect, test } from 'vitest';
import { swarmModel } from '../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario, type RunResult } from '../../src/scenario/index.js';

function load(text: string) {
  return loadScenario({ text, file: 'x.yaml', model: swarmModel });
}

function run(text: string, traceLines?: string[]): RunResult {
  const loaded = load(text);
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  return runScenario(loaded.scenario, { model: swarmModel, seed: 3, ...(traceLines ? { traceSink: (line: string) => traceLines.push(line) } : {}) });
}

const JOIN = (mode: string, took: string): string => `cluster: { managers: 1, workers: 1, form: manual }
steps:
  - run: docker swarm init
    on: manager-1
  - run: docker swarm join-token -q worker
    on: manager-1
    save: token
  - block: { node: manager-1, port: 2377, direction: in, mode: ${mode} }
  - id: join
    expect: { docker: 'swarm join --token \${token} manager-1:2377', on: worker-1, exitCode: 1 }
    within: 30s
    took: ${took}
`;

describe('took on a docker: expectation', () => {
  test('a join through a dropping firewall ends with the timeout after 20s', () => {
    const result = run(JOIN('drop', '{ atLeast: 20s, atMost: 20s }'));
    expect(result.failures).toEqual([]);
    expect(result.expectations).toEqual({ passed: 2, failed: 0 });
  });

  test('a join through a rejecting firewall fails fast, and a wrong bound fails with the time it took', () => {
    expect(run(JOIN('reject', '{ atMost: 15s }')).failures).toEqual([]);
    const failed = run(JOIN('reject', '{ atLeast: 20s }'));
    expect(failed.failures).toHaveLength(1);
    expect(failed.failures[0]?.message).toMatch(/^expected expect \{ docker: .*swarm join.* \} to take at least 20s, took \d+(\.\d+)?s$/);
    expect(failed.failures[0]).toMatchObject({ kind: 'expectation', stepId: 'join', line: 10 });
  });

  test('a command still running when the step ends fails once (the expectation), not twice; the trace has its end and duration', () => {
    const running = run(JOIN('drop', '{ atMost: 30s }').replace('within: 30s', 'within: 5s'));
    expect(running.failures.map((f) => f.message)).toEqual([expect.stringMatching(/within 5s, saw the command still running/)]);
    const lines: string[] = [];
    expect(run(JOIN('drop', '{ atMost: 30s }'), lines).pass).toBe(true);
    expect(lines.filter((line) => line.includes('docker.exit node=worker-1'))).toEqual(['#52 20.101s docker.exit node=worker-1 code=1 took=20s']);
  });

  test('a read takes no time', () => {
    const result = run('cluster: { managers: 1 }\nsteps:\n  - expect: { docker: node ls, on: manager-1, contains: manager-1 }\n    took: { atMost: 0s }\n');
    expect(result.failures).toEqual([]);
  });

  test('took needs a kind that runs a command, not a not:', () => {
    const errors = (text: string): string[] => {
      const loaded = load(text);
      return loaded.ok ? [] : loaded.errors.map(formatScenarioError);
    };
    expect(errors('cluster: { managers: 1 }\nsteps:\n  - expect: { leader: manager-1 }\n    took: { atMost: 1s }\n')).toEqual([
      'x.yaml:4:5: steps[0].took: `took` times a command, and `leader` runs none (use it with docker)',
    ]);
    expect(errors('cluster: { managers: 1 }\nsteps:\n  - expect: { not: { docker: node ls, on: manager-1 } }\n    took: { atMost: 1s }\n')).toEqual([
      'x.yaml:4:5: steps[0].took: `took` times the command of an expectation kind, not a `not:` (put the kind directly under `expect:`)',
    ]);
    expect(errors('cluster: { managers: 1 }\nsteps:\n  - always: { leader: manager-1 }\n    took: { atMost: 1s }\n').join('\n')).toMatch(/took.*goes with run(, | or )expect/);
  });
});
