/**
 * Regression tests for the control-plane review (issue 5 follow-up):
 * replies ride the caller's connection, joins are idempotent per joining host.
 */
import { describe, expect, it } from 'vitest';
import { harness } from './harness.js';

describe('RPC replies travel on the caller connection', () => {
  it('an inbound block of 2377 on a worker does not break its join or its heartbeats', () => {
    const h = harness({ managers: 1, workers: 1, form: 'manual' });
    h.docker('manager-1', 'swarm init');
    const token = h.docker('manager-1', 'swarm join-token -q worker').stdout.trim();
    h.world.sim.net.block({ node: 'worker-1', port: 2377, direction: 'in', mode: 'reject' });
    const out = h.docker('worker-1', `swarm join --token ${token} 10.0.0.2:2377`);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('This node joined a swarm as a worker.\n');
    h.wait(60_000_000);
    const ls = h.docker('manager-1', 'node ls').stdout.split('\n').filter((l) => l !== '');
    expect(ls).toHaveLength(3);
    expect(ls.find((l) => l.includes('worker-1'))).toMatch(/Ready\s+Active/);
    expect(h.violations()).toEqual([]);
  });

  it('a join whose first answers are lost reuses one node object (no phantom Unknown rows)', () => {
    const h = harness({ managers: 1, workers: 1, form: 'manual' });
    h.docker('manager-1', 'swarm init');
    const token = h.docker('manager-1', 'swarm join-token -q worker').stdout.trim();
    h.world.sim.net.cut('manager-1', 'worker-1');
    h.world.sim.schedule({ after: 8_000_000 as never, label: 'test/heal' }, () => h.world.sim.net.healAll());
    const out = h.docker('worker-1', `swarm join --token ${token} 10.0.0.2:2377`);
    expect(out.stdout).toBe('This node joined a swarm as a worker.\n');
    h.wait(10_000_000);
    const ls = h.docker('manager-1', 'node ls').stdout.split('\n').filter((l) => l !== '');
    expect(ls).toHaveLength(3);
    expect(ls.filter((l) => l.includes('Unknown'))).toEqual([]);
    expect(h.violations()).toEqual([]);
  });
});

describe('several clusters in one world', () => {
  it('leave --force then init again: a fresh one-node swarm, no false Raft or store violations', () => {
    const h = harness({ managers: 2, workers: 1, form: 'manual' });
    h.docker('manager-1', 'swarm init');
    const token = h.docker('manager-1', 'swarm join-token -q worker').stdout.trim();
    h.docker('worker-1', `swarm join --token ${token} 10.0.0.2:2377`);
    h.wait(5_000_000);
    expect(h.docker('manager-1', 'swarm leave --force').exitCode).toBe(0);
    h.wait(1_000_000);
    expect(h.docker('manager-1', 'swarm init').exitCode).toBe(0);
    h.wait(5_000_000);
    const ls = h.docker('manager-1', 'node ls').stdout.split('\n').filter((l) => l !== '');
    expect(ls).toHaveLength(2);
    expect(ls[1]).toMatch(/manager-1\s+Ready\s+Active\s+Leader/);
    expect(h.violations()).toEqual([]);
  });

  it('a second init on another host runs a second swarm beside the first', () => {
    const h = harness({ managers: 2, workers: 0, form: 'manual' });
    h.docker('manager-1', 'swarm init');
    h.wait(2_000_000);
    h.docker('manager-2', 'swarm init');
    h.wait(30_000_000);
    expect(h.docker('manager-2', 'node ls').stdout).toMatch(/manager-2\s+Ready\s+Active\s+Leader/);
    expect(h.violations()).toEqual([]);
  });
});

describe('CA digest mismatch', () => {
  it('a token of another cluster: %064x of the digest part read as base 36, after the retries (~10 s)', () => {
    const h = harness({ managers: 2, workers: 1, form: 'manual' });
    h.docker('manager-1', 'swarm init');
    h.docker('manager-2', 'swarm init');
    const other = h.docker('manager-2', 'swarm join-token -q worker').stdout.trim();
    const digest = other.split('-')[2] as string;
    let value = 0n;
    for (const c of digest) value = value * 36n + BigInt(parseInt(c, 36));
    const out = h.docker('worker-1', `swarm join --token ${other} 10.0.0.2:2377`);
    expect(out.stderr).toBe(`Error response from daemon: remote CA does not match fingerprint. Expected: ${value.toString(16).padStart(64, '0')}\n`);
    expect(out.exitCode).toBe(1);
    expect(out.tookUs).toBeGreaterThanOrEqual(8_000_000);
    expect(out.tookUs).toBeLessThanOrEqual(12_000_000);
  });
});

describe('swarm init validation', () => {
  it.each([
    ['--advertise-addr 0.0.0.0', 'Error response from daemon: advertise address must be a non-zero IP address or network interface (with optional port number)\n'],
    ['--advertise-addr 0.0.0.0:2377', 'Error response from daemon: advertise address must be a non-zero IP address or network interface (with optional port number)\n'],
    ['--data-path-port 80', 'Error response from daemon: Datapath port number is not in valid range (1024-49151) : 80\n'],
    ['--data-path-port 49152', 'Error response from daemon: Datapath port number is not in valid range (1024-49151) : 49152\n'],
    ['--cert-expiry 30m', 'Error response from daemon: rpc error: code = InvalidArgument desc = minimum certificate expiry time is: 1h0m0s\n'],
  ])('swarm init %s is refused and the node stays outside any swarm', (flags, stderr) => {
    const h = harness({ managers: 1, workers: 0, form: 'manual' });
    const out = h.docker('manager-1', `swarm init ${flags}`);
    expect(out).toMatchObject({ stdout: '', stderr, exitCode: 1 });
    expect(h.docker('manager-1', 'info').stdout).toContain('Swarm: inactive');
  });

  it('the limits themselves are accepted', () => {
    const h = harness({ managers: 1, workers: 0, form: 'manual' });
    expect(h.docker('manager-1', 'swarm init --cert-expiry 1h --data-path-port 1024').exitCode).toBe(0);
  });
});

describe('withLeader checks the no-leader threshold only on entry', () => {
  it('a command that started waiting for a leader ends with DeadlineExceeded at 20 s, not the lost-quorum error', () => {
    const h = harness({ managers: 2, workers: 0 });
    h.wait(2_000_000);
    h.docker('manager-2', 'swarm leave --force');
    const raft = h.world.engine('manager-1')?.raft;
    let guard = 0;
    while (raft?.raft?.leader !== undefined && ++guard < 600) h.wait(100_000);
    expect(raft?.raft?.leader).toBeUndefined();
    expect(raft?.ticksWithNoLeader ?? 99).toBeLessThanOrEqual(10);
    const out = h.docker('manager-1', 'node ls');
    expect(out.stderr).toContain('DeadlineExceeded');
    expect(out.tookUs).toBe(20_000_000);
  });
});
