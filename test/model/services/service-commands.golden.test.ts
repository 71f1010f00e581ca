/**
 * `docker service create|ls|inspect|rm` through the real world (one store
 * transaction per write, through Raft), pinned as golden files (regenerate
 * with `vitest -u` and review against swarm-services.md §12, docker-cli.md §1.6).
 */
import { describe, expect, it } from 'vitest';
import { harness } from '../control/harness.js';

function text(out: { stdout: string; stderr: string; exitCode: number }): string {
  return `${out.stdout}${out.stderr}(exit ${out.exitCode})\n`;
}

describe('service create -d, ls, inspect, rm (managers 3, workers 2)', () => {
  it('creates through a follower, lists, inspects and removes; misses are errors', async () => {
    const h = harness({ managers: 3, workers: 2 });
    const created = h.docker('manager-2', 'service create -d --name web --replicas 3 nginx');
    expect(created.exitCode).toBe(0);
    expect(created.stdout).toMatch(/^[0-9a-z]{25}\n$/);
    const id = created.stdout.trim();
    h.docker('manager-1', 'service create -d redis:7');
    await expect(text(h.show('manager-3', 'service ls'))).toMatchFileSnapshot('__golden__/service-ls-two.txt');
    await expect(text(h.show('manager-1', 'service inspect --pretty web'))).toMatchFileSnapshot('__golden__/service-inspect-pretty.txt');
    const json = h.show('manager-1', `service inspect ${id.slice(0, 5)}`);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)[0].ID).toBe(id);
    await expect(text(h.show('manager-1', 'service inspect nope'))).toMatchFileSnapshot('__golden__/error-service-inspect-miss.txt');
    await expect(text(h.docker('manager-1', 'service create -d --name web nginx'))).toMatchFileSnapshot('__golden__/error-service-create-name-conflict.txt');
    await expect(text(h.docker('manager-1', 'service rm web nope'))).toMatchFileSnapshot('__golden__/service-rm-with-miss.txt');
    expect(h.show('manager-1', 'service ls').stdout).not.toContain(' web ');
    expect(text(h.show('worker-1', 'service ls'))).toContain('This node is not a swarm manager');
    expect(h.violations()).toEqual([]);
  });
});

describe('tasks end to end (managers 1, workers 1)', () => {
  it('create waits for convergence, scale up and down, ps and node ps, rm removes every task', async () => {
    const h = harness({ managers: 1, workers: 1 });
    const created = h.docker('manager-1', 'service create --name web --replicas 3 nginx');
    await expect(text(created)).toMatchFileSnapshot('__golden__/service-create-progress.txt');
    expect(created.tookUs).toBeGreaterThanOrEqual(5_000_000);
    await expect(text(h.docker('manager-1', 'service scale web=5'))).toMatchFileSnapshot('__golden__/service-scale-up-progress.txt');
    expect(h.show('manager-1', 'service ls').stdout).toContain(' 5/5 ');
    const down = h.docker('manager-1', 'service scale -d web=2');
    expect(text(down)).toBe('web scaled to 2\n(exit 0)\n');
    h.wait(2_000_000);
    await expect(text(h.show('manager-1', 'service ps web'))).toMatchFileSnapshot('__golden__/service-ps-after-scale-down.txt');
    await expect(text(h.show('manager-1', 'node ps worker-1'))).toMatchFileSnapshot('__golden__/node-ps-worker.txt');
    expect(text(h.docker('manager-1', 'service rm web'))).toBe('web\n(exit 0)\n');
    h.wait(2_000_000);
    const store = h.world.manager('manager-1')?.app.store;
    expect([...(store?.tasks.keys() ?? [])]).toEqual([]);
    expect(h.world.engines.map((engine) => engine.tasks.taskIds)).toEqual([[], []]);
    expect(h.violations()).toEqual([]);
  });
});
