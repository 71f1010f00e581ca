/** `docker swarm init --force-new-cluster`: the survivor of a lost quorum keeps the swarm; a worker is refused; outside a swarm it is a plain init. */
import { describe, expect, it } from 'vitest';
import { containerWorld, text } from './world.js';

describe('swarm init --force-new-cluster', () => {
  it('keeps the cluster, node IDs and services; the lost managers leave the Raft member list', () => {
    const w = containerWorld({ managers: 3, workers: 1 }, {}, 4);
    expect(w.docker('manager-1', 'service create -d --name web --replicas 2 nginx').exitCode).toBe(0);
    w.wait(3_000_000);
    const clusterBefore = w.show('manager-1', "info --format '{{.Swarm.Cluster.ID}}'").stdout;
    const idsBefore = w.show('manager-1', "node ls --format '{{.ID}} {{.Hostname}}'").stdout;
    const indexBefore = w.world.manager('manager-1')?.app.index ?? 0;
    w.world.sim.crash('manager-2');
    w.world.sim.crash('manager-3');
    w.wait(30_000_000);
    expect(w.show('manager-1', 'node ls').stderr).toContain('The swarm does not have a leader');
    expect(text(w.docker('worker-1', 'swarm init --force-new-cluster'))).toContain("Worker nodes can't be used to view or modify cluster state");
    const forced = w.docker('manager-1', 'swarm init --force-new-cluster');
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toMatch(/^Swarm initialized: current node \(\w{25}\) is now a manager\./);
    expect(w.world.leader()?.id).toBe('manager-1');
    expect(w.world.manager('manager-1')?.raft?.voters).toEqual(['manager-1']);
    expect(w.world.manager('manager-1')?.app.index ?? 0).toBeGreaterThan(indexBefore);
    expect(w.show('manager-1', "info --format '{{.Swarm.Cluster.ID}}'").stdout).toBe(clusterBefore);
    expect(w.show('manager-1', "node ls --format '{{.ID}} {{.Hostname}}'").stdout).toBe(idsBefore);
    expect(w.show('manager-1', "service ls --format '{{.Name}}'").stdout).toBe('web\n');
    expect(w.show('manager-1', "node ls --format '{{.Hostname}}={{.ManagerStatus}}' --filter role=manager").stdout).toBe('manager-1=Leader\nmanager-2=\nmanager-3=\n');
    // A lost manager that comes back is no longer heard by the new cluster.
    w.world.sim.restart('manager-2');
    w.wait(20_000_000);
    expect(w.world.leader()?.id).toBe('manager-1');
    expect(w.world.checks.current.size).toBe(0);
  });

  it('outside a swarm it is an ordinary init', () => {
    const w = containerWorld({ managers: 1, workers: 0, form: 'manual' }, {}, 4);
    const out = w.docker('manager-1', 'swarm init --force-new-cluster');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('Swarm initialized');
  });
});
