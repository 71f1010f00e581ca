/**
 * The session stream's manager list (swarm-behaviour.md §2.1): when the
 * managers change, every agent hears the new list at once, not at its next
 * heartbeat. Story (found by the lessons): three plain engines, a swarm on
 * node-a, node-b and node-c join, node-b is promoted, and the first manager
 * is demoted right after. The agents, which had only ever heard of node-a,
 * must follow the leadership to node-b; before the fix every node stayed
 * Unknown/Down and new tasks stayed Pending.
 */
import { expect, test } from 'vitest';
import { swarmModel } from '../../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario } from '../../../src/scenario/index.js';

const STORY = `cluster: { managers: 2, workers: 1, form: manual }
steps:
  - run: docker swarm init --advertise-addr 10.0.0.2
    on: manager-1
  - run: docker swarm join-token -q worker
    on: manager-1
    save: token
  - run: docker swarm join --token \${token} 10.0.0.2:2377
    on: manager-2
  - run: docker swarm join --token \${token} 10.0.0.2:2377
    on: worker-1
  - run: docker node promote manager-2
    on: manager-1
  - expect: { node: { manager-2: { managerStatus: reachable } } }
    within: 10s
  - run: docker node demote manager-1
    on: manager-2
  - wait: 30s
    expect: { node: { manager-1: { status: ready }, manager-2: { status: ready, managerStatus: leader }, worker-1: { status: ready } } }
  - run: docker service create -d --name web --replicas 2 nginx
    on: manager-2
  - expect: { tasks: { service: web, total: 2 } }
    within: 20s
`;

test('agents follow the managers after a promotion and a quick demotion of the only manager they knew', () => {
  const loaded = loadScenario({ text: STORY, file: 'x.yaml', model: swarmModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  const result = runScenario(loaded.scenario, { model: swarmModel, seed: 4 });
  expect(result.failures).toEqual([]);
  expect(result.expectations.failed).toBe(0);
});
