/**
 * The routing mesh in a real world against a naive reference: under random
 * partitions, cuts and firewall blocks (of the data path 4789, gossip 7946
 * and the published port), a request from one node to another's published
 * port is answered iff the client's SYN gets through and some running task
 * of the service is on the receiving node or on a node it can exchange
 * 4789/udp and 7946/tcp with both ways (docs/routing-mesh.md); the answering
 * task is one of those; a refusal is exactly "SYN through, no such task".
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { meshRequest } from '../../../src/model/mesh/request.js';
import type { SwarmWorld } from '../../../src/model/world.js';
import { meshHarness } from './harness.js';

const NODES = ['manager-1', 'worker-1', 'worker-2', 'worker-3'];
let world: SwarmWorld;

beforeAll(() => {
  const h = meshHarness({ managers: 1, workers: 3 }, {}, 9);
  expect(h.run('manager-1', 'docker service create -d --name web --replicas 2 --publish 8080:80 nginx').exitCode).toBe(0);
  h.wait(5_000_000);
  world = h.world;
});

const node = fc.constantFrom(...NODES);
const fault = fc.oneof(
  fc.record({ kind: fc.constant('partition' as const), groups: fc.array(fc.subarray(NODES, { minLength: 1 }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('cut' as const), from: node, to: node }),
  fc.record({
    kind: fc.constant('block' as const),
    node,
    port: fc.constantFrom(4789, 7946, 8080),
    direction: fc.constantFrom('in' as const, 'out' as const, 'both' as const),
    mode: fc.constantFrom('reject' as const, 'drop' as const),
  }),
);

function runningTasks(w: SwarmWorld): { id: string; node: string }[] {
  const store = w.leader()?.app.store;
  return [...(store?.tasks.values() ?? [])]
    .filter((t) => t.status.state === 'running' && t.desiredState === 'running')
    .map((t) => ({ id: t.id, node: w.engineOfNode(t.nodeId) ?? '?' }));
}

describe('mesh in a world vs a naive reference', () => {
  fcTest.prop([fc.array(fault, { maxLength: 4 }), node, node], { seed: 60606, numRuns: 200 })('answers iff the SYN passes and a running task is reachable', (faults, client, target) => {
    const net = world.sim.net;
    net.healAll();
    for (const f of faults) {
      if (f.kind === 'partition') {
        // A node may be in one group only: keep its first group.
        const seen = new Set<string>();
        const groups = f.groups.map((g) => g.filter((n) => !seen.has(n) && (seen.add(n), true))).filter((g) => g.length > 0);
        net.partition(groups);
      } else if (f.kind === 'cut') {
        if (f.from !== f.to) net.cut(f.from, f.to);
      } else net.block({ node: f.node, port: f.port, direction: f.direction, mode: f.mode });
    }
    const outcome = meshRequest(world, { from: client, host: target, port: 8080, commit: false });
    const syn = net.linkVerdict(client, target, 8080, 'tcp');
    const back = net.linkVerdict(target, client, 40000, 'tcp');
    const both = (a: string, b: string, port: number, protocol: 'tcp' | 'udp'): boolean => net.reachable(a, b, port, protocol) && net.reachable(b, a, port, protocol);
    const reachable = runningTasks(world).filter((t) => t.node === target || (both(target, t.node, 4789, 'udp') && both(target, t.node, 7946, 'tcp')));
    if (syn === 'rejected') expect(outcome.kind).toBe('refused');
    else if (syn !== 'ok' || back !== 'ok') expect(outcome.kind).toBe('dropped');
    else if (reachable.length === 0) expect(outcome.kind).toBe('refused');
    else {
      expect(outcome.kind).toBe('answered');
      if (outcome.kind === 'answered') expect(reachable.map((t) => t.id)).toContain(outcome.task.id);
    }
    net.healAll();
  });
});
