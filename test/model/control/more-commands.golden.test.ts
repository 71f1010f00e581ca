/**
 * More docker commands through the real world, pinned as golden files
 * (regenerate with `vitest -u`, review the diff against the notes' exact
 * texts). Sources: swarm-behaviour.md §1.3 (lost leadership), §1.6 (demoting
 * the leader: transfer, then removal), §3.3 (join-token --rotate), §3.4
 * (rotated token refused), §3.6 (swarm update), §4 (node update labels,
 * node rm --force, node ls filters); docker-cli.md §3.
 */
import { describe, expect, it } from 'vitest';
import { leaderEngine } from '../../../src/model/commands/kinds.js';
import { harness } from './harness.js';

function text(out: { stdout: string; stderr: string; exitCode: number }): string {
  return `${out.stdout}${out.stderr}(exit ${out.exitCode})\n`;
}

describe('swarm update (managers 1, workers 1)', () => {
  it('--task-history-limit and --dispatcher-heartbeat show in docker info; a negative period is refused; no flag prints the help', async () => {
    const h = harness({ managers: 1, workers: 1 });
    const out = h.docker('manager-1', 'swarm update --task-history-limit 10 --dispatcher-heartbeat 10s');
    await expect(text(out)).toMatchFileSnapshot('__golden__/swarm-update.txt');
    const info = h.docker('manager-1', 'info').stdout;
    expect(info).toContain('   Task History Retention Limit: 10\n');
    expect(info).toContain('   Heartbeat Period: 10 seconds\n');
    await expect(text(h.docker('manager-1', 'swarm update --dispatcher-heartbeat -5s'))).toMatchFileSnapshot('__golden__/error-swarm-update-negative.txt');
    await expect(text(h.docker('manager-1', 'swarm update'))).toMatchFileSnapshot('__golden__/error-swarm-update-no-flag.txt');
  });
});

describe('join-token --rotate (managers 1, workers 2, form manual)', () => {
  it('prints the rotation, refuses the old token afterwards and accepts the new one', async () => {
    const h = harness({ managers: 1, workers: 2, form: 'manual' });
    h.docker('manager-1', 'swarm init');
    const old = h.docker('manager-1', 'swarm join-token -q worker').stdout.trim();
    const rotated = h.docker('manager-1', 'swarm join-token --rotate worker');
    await expect(text(rotated)).toMatchFileSnapshot('__golden__/join-token-rotate.txt');
    const fresh = h.docker('manager-1', 'swarm join-token -q worker').stdout.trim();
    expect(fresh).not.toBe(old);
    expect(fresh.slice(0, 60)).toBe(old.slice(0, 60)); // SWMTKN-1- + the same 50-char CA digest + '-'
    const manager = h.docker('manager-1', 'swarm join-token -q manager').stdout.trim();
    expect(manager.slice(0, 60)).toBe(fresh.slice(0, 60));
    const refused = h.docker('worker-1', `swarm join --token ${old} 10.0.0.2:2377`);
    await expect(text(refused)).toMatchFileSnapshot('__golden__/error-join-rotated-token.txt');
    expect(refused.tookUs).toBeGreaterThanOrEqual(8_000_000);
    expect(h.docker('worker-1', 'info').stdout).toBe(' Swarm: inactive\n');
    expect(text(h.docker('worker-1', `swarm join --token ${fresh} 10.0.0.2:2377`))).toBe('This node joined a swarm as a worker.\n(exit 0)\n');
    await expect(text(h.docker('manager-1', 'swarm join-token --rotate -q manager'))).toMatchFileSnapshot('__golden__/join-token-rotate-quiet.txt');
    await expect(text(h.docker('worker-1', 'swarm join-token worker'))).toMatchFileSnapshot('__golden__/error-join-token-on-worker.txt');
    expect(h.violations()).toEqual([]);
  });
});

describe('node update labels, node rm --force, node ls filters (managers 3, workers 2)', () => {
  const h = harness({ managers: 3, workers: 2 });

  it('--label-add and --label-rm change the spec; removing a missing key is a CLI error', async () => {
    await expect(text(h.docker('manager-1', 'node update --label-add zone=east --label-add disk=ssd worker-1'))).toMatchFileSnapshot('__golden__/node-update-label-add.txt');
    await expect(text(h.docker('manager-2', 'node inspect --pretty worker-1'))).toMatchFileSnapshot('__golden__/node-inspect-pretty-labels.txt');
    h.docker('manager-1', 'node update --label-rm disk worker-1');
    const labels = h.docker('manager-1', 'node inspect worker-1');
    await expect(text(labels)).toMatchFileSnapshot('__golden__/node-inspect-labels-after-rm.txt');
    await expect(text(h.docker('manager-1', 'node update --label-rm nosuch worker-1'))).toMatchFileSnapshot('__golden__/error-node-update-label-rm-missing.txt');
  });

  it('node ls --filter role=, name=, membership=', async () => {
    await expect(text(h.docker('manager-1', 'node ls --filter role=manager'))).toMatchFileSnapshot('__golden__/node-ls-filter-role.txt');
    await expect(text(h.docker('manager-1', 'node ls --filter name=worker'))).toMatchFileSnapshot('__golden__/node-ls-filter-name.txt');
    await expect(text(h.docker('manager-1', 'node ls --filter membership=accepted -q'))).toMatchFileSnapshot('__golden__/node-ls-filter-membership.txt');
    await expect(text(h.docker('manager-1', 'node ls --filter role=boss'))).toMatchFileSnapshot('__golden__/error-node-ls-filter-role.txt');
    await expect(text(h.docker('manager-1', 'node ls --filter colour=blue'))).toMatchFileSnapshot('__golden__/error-node-ls-filter-key.txt');
  });

  it('node rm --force removes a Ready worker, still refuses a raft member', async () => {
    await expect(text(h.docker('manager-1', 'node rm --force worker-2'))).toMatchFileSnapshot('__golden__/node-rm-force.txt');
    expect(h.docker('manager-1', 'node ls').stdout).not.toContain('worker-2');
    await expect(text(h.docker('manager-1', 'node rm --force manager-3'))).toMatchFileSnapshot('__golden__/error-node-rm-force-manager.txt');
    await expect(text(h.docker('manager-1', 'node rm worker-9'))).toMatchFileSnapshot('__golden__/error-node-rm-not-found.txt');
    h.wait(20_000_000);
    expect(h.violations()).toEqual([]);
  });
});

describe('demoting the leader itself (managers 3, workers 0)', () => {
  it('hands leadership to another manager, which then removes the old leader from Raft', async () => {
    const h = harness({ managers: 3, workers: 0 });
    await expect(text(h.docker('manager-1', 'node demote manager-1'))).toMatchFileSnapshot('__golden__/node-demote-leader.txt');
    h.wait(10_000_000);
    const leader = leaderEngine(h.world);
    expect(leader?.hostname).toBe('manager-2'); // the lowest-ID active member (§7 #7: lowest raft id here)
    expect(leader?.raft?.raft?.voters).toEqual(['manager-2', 'manager-3']);
    expect(h.world.engine('manager-1')?.raft).toBeUndefined();
    await expect(text(h.docker('manager-2', 'node ls'))).toMatchFileSnapshot('__golden__/node-ls-after-leader-demoted.txt');
    await expect(text(h.docker('manager-1', 'node ls'))).toMatchFileSnapshot('__golden__/error-worker-node-ls-after-demote.txt');
    expect(h.violations()).toEqual([]);
  });

  it('demoting a live manager while another is down would lose the quorum: refused', async () => {
    const h = harness({ managers: 3, workers: 0 });
    h.world.sim.crash('manager-3');
    h.wait(3_000_000); // the leader's transport marks manager-3 inactive after the 2 s watchdog
    await expect(text(h.docker('manager-1', 'node demote manager-2'))).toMatchFileSnapshot('__golden__/error-demote-quorum.txt');
    // Two managers of three are still a majority after demoting the down one.
    expect(text(h.docker('manager-1', 'node demote manager-3'))).toBe('Manager manager-3 demoted in the swarm.\n(exit 0)\n');
  });

  it('the last manager cannot be demoted', async () => {
    const h = harness({ managers: 1, workers: 1 });
    await expect(text(h.docker('manager-1', 'node demote manager-1'))).toMatchFileSnapshot('__golden__/error-demote-last-manager.txt');
  });
});

describe('lost leadership while a write waits', () => {
  it('a leader cut off from its followers steps down and the write fails with "node lost leader status"', async () => {
    const h = harness({ managers: 3, workers: 0 });
    h.world.sim.net.partition([['manager-1'], ['manager-2', 'manager-3']]);
    const out = h.docker('manager-1', 'node update --availability drain manager-1');
    await expect(text(out)).toMatchFileSnapshot('__golden__/error-lost-leadership.txt');
    // Check-quorum: the leader steps down at the second quorum check after the cut (10..20 ticks).
    expect(out.tookUs).toBeGreaterThan(9_000_000);
    expect(out.tookUs).toBeLessThanOrEqual(20_000_000);
  });

  it('a write on a follower that cannot reach the leader ends at the 20 s deadline', async () => {
    const h = harness({ managers: 3, workers: 0 });
    h.world.sim.net.partition([['manager-1', 'manager-2'], ['manager-3']]);
    const out = h.docker('manager-3', 'node update --availability drain manager-1');
    await expect(text(out)).toMatchFileSnapshot('__golden__/error-deadline.txt');
    expect(out.tookUs).toBe(20_000_000);
  });
});
