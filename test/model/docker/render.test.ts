/**
 * Renderers against the notes' exact layouts: node ls (docker-cli.md §3,
 * swarm-behaviour.md §4), node inspect --pretty and JSON (docker-cli.md §3,
 * docker/cli node-inspect-pretty goldens), swarm init/join-token/join/leave/
 * update and node echo lines (docker-cli.md §2–§3, swarm-behaviour.md §3.1, §3.3),
 * docker info Swarm block (docker-cli.md §9, swarm-behaviour.md §5).
 */
import { describe, expect, test } from 'vitest';
import { renderInfoSwarm, renderTwoManagerWarning } from '../../../src/model/docker/render/info.js';
import {
  renderNodeInspectJson,
  renderNodeInspectPretty,
  renderNodeInspectPrettyAll,
  renderNodeLs,
  renderNodeLsQuiet,
} from '../../../src/model/docker/render/nodes.js';
import * as swarm from '../../../src/model/docker/render/swarm.js';
import { ALL_NODES, CLUSTER, JOINING, MANAGER_1, MANAGER_10, MANAGER_2, WORKER_1, WORKER_2 } from './fixtures.js';

describe('node ls', () => {
  const table = renderNodeLs(ALL_NODES, { selfNodeId: MANAGER_1.id });
  const lines = table.split('\n');

  test('golden', async () => {
    await expect(table).toMatchFileSnapshot('__golden__/node-ls.txt');
  });

  test('header and column widths: ID column 30 wide (25-char ID + " *" + padding 3)', () => {
    expect(lines[0]).toBe(`${'ID'.padEnd(30)}${'HOSTNAME'.padEnd(13)}${'STATUS'.padEnd(10)}AVAILABILITY   MANAGER STATUS   ENGINE VERSION`);
  });

  test('the current node is marked with " *" after its ID, others with two spaces', () => {
    expect(lines[1]).toBe(`${MANAGER_1.id} *   manager-1    Ready     Active         Leader           28.0.1`);
    expect(lines[2]?.startsWith(`${MANAGER_2.id}     manager-2 `)).toBe(true);
  });

  test('natural hostname order: manager-2 before manager-10', () => {
    expect(lines.map((line) => line.split(/\s+/)[1] === '*' ? line.split(/\s+/)[2] : line.split(/\s+/)[1])).toEqual([
      'HOSTNAME',
      'manager-1',
      'manager-2',
      'manager-10',
      'worker-1',
      'worker-2',
      undefined,
    ]);
  });

  test('empty table still prints the header', () => {
    expect(renderNodeLs([], { selfNodeId: '' })).toBe('ID        HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n');
  });

  test('a node without description yet: empty hostname sorts first, Unknown status', async () => {
    await expect(renderNodeLs([...ALL_NODES, JOINING], { selfNodeId: WORKER_2.id })).toMatchFileSnapshot('__golden__/node-ls-joining.txt');
  });

  test('-q: IDs only, same order', () => {
    expect(renderNodeLsQuiet(ALL_NODES)).toBe([MANAGER_1, MANAGER_2, MANAGER_10, WORKER_1, WORKER_2].map((node) => `${node.id}\n`).join(''));
  });
});

describe('node inspect', () => {
  test.each([
    ['leader', MANAGER_1],
    ['down-unreachable-manager', MANAGER_10],
    ['worker-with-labels', WORKER_1],
    ['joining', JOINING],
  ])('--pretty %s', async (name, node) => {
    await expect(renderNodeInspectPretty(node, { selfNodeId: MANAGER_1.id })).toMatchFileSnapshot(`__golden__/node-inspect-pretty-${name}.txt`);
  });

  test('--pretty layout lines (tabs as in nodeInspectPrettyTemplate)', () => {
    const text = renderNodeInspectPretty(MANAGER_10, { selfNodeId: MANAGER_1.id });
    expect(text).toContain('\nHostname:              \tmanager-10\n');
    expect(text).toContain('\nJoined at:             \t2025-01-01 00:00:01.25 +0000 utc\n');
    expect(text).toContain('\nStatus:\n State:\t\t\tDown\n Message:              \tHeartbeat failure\n Availability:         \tActive\n Address:\t\t10.0.0.20\n');
    expect(text).toContain('\nManager Status:\n Address:\t\t10.0.0.20:2377\n Raft Status:\t\tUnreachable\n Leader:\t\tNo\n');
    expect(text).toContain('\nResources:\n CPUs:\t\t\t4\n Memory:\t\t7.667GiB\n');
    expect(text.endsWith('Engine Version:\t\t28.0.1\n')).toBe(true);
  });

  test('--pretty with several nodes: blocks back to back', () => {
    const both = renderNodeInspectPrettyAll([MANAGER_1, WORKER_1], { selfNodeId: '' });
    expect(both).toBe(renderNodeInspectPretty(MANAGER_1, { selfNodeId: '' }) + renderNodeInspectPretty(WORKER_1, { selfNodeId: '' }));
  });

  test('JSON golden', async () => {
    await expect(renderNodeInspectJson([MANAGER_1, WORKER_1, JOINING], { selfNodeId: '' })).toMatchFileSnapshot('__golden__/node-inspect-json.txt');
  });

  test('JSON: 4-space indentation, field order, [] when nothing found', () => {
    const text = renderNodeInspectJson([MANAGER_1], { selfNodeId: '' });
    expect(text.startsWith(`[\n    {\n        "ID": "${MANAGER_1.id}",\n        "Version": {\n            "Index": 20\n        },\n        "CreatedAt": "2025-01-01T00:00:00Z",`)).toBe(true);
    expect(text).toContain('"ManagerStatus": {\n            "Leader": true,\n            "Reachability": "reachable",\n            "Addr": "10.0.0.11:2377"\n        }\n    }\n]\n');
    expect(renderNodeInspectJson([], { selfNodeId: '' })).toBe('[]\n');
  });
});

describe('swarm commands', () => {
  test.each([
    ['init', swarm.renderSwarmInit({ nodeId: MANAGER_1.id, workerToken: CLUSTER.joinTokens.worker, managerAddr: '10.0.0.11:2377' })],
    [
      'init-autolock',
      swarm.renderSwarmInit({
        nodeId: MANAGER_1.id,
        workerToken: CLUSTER.joinTokens.worker,
        managerAddr: '10.0.0.11:2377',
        unlockKey: 'SWMKEY-1-7c6AyBbPZdxIoYt0mNfPEzUXRFA+gKI2XXD0sgpT8W4',
      }),
    ],
    ['join-token-worker', swarm.renderJoinToken({ role: 'worker', token: CLUSTER.joinTokens.worker, managerAddr: '10.0.0.12:2377', quiet: false, rotated: false })],
    ['join-token-manager-rotate', swarm.renderJoinToken({ role: 'manager', token: CLUSTER.joinTokens.manager, managerAddr: '10.0.0.11:2377', quiet: false, rotated: true })],
    ['join-token-manager-quiet-rotate', swarm.renderJoinToken({ role: 'manager', token: CLUSTER.joinTokens.manager, managerAddr: '10.0.0.11:2377', quiet: true, rotated: true })],
    ['join-worker', swarm.renderSwarmJoin(false)],
    ['join-manager', swarm.renderSwarmJoin(true)],
    ['leave', swarm.renderSwarmLeave()],
    ['update', swarm.renderSwarmUpdate()],
    ['update-autolock-on', swarm.renderSwarmUpdate('SWMKEY-1-7c6AyBbPZdxIoYt0mNfPEzUXRFA+gKI2XXD0sgpT8W4')],
    ['promote', swarm.renderPromoted('worker-1') + swarm.renderAlreadyManager(MANAGER_2.id)],
    ['demote', swarm.renderDemoted('manager-2') + swarm.renderAlreadyWorker(WORKER_1.id)],
    ['node-update-rm-echo', swarm.renderNodeEcho('worker-1') + swarm.renderNodeEcho('b2d4')],
  ])('%s', async (name, text) => {
    await expect(text).toMatchFileSnapshot(`__golden__/swarm-${name}.txt`);
  });

  test('init: the join command on one line, 4 spaces in, no blank line at the end', () => {
    const text = swarm.renderSwarmInit({ nodeId: MANAGER_1.id, workerToken: CLUSTER.joinTokens.worker, managerAddr: '10.0.0.11:2377' });
    expect(text.split('\n')).toEqual([
      `Swarm initialized: current node (${MANAGER_1.id}) is now a manager.`,
      '',
      'To add a worker to this swarm, run the following command:',
      '',
      `    docker swarm join --token ${CLUSTER.joinTokens.worker} 10.0.0.11:2377`,
      '',
      "To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.",
      '',
    ]);
  });

  test('join-token ends with an empty line; -q is the token only', () => {
    expect(swarm.renderJoinToken({ role: 'worker', token: 'T', managerAddr: 'A', quiet: false, rotated: false })).toBe(
      'To add a worker to this swarm, run the following command:\n\n    docker swarm join --token T A\n\n',
    );
    expect(swarm.renderJoinToken({ role: 'worker', token: 'T', managerAddr: 'A', quiet: true, rotated: true })).toBe('T\n');
  });

  test('promote/demote lines', () => {
    expect(swarm.renderPromoted('worker-1')).toBe('Node worker-1 promoted to a manager in the swarm.\n');
    expect(swarm.renderDemoted('manager-2')).toBe('Manager manager-2 demoted in the swarm.\n');
  });
});

describe('docker info Swarm block', () => {
  const managerInfo = {
    localNodeState: 'active' as const,
    nodeId: MANAGER_1.id,
    nodeAddr: '10.0.0.11',
    controlAvailable: true,
    error: '',
    cluster: CLUSTER,
    managers: 3,
    nodes: 5,
    remoteManagers: ['10.0.0.12:2377', '10.0.0.11:2377', '10.0.0.20:2377'],
  };

  test.each([
    ['manager', managerInfo],
    ['worker', { ...managerInfo, nodeId: WORKER_1.id, nodeAddr: '10.0.0.21', controlAvailable: false, cluster: undefined }],
    ['inactive', { ...managerInfo, localNodeState: 'inactive' as const }],
    ['pending', { ...managerInfo, localNodeState: 'pending' as const, nodeId: '', controlAvailable: false, cluster: undefined, remoteManagers: [] }],
    ['manager-lost-quorum', { ...managerInfo, error: "rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online." }],
  ])('%s', async (name, info) => {
    await expect(renderInfoSwarm(info)).toMatchFileSnapshot(`__golden__/info-${name}.txt`);
  });

  test('manager block exactly as the notes show it (defaults of a fresh init)', () => {
    expect(renderInfoSwarm({ ...managerInfo, managers: 1, nodes: 1, remoteManagers: ['10.0.0.11:2377'] })).toBe(
      [
        ' Swarm: active',
        `  NodeID: ${MANAGER_1.id}`,
        '  Is Manager: true',
        `  ClusterID: ${CLUSTER.id}`,
        '  Managers: 1',
        '  Nodes: 1',
        '  Default Address Pool: 10.0.0.0/8  ',
        '  SubnetSize: 24',
        '  Data Path Port: 4789',
        '  Orchestration:',
        '   Task History Retention Limit: 5',
        '  Raft:',
        '   Snapshot Interval: 10000',
        '   Number of Old Snapshots to Retain: 0',
        '   Heartbeat Tick: 1',
        '   Election Tick: 10',
        '  Dispatcher:',
        '   Heartbeat Period: 5 seconds',
        '  CA Configuration:',
        '   Expiry Duration: 3 months',
        '   Force Rotate: 0',
        '  Autolock Managers: false',
        '  Root Rotation In Progress: false',
        '  Node Address: 10.0.0.11',
        '  Manager Addresses:',
        '   10.0.0.11:2377',
        '',
      ].join('\n'),
    );
  });

  test('two-manager warning', async () => {
    await expect(renderTwoManagerWarning()).toMatchFileSnapshot('__golden__/info-two-manager-warning.txt');
  });
});
