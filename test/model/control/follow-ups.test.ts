/**
 * Second control-plane review: partial `node inspect`, the manager join's
 * dial-back check (swarm-behaviour §1.5), Reachable/Unreachable in the checks.
 */
import { describe, expect, it } from 'vitest';
import { harness } from './harness.js';

describe('node inspect with some refs missing (docker-cli §1.1, §3)', () => {
  it('prints the found nodes as a JSON array on stdout, then the misses on stderr, exit 1', () => {
    const h = harness({ managers: 1, workers: 1 });
    const self = h.docker('manager-1', 'node inspect self');
    expect(self.exitCode).toBe(0);
    const out = h.docker('manager-1', 'node inspect self worker-9');
    expect(out.stdout).toBe(self.stdout);
    expect(out.stderr).toBe('Error response from daemon: node worker-9 not found\n');
    expect(out.exitCode).toBe(1);
  });

  it('keeps the order of the found refs and joins every miss', () => {
    const h = harness({ managers: 1, workers: 1 });
    const out = h.docker('manager-1', 'node inspect nope-1 worker-1 self nope-2');
    const json = JSON.parse(out.stdout) as { Description: { Hostname: string } }[];
    expect(json.map((n) => n.Description.Hostname)).toEqual(['worker-1', 'manager-1']);
    expect(out.stderr).toBe('Error response from daemon: node nope-1 not found\nError response from daemon: node nope-2 not found\n');
    expect(out.exitCode).toBe(1);
  });

  it('nothing found: [] on stdout', () => {
    const h = harness({ managers: 1, workers: 0 });
    const out = h.docker('manager-1', 'node inspect worker-9');
    expect(out).toMatchObject({ stdout: '[]\n', stderr: 'Error response from daemon: node worker-9 not found\n', exitCode: 1 });
  });

  it('--pretty with a miss prints nothing on stdout (the pretty renderer fails as a whole), exit 1', () => {
    const h = harness({ managers: 1, workers: 0 });
    const out = h.docker('manager-1', 'node inspect --pretty self worker-9');
    expect(out).toMatchObject({ stdout: '', stderr: 'Error response from daemon: node worker-9 not found\n', exitCode: 1 });
  });
});

describe('a manager join the leader cannot dial back (swarm-behaviour §1.5)', () => {
  const DIAL_BACK_ERROR =
    'Error response from daemon: manager stopped: can\'t initialize raft node: rpc error: code = Unknown desc = could not connect to prospective new cluster member using its advertised address: rpc error: code = DeadlineExceeded desc = context deadline exceeded\n';

  it.each(['drop', 'reject'] as const)('inbound 2377 blocked (%s) on the newcomer: the join fails after the 5 s health check, no Raft member added', (mode) => {
    const h = harness({ managers: 2, workers: 0, form: 'manual' });
    h.docker('manager-1', 'swarm init');
    const token = h.docker('manager-1', 'swarm join-token -q manager').stdout.trim();
    h.world.sim.net.block({ node: 'manager-2', port: 2377, direction: 'in', mode });
    const voters = (): readonly string[] => h.world.engine('manager-1')?.raft?.raft?.voters ?? [];
    expect(voters()).toHaveLength(1);
    const out = h.docker('manager-2', `swarm join --token ${token} 10.0.0.2:2377`);
    expect(out).toMatchObject({ stdout: '', stderr: DIAL_BACK_ERROR, exitCode: 1 });
    expect(out.tookUs).toBeGreaterThanOrEqual(5_000_000);
    expect(out.tookUs).toBeLessThan(6_000_000);
    h.wait(30_000_000);
    expect(voters()).toHaveLength(1);
    expect(h.docker('manager-2', 'info').stdout).toContain('Swarm: inactive');
    expect(h.docker('manager-1', 'node ls').stdout).toMatch(/manager-1\s+Ready\s+Active\s+Leader/);
    expect(h.violations()).toEqual([]);
  });
});
