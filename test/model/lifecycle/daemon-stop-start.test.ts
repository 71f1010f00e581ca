/**
 * `stop:` / `start:` (systemctl stop|start docker) against `crash:` /
 * `restart:`: what is the same for the managers (Ready until the heartbeats
 * expire, then Down; identity and Raft state kept) and what differs on the
 * node (containers stopped, Exited (0), versus killed, Exited (255)).
 */
import { describe, expect, test } from 'vitest';
import { swarmModel } from '../../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario, type RunResult } from '../../../src/scenario/index.js';

function run(steps: string, cluster = '{ managers: 1, workers: 1 }', seed = 2): RunResult {
  const loaded = loadScenario({ text: `cluster: ${cluster}\nsteps:\n${steps}`, file: 'x.yaml', model: swarmModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  return runScenario(loaded.scenario, { model: swarmModel, seed });
}

const SERVICE = '  - run: docker service create --name web --replicas 2 --constraint node.role==worker nginx\n    on: manager-1\n';

describe('stop: and start:', () => {
  test.each([
    ['stop: worker-1', 'start: worker-1', 'Exited \\(0\\)'],
    ['crash: worker-1', 'restart: worker-1', 'Exited \\(255\\)'],
  ])('%s: Ready for at least 8s, Down within 17s; after %s the containers show %s', (down, up, exited) => {
    const result = run(
      `${SERVICE}  - ${down}\n  - always: { node: { worker-1: { status: ready } } }\n    for: 8s\n  - expect: { node: { worker-1: { status: down } } }\n    within: 17s\n` +
        `  - ${up}\n  - expect: { node: { worker-1: { status: ready } } }\n    within: 5s\n  - expect: { docker: ps -a, on: worker-1, matches: '${exited}' }\n`,
    );
    expect(result.failures).toEqual([]);
    expect(result.expectations).toEqual({ passed: 4, failed: 0 });
  });

  test('a stopped node is not killed: its containers do not show Exited (255), and a crashed one\'s do not show Exited (0)', () => {
    const stopped = run(`${SERVICE}  - stop: worker-1\n  - start: worker-1\n  - expect: { docker: ps -a, on: worker-1, matches: 'Exited \\(255\\)' }\n`);
    expect(stopped.failures).toHaveLength(1);
    const crashed = run(`${SERVICE}  - crash: worker-1\n  - restart: worker-1\n  - expect: { docker: ps -a, on: worker-1, matches: 'Exited \\(0\\)' }\n`);
    expect(crashed.failures).toHaveLength(1);
  });

  test('start keeps the node identity: the same node ID, and its docker CLI answers again', () => {
    const result = run(
      "  - run: docker info\n    on: worker-1\n    save: { name: id, match: 'NodeID: (\\w+)' }\n  - stop: worker-1\n" +
        '  - expect: { docker: info, on: worker-1, contains: Cannot connect to the Docker daemon, exitCode: 1 }\n  - start: worker-1\n' +
        "  - expect: { docker: info, on: worker-1, contains: 'NodeID: ${id}' }\n    within: 2s\n",
    );
    expect(result.failures).toEqual([]);
  });

  test('a stopped leader keeps its Raft state and rejoins as a follower of the new leader', () => {
    const result = run(
      '  - stop: manager-1\n  - expect: { leader: { not: manager-1 } }\n    within: 30s\n  - start: manager-1\n' +
        '  - expect: { node: { manager-1: { status: ready, managerStatus: reachable } } }\n    within: 30s\n  - expect: { role: { manager-1: follower } }\n',
      '{ managers: 3 }',
    );
    expect(result.failures).toEqual([]);
  });

  test('stop of a down daemon and start of a running one fail the step; start after a crash works like restart', () => {
    const twice = run('  - stop: worker-1\n  - stop: worker-1\n  - crash: manager-1\n  - start: manager-1\n  - start: manager-1\n');
    expect(twice.failures.map((f) => f.message)).toEqual([
      'stop failed: the docker daemon on worker-1 is not running (stopped)',
      'start failed: the docker daemon on manager-1 is already running',
    ]);
  });

  test('node names are checked before the run', () => {
    const loaded = loadScenario({ text: 'cluster: { managers: 1 }\nsteps:\n  - stop: manager-9\n', file: 'x.yaml', model: swarmModel });
    expect(loaded.ok ? [] : loaded.errors.map(formatScenarioError)).toEqual([
      expect.stringMatching(/^x\.yaml:3:\d+: steps\[0\]\.stop: expected a node of the cluster \(manager-1\), got "manager-9"/),
    ]);
  });
});
