/**
 * The mesh core: who answers `node:port`, round robin, and a property test
 * against a naive reference (the mesh answers on a node iff some running
 * task of the service is reachable from it; host mode only where a task runs).
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compareBackends, meshAnswer, type MeshService, type MeshSnapshot, type MeshTask, pickBackend } from '../../../src/model/mesh/core.js';
import type { PortConfig } from '../../../src/model/store/objects.js';

const ingress = (published: number, target = 80): PortConfig => ({ protocol: 'tcp', targetPort: target, publishedPort: published, publishMode: 'ingress' });
const host = (published: number, target = 80): PortConfig => ({ protocol: 'tcp', targetPort: target, publishedPort: published, publishMode: 'host' });

function snapshot(services: MeshService[], running: MeshTask[], links: Record<string, string[]> = {}, members = ['a', 'b', 'c']): MeshSnapshot {
  return {
    services,
    running,
    members: new Set(members),
    dataPath: (from, to) => from === to || (links[from] ?? members).includes(to),
  };
}

const web: MeshService = { id: 's1', name: 'web', image: 'nginx:latest', ports: [ingress(8080)] };
const task = (id: string, node: string, slot: number, serviceId = 's1'): MeshTask => ({ id, serviceId, slot, node });

describe('meshAnswer', () => {
  it('answers on a node without a task, through the task elsewhere', () => {
    const answer = meshAnswer(snapshot([web], [task('t1', 'a', 1)]), 'c', 8080, 'tcp');
    expect(answer).toMatchObject({ kind: 'backends', mode: 'ingress', backends: [{ id: 't1' }] });
  });
  it('refuses a port nobody publishes, and a udp connection to a tcp port', () => {
    expect(meshAnswer(snapshot([web], [task('t1', 'a', 1)]), 'a', 8081, 'tcp').kind).toBe('closed');
    expect(meshAnswer(snapshot([web], [task('t1', 'a', 1)]), 'a', 8080, 'udp').kind).toBe('closed');
  });
  it('has no backend when the only task is on a node it cannot reach', () => {
    const answer = meshAnswer(snapshot([web], [task('t1', 'a', 1)], { c: ['b'] }), 'c', 8080, 'tcp');
    expect(answer.kind).toBe('no-backend');
  });
  it('a node outside the swarm has no ingress', () => {
    expect(meshAnswer(snapshot([web], [task('t1', 'a', 1)], {}, ['a', 'b']), 'c', 8080, 'tcp').kind).toBe('closed');
  });
  it('host mode answers only where a task runs, with that task', () => {
    const svc: MeshService = { id: 's2', name: 'h', image: 'nginx', ports: [host(8080)] };
    const snap = snapshot([svc], [task('t1', 'a', 1, 's2'), task('t2', 'b', 2, 's2')]);
    expect(meshAnswer(snap, 'a', 8080, 'tcp')).toMatchObject({ kind: 'backends', mode: 'host', backends: [{ id: 't1' }] });
    expect(meshAnswer(snap, 'c', 8080, 'tcp').kind).toBe('closed');
  });
  it('orders backends by slot, node, task ID', () => {
    const answer = meshAnswer(snapshot([web], [task('t9', 'a', 2), task('t3', 'b', 1), task('t1', 'c', 3)]), 'a', 8080, 'tcp');
    expect(answer.kind === 'backends' && answer.backends.map((t) => t.id)).toEqual(['t3', 't9', 't1']);
  });
});

describe('pickBackend', () => {
  it('walks the backends round robin and wraps', () => {
    const backends = [task('x', 'a', 1), task('y', 'b', 2), task('z', 'c', 3)];
    let cursor = 0;
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      const picked = pickBackend(backends, cursor);
      seen.push(picked.task.id);
      cursor = picked.next;
    }
    expect(seen).toEqual(['x', 'y', 'z', 'x', 'y', 'z', 'x']);
  });
  it('a shrunken backend list wraps the cursor', () => {
    expect(pickBackend([task('x', 'a', 1)], 5).task.id).toBe('x');
  });
});

const NODES = ['a', 'b', 'c', 'd'];

const worldArb = fc.record({
  running: fc.array(fc.record({ node: fc.constantFrom(...NODES), slot: fc.integer({ min: 1, max: 5 }), service: fc.constantFrom('s1', 's2') }), { maxLength: 8 }),
  cut: fc.array(fc.tuple(fc.constantFrom(...NODES), fc.constantFrom(...NODES)), { maxLength: 6 }),
  members: fc.subarray(NODES, { minLength: 1 }),
  node: fc.constantFrom(...NODES),
  port: fc.constantFrom(8080, 9090, 7000),
});

describe('the mesh against a naive reference', () => {
  fcTest.prop([worldArb], { seed: 424242, numRuns: 300 })('answers on a node iff a running task is reachable (ingress) or local (host)', (w) => {
    const services: MeshService[] = [
      { id: 's1', name: 'web', image: 'web', ports: [ingress(8080)] },
      { id: 's2', name: 'hostweb', image: 'web', ports: [host(9090)] },
    ];
    const running = w.running.map((r, i) => task(`t${String(i).padStart(2, '0')}`, r.node, r.slot, r.service));
    const blocked = new Set(w.cut.map(([x, y]) => `${x}>${y}`));
    const snap: MeshSnapshot = {
      services,
      running,
      members: new Set(w.members),
      dataPath: (from, to) => from === to || (!blocked.has(`${from}>${to}`) && !blocked.has(`${to}>${from}`)),
    };
    const answer = meshAnswer(snap, w.node, w.port, 'tcp');
    // Reference: written from the rules, without the core's helpers.
    let expected: string[] = [];
    if (w.port === 9090) expected = running.filter((t) => t.serviceId === 's2' && t.node === w.node).map((t) => t.id);
    if (w.port === 8080 && w.members.includes(w.node)) {
      expected = running.filter((t) => t.serviceId === 's1' && (t.node === w.node || (!blocked.has(`${w.node}>${t.node}`) && !blocked.has(`${t.node}>${w.node}`)))).map((t) => t.id);
    }
    const got = answer.kind === 'backends' ? answer.backends.map((t) => t.id) : [];
    expect([...got].sort()).toEqual([...expected].sort());
    if (answer.kind === 'backends') expect([...answer.backends]).toEqual([...answer.backends].sort(compareBackends));
    if (w.port === 7000) expect(answer.kind).toBe('closed');
    if (w.port === 8080 && w.members.includes(w.node) && expected.length === 0) expect(answer.kind).toBe('no-backend');
  });
});

describe('round robin is fair', () => {
  fcTest.prop([fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.nat(20)], { seed: 7777 })('k rounds over n backends from any cursor give each backend k requests', (n, k, start) => {
    const backends = Array.from({ length: n }, (_, i) => task(`t${i}`, 'a', i + 1));
    const hits = new Map<string, number>();
    let cursor = start;
    for (let i = 0; i < n * k; i++) {
      const picked = pickBackend(backends, cursor);
      hits.set(picked.task.id, (hits.get(picked.task.id) ?? 0) + 1);
      cursor = picked.next;
    }
    expect([...hits.values()]).toEqual(Array.from({ length: n }, () => k));
  });
});
