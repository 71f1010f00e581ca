/**
 * Dynamic published ports through the world: `--publish 80` gets 30000 from
 * the store's allocation, `service ls`/`inspect` show it, the mesh answers on
 * it, every manager's store agrees, and an update keeps it.
 */
import { describe, expect, it } from 'vitest';
import { meshHarness, text } from './harness.js';

describe('dynamic published ports', () => {
  it('allocates 30000, then 30001; shown by service ls and inspect; the mesh answers there', async () => {
    const h = meshHarness({ managers: 3, workers: 1 }, { 'web:1': { http: 'ok {service}\n' } }, 4);
    expect(h.run('manager-1', 'docker service create -d --name a --publish 80 web:1').exitCode).toBe(0);
    expect(h.run('manager-1', 'docker service create -d --name b --publish 8080:80 --publish 81 web:1').exitCode).toBe(0);
    h.wait(5_000_000);
    const ls = h.show('manager-2', 'docker service ls').stdout;
    expect(ls).toMatch(/ a +replicated +1\/1 +web:1 +\*:30000->80\/tcp\n/);
    expect(ls).toMatch(/ b +replicated +1\/1 +web:1 +\*:8080->80\/tcp, \*:30001->81\/tcp\n/);
    await expect(text(h.show('manager-1', 'docker service inspect --pretty a'))).toMatchFileSnapshot('__golden__/inspect-pretty-dynamic-port.txt');
    const json = JSON.parse(h.show('manager-1', 'docker service inspect b').stdout)[0];
    expect(json.Spec.EndpointSpec.Ports.map((p: { PublishedPort: number }) => p.PublishedPort)).toEqual([0, 8080]);
    expect(json.Endpoint.Ports.map((p: { PublishedPort: number }) => p.PublishedPort)).toEqual([30001, 8080]);
    const stores = h.world.managers.map((m) => Object.values(m.app.store.services).map((s) => s.endpoint?.ports.map((p) => p.publishedPort)));
    expect(stores[1]).toEqual(stores[0]);
    expect(stores[2]).toEqual(stores[0]);
    expect(h.run('worker-1', 'curl localhost:30000').stdout).toBe('ok a\n');
    expect(h.run('worker-1', 'curl localhost:30001').stdout).toBe('ok b\n');
  });
  it('a scale keeps the allocated port; removing the service frees it for the next', () => {
    const h = meshHarness({ managers: 1, workers: 1 }, {}, 4);
    expect(h.run('manager-1', 'docker service create -d --name a --publish 80 nginx').exitCode).toBe(0);
    expect(h.run('manager-1', 'docker service create -d --name b --publish 80 nginx').exitCode).toBe(0);
    expect(h.run('manager-1', 'docker service scale -d a=2').exitCode).toBe(0);
    h.wait(3_000_000);
    expect(h.show('manager-1', 'docker service ls').stdout).toMatch(/ a +replicated +2\/2 +nginx:latest +\*:30000->80\/tcp\n/);
    expect(h.run('manager-1', 'docker service rm a').exitCode).toBe(0);
    expect(h.run('manager-1', 'docker service create -d --name c --publish 80 nginx').exitCode).toBe(0);
    h.wait(3_000_000);
    expect(h.show('manager-1', 'docker service ls').stdout).toMatch(/ c +replicated +1\/1 +nginx:latest +\*:30000->80\/tcp\n/);
  });
});

describe('port conflicts with an allocated port', () => {
  it('an explicit --publish of a port a dynamic allocation holds is refused', async () => {
    const h = meshHarness({ managers: 1, workers: 0 }, {}, 4);
    expect(h.run('manager-1', 'docker service create -d --name a --publish 80 nginx').exitCode).toBe(0);
    const out = h.run('manager-1', 'docker service create -d --name b --publish 30000:80 nginx');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/port '30000' is already in use by service 'a' \([0-9a-z]{25}\) as an ingress port/);
  });
});
