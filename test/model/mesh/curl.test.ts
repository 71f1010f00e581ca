/**
 * `curl` through the world: its answers and curl 8.21's error texts and exit
 * codes, pinned as golden files (regenerate with `vitest -u`, review against
 * docs/routing-mesh.md), and the time a failing request takes.
 */
import { describe, expect, it } from 'vitest';
import { parseCurl } from '../../../src/model/mesh/curl-cli.js';
import { meshHarness, text } from './harness.js';

const IMAGES = {
  'hello:1': { http: 'Hostname: {hostname} task {service}.{slot} on {node}, hit {hits}\n' },
  'missing:1': { http: { body: 'not here\n', status: 404 } },
};

function world() {
  const h = meshHarness({ managers: 1, workers: 2 }, IMAGES, 7);
  expect(h.run('manager-1', 'docker service create -d --name web --replicas 2 --publish 8080:80 --constraint node.role==worker hello:1').exitCode).toBe(0);
  expect(h.run('manager-1', 'docker service create -d --name gone --publish 8081:80 --constraint node.role==worker missing:1').exitCode).toBe(0);
  expect(h.run('manager-1', 'docker service create -d --name page --publish 8082:80 nginx').exitCode).toBe(0);
  h.wait(5_000_000);
  return h;
}

describe('curl answers', () => {
  it('cycles through the replicas from a node without a task, counting hits per service', async () => {
    const h = world();
    const lines = [1, 2, 3, 4].map(() => h.run('manager-1', 'curl manager-1:8080').stdout).join('');
    await expect(lines).toMatchFileSnapshot('__golden__/curl-round-robin.txt');
    const hostnames = lines.split('\n').filter(Boolean).map((line) => line.split(' ')[1]);
    expect(new Set(hostnames).size).toBe(2);
    expect(hostnames[0]).toBe(hostnames[2]);
    expect(hostnames[0]).toMatch(/^[0-9a-f]{12}$/);
    // The hostname is the container's ID, as `docker ps` on the task's node shows it.
    const ps = ['worker-1', 'worker-2'].map((node) => h.show(node, 'docker ps -q').stdout).join('');
    for (const hostname of hostnames) expect(ps).toContain(hostname);
  });
  it('a peek (show:) answers what the next request would get, without counting it', () => {
    const h = world();
    const peek = h.show('worker-1', 'curl localhost:8080');
    expect(peek).toEqual(h.show('worker-1', 'curl localhost:8080'));
    expect(h.run('worker-1', 'curl localhost:8080').stdout).toBe(peek.stdout);
  });
  it('-f turns an HTTP error into exit 22; without it the body is printed', async () => {
    const h = world();
    await expect(text(h.run('worker-2', 'curl -f http://worker-2:8081/x'))).toMatchFileSnapshot('__golden__/curl-fail-404.txt');
    expect(text(h.run('worker-2', 'curl http://worker-2:8081/x'))).toBe('not here\n(exit 0)\n');
  });
  it('an nginx image answers its welcome page', async () => {
    const h = world();
    await expect(text(h.run('manager-1', 'curl -s worker-1:8082'))).toMatchFileSnapshot('__golden__/curl-nginx.txt');
  });
});

describe('curl errors', () => {
  it('refused, unresolved, unknown address, bad port: texts, exit codes and time taken', async () => {
    const h = world();
    const cases = ['curl worker-1:9999', 'curl -s worker-1:9999', 'curl -sS worker-1:9999', 'curl nowhere:8080', 'curl 10.9.9.9:8080', 'curl worker-1:99999', 'curl', 'curl --bogus x', 'curl -m', 'curl -m abc x:1', 'curl -i worker-1:8080'];
    const out = cases.map((line) => {
      const result = h.run('manager-1', line);
      return `$ ${line}  [took ${result.tookUs / 1000} ms]\n${text(result)}`;
    });
    await expect(out.join('')).toMatchFileSnapshot('__golden__/curl-errors.txt');
  });
  it('a crashed node: no route to host after ARP gives up, or the -m timeout first', async () => {
    const h = world();
    h.world.sim.crash('worker-2');
    const out = ['curl worker-2:8080', 'curl -m 1 worker-2:8080', 'curl --connect-timeout 0.5 worker-2:8080'].map((line) => {
      const result = h.run('manager-1', line);
      return `$ ${line}  [took ${result.tookUs / 1000} ms]\n${text(result)}`;
    });
    await expect(out.join('')).toMatchFileSnapshot('__golden__/curl-node-down.txt');
  });
  it('a partition drops the SYN: the kernel gives up after 127 s, or curl after -m', async () => {
    const h = world();
    h.world.sim.net.partition([['manager-1', 'worker-1'], ['worker-2']]);
    const out = ['curl worker-2:8080', 'curl -m 5 worker-2:8080'].map((line) => {
      const result = h.run('manager-1', line);
      return `$ ${line}  [took ${result.tookUs / 1000} ms]\n${text(result)}`;
    });
    await expect(out.join('')).toMatchFileSnapshot('__golden__/curl-partitioned.txt');
  });
  it('a REJECT rule on the published port refuses at once', () => {
    const h = world();
    h.world.sim.net.block({ node: 'worker-1', port: 8080, direction: 'in', mode: 'reject' });
    const result = h.run('manager-1', 'curl worker-1:8080');
    expect(text(result)).toBe('curl: (7) Failed to connect to worker-1:8080 after 0 ms: Could not connect to server\n(exit 7)\n');
    expect(result.tookUs).toBe(0);
  });
});

describe('parseCurl', () => {
  it('reads combined short flags, -m with its value attached, the URL forms', () => {
    expect(parseCurl(['-sSf', '-m5', 'http://worker-1:8080/a/b'])).toEqual({
      ok: true,
      options: { silent: true, showError: true, fail: true, maxTimeMs: 5000, url: { host: 'worker-1', port: 8080, path: '/a/b' } },
    });
    expect(parseCurl(['--connect-timeout', '0.25', 'localhost'])).toMatchObject({ ok: true, options: { connectTimeoutMs: 250, url: { host: 'localhost', port: 80, path: '/' } } });
  });
});

describe('curl on a crashed node', () => {
  it('does not run', () => {
    const h = world();
    h.world.sim.crash('worker-1');
    expect(text(h.run('worker-1', 'curl localhost:8080'))).toBe('swarmsim: worker-1 is down; curl cannot run there\n(exit 2)\n');
  });
});

describe('the data plane without a leader', () => {
  it("keeps answering when quorum is lost, from a live manager's store", () => {
    const h = meshHarness({ managers: 3, workers: 1 }, IMAGES, 7);
    expect(h.run('manager-1', 'docker service create -d --name web --mode global --publish 8080:80 hello:1').exitCode).toBe(0);
    h.wait(5_000_000);
    h.world.sim.crash('manager-1');
    h.world.sim.crash('manager-2');
    h.wait(30_000_000);
    expect(h.world.leader()).toBeUndefined();
    const out = h.run('worker-1', 'curl manager-3:8080');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^Hostname: [0-9a-f]{12} task web\.0 on (manager-3|worker-1), hit 1\n$/);
  });
});
