/**
 * The tutorial's story end to end: the manager runs firewalld (`firewall:
 * firewalld`), so a worker's join is rejected ("no route to host") until
 * firewall-cmd opens the swarm ports on the manager; then it goes through.
 * Also: a runtime port is lost at --reload, and stopping firewalld opens
 * everything.
 */
import { expect, test } from 'vitest';
import { swarmModel } from '../../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario } from '../../../src/scenario/index.js';

const NO_ROUTE =
  'Error response from daemon: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.0.0.2:2377: connect: no route to host"\n';

function run(story: string): void {
  const loaded = loadScenario({ text: story, file: 'x.yaml', model: swarmModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  const result = runScenario(loaded.scenario, { model: swarmModel, seed: 3 });
  expect(result.failures).toEqual([]);
  expect(result.expectations.failed).toBe(0);
  expect(result.expectations.passed).toBeGreaterThan(0);
}

const HEAD = `cluster:
  form: manual
  nodes:
    - { hostname: mgr, role: manager, firewall: firewalld }
    - { hostname: wrk, role: worker }
steps:
  - run: docker swarm init
    on: mgr
  - run: docker swarm join-token -q worker
    on: mgr
    save: token
  - expect:
      docker: swarm join --token \${token} 10.0.0.2:2377
      on: wrk
      stderr: ${JSON.stringify(NO_ROUTE)}
      exitCode: 1
    within: 15s
`;

test('the join is rejected until firewall-cmd opens the swarm ports on the manager', () => {
  run(`${HEAD}
  - expect: { docker: firewall-cmd --zone=public --list-ports, on: mgr, stdout: "\\n" }
  - run: firewall-cmd --zone=public --add-port=2377/tcp
    on: mgr
  - run: firewall-cmd --zone=public --add-port=7946/tcp
    on: mgr
  - run: firewall-cmd --zone=public --add-port=7946/udp
    on: mgr
  - run: firewall-cmd --zone=public --add-port=4789/udp
    on: mgr
  - expect: { docker: firewall-cmd --zone=public --list-ports, on: mgr, stdout: "2377/tcp 7946/tcp 7946/udp 4789/udp\\n" }
  - run: docker swarm join --token \${token} 10.0.0.2:2377
    on: wrk
  - expect: { node: { mgr: { status: Ready }, wrk: { status: Ready } } }
    within: 5s
`);
});

test('a runtime-only port is lost at --reload; a --permanent one opens only at --reload', () => {
  run(`${HEAD}
  - run: firewall-cmd --zone=public --add-port=2377/tcp
    on: mgr
  - run: firewall-cmd --reload
    on: mgr
  - expect:
      docker: swarm join --token \${token} 10.0.0.2:2377
      on: wrk
      stderr: ${JSON.stringify(NO_ROUTE)}
      exitCode: 1
    within: 15s
  - run: firewall-cmd --zone=public --add-port=2377/tcp --permanent
    on: mgr
  - expect: { docker: firewall-cmd --list-ports, on: mgr, stdout: "\\n" }
  - run: firewall-cmd --reload
    on: mgr
  - run: docker swarm join --token \${token} 10.0.0.2:2377
    on: wrk
  - expect: { node: { wrk: { status: Ready } } }
    within: 5s
`);
});

test('systemctl stop firewalld lets the join through; firewall-cmd is not installed on the worker', () => {
  run(`${HEAD}
  - run: systemctl stop firewalld.service
    on: mgr
  - expect: { docker: firewall-cmd --state, on: mgr, stderr: "not running\\n", exitCode: 252 }
  - run: docker swarm join --token \${token} 10.0.0.2:2377
    on: wrk
  - expect: { node: { wrk: { status: Ready } } }
    within: 5s
  - expect: { docker: firewall-cmd --state, on: wrk, stderr: "bash: firewall-cmd: command not found\\n", exitCode: 127 }
  - expect: { docker: systemctl stop firewalld, on: wrk, stderr: "Failed to stop firewalld.service: Unit firewalld.service not loaded.\\n", exitCode: 5 }
  - expect: { docker: systemctl restart nginx, on: wrk, exitCode: 2 }
`);
});

test('systemctl stop docker and start docker do what the stop:/start: steps do', () => {
  run(`cluster: { managers: 1, workers: 1 }
steps:
  - run: systemctl stop docker
    on: worker-1
  - expect: { node: { worker-1: { status: Down } } }
    within: 1m
  - expect: { docker: node ls, on: worker-1, contains: Cannot connect to the Docker daemon, exitCode: 1 }
  - run: systemctl start docker.service
    on: worker-1
  - expect: { node: { worker-1: { status: Ready } } }
    within: 1m
  - expect: { docker: systemctl start docker, on: worker-1, exitCode: 0 }
`);
});

test('firewall: accepts firewalld only, with the error at its place', () => {
  const loaded = loadScenario({
    text: 'cluster:\n  nodes:\n    - { hostname: a, role: manager, firewall: iptables }\nsteps: []\n',
    file: 'x.yaml',
    model: swarmModel,
  });
  expect(loaded.ok).toBe(false);
  if (!loaded.ok) expect(loaded.errors.map(formatScenarioError).join('\n')).toMatch(/^x\.yaml:3:\d+: .*firewall.*firewalld/m);
});
