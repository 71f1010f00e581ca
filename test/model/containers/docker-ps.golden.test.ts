/**
 * `docker ps` / `docker container ls` on a node: the node's task containers
 * with docker's columns, filters and errors, pinned as golden files (regenerate
 * with `vitest -u` and review against swarmctl-and-docker-ps.md §5, §6).
 */
import { describe, expect, it } from 'vitest';
import { containerWorld, text } from './world.js';

const IMAGES = { 'acme/crasher:1': { exit: { after: '3s', code: 1 } } };

describe('docker ps on a manager and a worker', () => {
  it('lists running task containers, keeps exited ones for -a, and drops them with their tasks', async () => {
    const w = containerWorld({ managers: 1, workers: 1 }, IMAGES, 3);
    expect(w.docker('manager-1', 'service create -d --name web --replicas 4 -p 8080:80 nginx:1.11.1-alpine').exitCode).toBe(0);
    expect(w.docker('manager-1', 'service create -d --name crash --restart-max-attempts 1 acme/crasher:1').exitCode).toBe(0);
    w.wait(30_000_000);
    await expect(text(w.show('manager-1', 'docker ps'))).toMatchFileSnapshot('__golden__/ps-manager.txt');
    await expect(text(w.show('manager-1', 'docker ps -a'))).toMatchFileSnapshot('__golden__/ps-a-manager.txt');
    await expect(text(w.show('worker-1', 'docker container ls --no-trunc'))).toMatchFileSnapshot('__golden__/container-ls-no-trunc-worker.txt');
    await expect(text(w.show('worker-1', 'docker ps -q'))).toMatchFileSnapshot('__golden__/ps-q-worker.txt');
    await expect(text(w.show('manager-1', 'docker ps -a --filter status=exited --filter name=crash'))).toMatchFileSnapshot('__golden__/ps-filter-exited.txt');
    await expect(text(w.show('manager-1', "docker ps --format '{{.Names}}\\t{{.Status}}'"))).toMatchFileSnapshot('__golden__/ps-format-names.txt');
    await expect(text(w.show('manager-1', "docker ps -a --format 'table {{.ID}}\\t{{.State}}\\t{{.Label \"com.docker.swarm.service.name\"}}'"))).toMatchFileSnapshot('__golden__/ps-format-table-label.txt');
    await expect(text(w.show('manager-1', "docker ps -n 1 --format '{{json .}}'"))).toMatchFileSnapshot('__golden__/ps-format-json.txt');
    await expect(text(w.show('manager-1', 'docker ps -q --format {{.Names}}'))).toMatchFileSnapshot('__golden__/ps-q-and-format.txt');
    await expect(text(w.show('manager-1', 'docker ps --filter foo=bar'))).toMatchFileSnapshot('__golden__/error-ps-invalid-filter.txt');
    await expect(text(w.show('manager-1', 'docker ps --filter status=sleeping'))).toMatchFileSnapshot('__golden__/error-ps-invalid-status.txt');
    await expect(text(w.show('manager-1', "docker ps --format '{{.Nope}}'"))).toMatchFileSnapshot('__golden__/error-ps-format-field.txt');
    await expect(text(w.show('manager-1', "docker ps --format '{{.ID'"))).toMatchFileSnapshot('__golden__/error-ps-format-parse.txt');
    await expect(text(w.show('manager-1', 'docker ps --help'))).toMatchFileSnapshot('__golden__/ps-help.txt');
    await expect(text(w.show('manager-1', 'docker container ls extra'))).toMatchFileSnapshot('__golden__/error-container-ls-args.txt');

    const running = w.show('worker-1', 'docker ps -q').stdout.trim().split('\n');
    expect(running).toHaveLength(2);
    expect(w.docker('manager-1', 'docker service rm web').exitCode).toBe(0);
    w.wait(5_000_000);
    expect(w.show('worker-1', 'docker ps -a -q').stdout).toBe('');
    expect(w.show('manager-1', 'docker ps -a').stdout).toContain('crash.1.');
    expect(w.show('manager-1', 'docker ps -a').stdout).not.toContain('web.');
  });

  it('a crashed worker comes back with its old containers Exited (255) until their tasks are gone', () => {
    const w = containerWorld({ managers: 1, workers: 1 }, {}, 5);
    expect(w.docker('manager-1', 'service create -d --name web --replicas 2 --constraint node.role==worker nginx').exitCode).toBe(0);
    w.wait(5_000_000);
    expect(w.show('worker-1', 'docker ps -q').stdout.trim().split('\n')).toHaveLength(2);
    w.world.sim.crash('worker-1');
    w.wait(2_000_000);
    expect(w.show('worker-1', 'docker ps').stderr).toContain('Cannot connect to the Docker daemon');
    w.world.sim.restart('worker-1');
    w.wait(1_000);
    const after = w.show('worker-1', 'docker ps -a --filter exited=255');
    expect(after.stdout.split('\n').filter((line) => line.includes('Exited (255)'))).toHaveLength(2);
  });
});
