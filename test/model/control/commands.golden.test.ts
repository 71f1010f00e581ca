/**
 * Docker commands through the real world (kernel, Raft, dispatcher), with
 * their output pinned as golden files (regenerate with `vitest -u`, review the
 * diff). Sources: docker-cli.md §1–3, §9; swarm-behaviour.md §1.4, §3, §4.
 */
import { describe, expect, it } from 'vitest';
import { harness } from './harness.js';

function text(out: { stdout: string; stderr: string; exitCode: number }): string {
  return `${out.stdout}${out.stderr}(exit ${out.exitCode})\n`;
}

describe('formed swarm (managers 3, workers 2)', () => {
  const h = harness({ managers: 3, workers: 2 });
  h.wait(2_000_000);

  it('node ls on the leader and on a follower', async () => {
    await expect(text(h.docker('manager-1', 'node ls'))).toMatchFileSnapshot('__golden__/node-ls-leader.txt');
    await expect(text(h.docker('manager-2', 'node ls'))).toMatchFileSnapshot('__golden__/node-ls-follower.txt');
  });

  it('info on a manager and on a worker', async () => {
    await expect(text(h.docker('manager-2', 'info'))).toMatchFileSnapshot('__golden__/info-manager.txt');
    await expect(text(h.docker('worker-1', 'info'))).toMatchFileSnapshot('__golden__/info-worker.txt');
  });

  it('manager commands on a worker get the worker variant', async () => {
    await expect(text(h.docker('worker-1', 'node ls'))).toMatchFileSnapshot('__golden__/error-worker-node-ls.txt');
  });

  it('node inspect --pretty self, node ps', async () => {
    await expect(text(h.docker('manager-1', 'node inspect --pretty self'))).toMatchFileSnapshot('__golden__/node-inspect-pretty-self.txt');
    await expect(text(h.docker('manager-1', 'node ps'))).toMatchFileSnapshot('__golden__/node-ps-empty.txt');
  });

  it('promote, demote, drain, rm errors', async () => {
    await expect(text(h.docker('manager-1', 'node update --availability drain worker-1'))).toMatchFileSnapshot('__golden__/node-update-drain.txt');
    await expect(text(h.docker('manager-1', 'node rm worker-2'))).toMatchFileSnapshot('__golden__/error-node-rm-not-down.txt');
    await expect(text(h.docker('manager-1', 'node rm manager-2'))).toMatchFileSnapshot('__golden__/error-node-rm-manager.txt');
    await expect(text(h.docker('manager-1', 'node promote worker-1'))).toMatchFileSnapshot('__golden__/node-promote.txt');
    h.wait(10_000_000);
    await expect(text(h.docker('manager-1', 'node ls'))).toMatchFileSnapshot('__golden__/node-ls-after-promote.txt');
    await expect(text(h.docker('manager-1', 'node demote worker-1'))).toMatchFileSnapshot('__golden__/node-demote.txt');
    h.wait(10_000_000);
    await expect(text(h.docker('manager-1', 'node ls'))).toMatchFileSnapshot('__golden__/node-ls-after-demote.txt');
    await expect(text(h.docker('manager-1', 'swarm leave'))).toMatchFileSnapshot('__golden__/error-leave-manager.txt');
    expect(h.violations()).toEqual([]);
  });
});

describe('manual formation', () => {
  it('init, join-token, join, node ls; errors for join twice and a wrong token', async () => {
    const h = harness({ managers: 1, workers: 2, form: 'manual' });
    await expect(text(h.docker('worker-1', 'node ls'))).toMatchFileSnapshot('__golden__/error-not-in-swarm.txt');
    await expect(text(h.docker('manager-1', 'swarm init --advertise-addr 10.0.0.2'))).toMatchFileSnapshot('__golden__/swarm-init.txt');
    await expect(text(h.docker('manager-1', 'swarm init'))).toMatchFileSnapshot('__golden__/error-init-twice.txt');
    await expect(text(h.docker('manager-1', 'swarm join-token worker'))).toMatchFileSnapshot('__golden__/join-token-worker.txt');
    const token = h.docker('manager-1', 'swarm join-token -q worker').stdout.trim();
    const joined = h.docker('worker-1', `swarm join --token ${token} 10.0.0.2:2377`);
    await expect(text(joined)).toMatchFileSnapshot('__golden__/swarm-join-worker.txt');
    const bad = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0');
    const rejected = h.docker('worker-2', `swarm join --token ${bad} 10.0.0.2:2377`);
    await expect(text(rejected)).toMatchFileSnapshot('__golden__/error-join-wrong-token.txt');
    expect(rejected.tookUs).toBeGreaterThanOrEqual(8_000_000);
    await expect(text(h.docker('worker-1', `swarm join --token ${token} 10.0.0.2:2377`))).toMatchFileSnapshot('__golden__/error-join-twice.txt');
    await expect(text(h.docker('worker-2', 'swarm join --token foobaz 10.0.0.2:2377'))).toMatchFileSnapshot('__golden__/error-join-malformed.txt');
    h.wait(1_000_000);
    await expect(text(h.docker('manager-1', 'node ls'))).toMatchFileSnapshot('__golden__/node-ls-manual.txt');
    expect(h.violations()).toEqual([]);
  });

  it('a REJECT firewall on 2377 fails the join with the dial error after ~10 s', async () => {
    const h = harness({ managers: 1, workers: 1, form: 'manual' });
    h.docker('manager-1', 'swarm init');
    const token = h.docker('manager-1', 'swarm join-token -q worker').stdout.trim();
    h.world.sim.net.block({ node: 'manager-1', port: 2377, direction: 'in', mode: 'reject' });
    const out = h.docker('worker-1', `swarm join --token ${token} 10.0.0.2:2377`);
    await expect(text(out)).toMatchFileSnapshot('__golden__/error-join-no-route.txt');
    expect(out.tookUs).toBe(10_000_000);
  });

  it('dropped packets end in the join timeout text after 20 s', async () => {
    const h = harness({ managers: 1, workers: 1, form: 'manual' });
    h.docker('manager-1', 'swarm init');
    const token = h.docker('manager-1', 'swarm join-token -q worker').stdout.trim();
    h.world.sim.net.block({ node: 'manager-1', port: 2377, direction: 'in', mode: 'drop' });
    const out = h.docker('worker-1', `swarm join --token ${token} 10.0.0.2:2377`);
    await expect(text(out)).toMatchFileSnapshot('__golden__/error-join-timeout.txt');
    expect(out.tookUs).toBe(20_000_000);
  });
});

describe('quorum', () => {
  it('a 2-manager swarm that loses one manager: lost-quorum error after 10 leaderless ticks', async () => {
    const h = harness({ managers: 2, workers: 0 });
    h.wait(2_000_000);
    await expect(text(h.docker('manager-2', 'swarm leave --force'))).toMatchFileSnapshot('__golden__/leave-force.txt');
    h.wait(40_000_000);
    await expect(text(h.docker('manager-1', 'node ls'))).toMatchFileSnapshot('__golden__/error-no-leader.txt');
  });
});
