/**
 * Every catalogue entry, golden-filed, plus exact checks of key texts against
 * docker-cli.md §1.4, §2, §3 and swarm-behaviour.md §1.4, §3.4, §3.5, §4.
 */
import { describe, expect, test } from 'vitest';
import * as errors from '../../../src/model/docker/errors.js';
import type { CliOutput } from '../../../src/model/docker/errors.js';

const ID = 'b2d4f6h8j0l2n4p6r8t0v2x4z';

const CATALOGUE: [string, CliOutput][] = [
  ['not-swarm-manager', errors.notSwarmManager()],
  ['not-swarm-manager-worker', errors.notSwarmManagerWorker()],
  ['not-swarm-manager-preparing', errors.notSwarmManagerPreparing()],
  ['swarm-locked', errors.swarmLocked()],
  ['already-in-swarm', errors.alreadyInSwarm()],
  ['not-part-of-swarm', errors.notPartOfSwarm()],
  ['no-leader', errors.noLeader()],
  ['deadline-exceeded', errors.deadlineExceeded()],
  ['lost-leadership', errors.lostLeadership()],
  ['leave-last-manager', errors.leaveManagerRefused({ managerActive: true, members: { reachable: 1, unreachable: 0, selfReachable: true } })],
  ['leave-two-managers', errors.leaveManagerRefused({ managerActive: true, members: { reachable: 2, unreachable: 0, selfReachable: true } })],
  ['leave-three-managers', errors.leaveManagerRefused({ managerActive: true, members: { reachable: 3, unreachable: 0, selfReachable: true } })],
  ['leave-manager-inactive', errors.leaveManagerRefused({ managerActive: false })],
  ['leave-locked', errors.leaveLocked()],
  ['node-not-found', errors.nodeNotFound('worker-9')],
  ['node-ambiguous', errors.nodeAmbiguous('a', 2)],
  ['demote-last-manager', errors.demoteLastManager()],
  ['demote-quorum-loss', errors.demoteQuorumLoss()],
  ['demote-not-in-memberlist', errors.demoteNotInMemberlist()],
  ['rm-not-down', errors.nodeNotDown(ID)],
  ['rm-raft-member', errors.nodeIsRaftMember(ID)],
  ['invalid-role', errors.invalidRole('boss')],
  ['invalid-availability', errors.invalidAvailability('off')],
  ['invalid-filter', errors.invalidFilter('foo')],
  ['invalid-role-filter', errors.invalidRoleFilter('boss')],
  ['invalid-membership-filter', errors.invalidMembershipFilter('x')],
  ['negative-heartbeat', errors.negativeHeartbeat()],
  ['node-removed', errors.nodeRemovedFromSwarm(ID)],
  ['join-token-malformed', errors.joinTokenMalformed()],
  ['join-token-rejected', errors.joinTokenRejected()],
  ['join-ca-mismatch', errors.joinCaMismatch('9f'.repeat(32))],
  ['join-timeout', errors.joinTimeout()],
  ['join-no-route', errors.joinDialError({ address: '10.0.0.11:2377', reason: 'no route to host' })],
  ['join-refused', errors.joinDialError({ address: '10.0.0.11:2377', reason: 'connection refused' })],
  ['join-dial-back', errors.joinDialBackFailed()],
  ['advertise-multiple', errors.advertiseAddrMultiple('on different interfaces (10.0.0.11 on eth0 and 192.168.1.5 on eth1)')],
  ['advertise-none', errors.advertiseAddrNone()],
  ['unknown-role', errors.unknownRole('boss')],
  ['invalid-availability-flag', errors.invalidAvailabilityFlag('off')],
  ['label-key-missing', errors.labelKeyMissing('zone')],
  ['node-id-not-in-info', errors.nodeIdNotInInfo()],
  ['joined', errors.joinErrors([errors.nodeNotFound('a'), errors.nodeNotDown(ID)], 'worker-2\n')],
];

describe('catalogue goldens', () => {
  test.each(CATALOGUE)('%s', async (name, output) => {
    expect(output.exitCode).toBe(1);
    await expect(output.stderr).toMatchFileSnapshot(`__golden__/error-${name}.txt`);
  });
});

describe('key texts', () => {
  test('daemon prefix, one line, exit 1', () => {
    expect(errors.notSwarmManagerWorker()).toEqual({
      stdout: '',
      stderr:
        "Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.\n",
      exitCode: 1,
    });
  });

  test('lost quorum as grpc Unknown', () => {
    expect(errors.noLeader().stderr).toBe(
      "Error response from daemon: rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.\n",
    );
  });

  test('leave of the last manager: trailing space trimmed', () => {
    expect(errors.leaveManagerRefused({ managerActive: true, members: { reachable: 1, unreachable: 0, selfReachable: true } }).stderr).toBe(
      'Error response from daemon: You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.\n',
    );
  });

  test('leave of one of two managers names the counts', () => {
    expect(errors.leaveManagerRefused({ managerActive: true, members: { reachable: 2, unreachable: 0, selfReachable: true } }).stderr).toContain(
      'Removing this node leaves 1 managers out of 2. Without a Raft quorum your swarm will be inaccessible. The only way',
    );
  });

  test('join dial error ends in "connect: no route to host"', () => {
    expect(errors.joinDialError({ address: '10.0.0.11:2377', reason: 'no route to host' }).stderr).toBe(
      'Error response from daemon: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.0.0.11:2377: connect: no route to host"\n',
    );
  });

  test('joined errors: one per line, successful output kept', () => {
    const joined = errors.joinErrors([errors.nodeNotFound('a'), errors.nodeNotFound('b')], 'x\n');
    expect(joined).toEqual({
      stdout: 'x\n',
      stderr: 'Error response from daemon: node a not found\nError response from daemon: node b not found\n',
      exitCode: 1,
    });
    expect(errors.joinErrors([]).exitCode).toBe(0);
  });
});
