/**
 * Liveness with placement constraints (issue 6): random replicated and
 * global services with random constraints (role, node and engine labels,
 * hostname, `==` and `!=`, some matching no node), scale changes and node
 * faults (drain, pause, crash, restart) on a formed swarm of one manager
 * and three labelled workers. The service invariants hold after every
 * event; once the faults stop (every node restarted and Active, then a
 * quiet minute) every service has converged:
 *   replicated, some node eligible: exactly `replicas` tasks Running, each
 *     on a node that satisfies the constraints;
 *   replicated, no node eligible: every replica Pending with exactly
 *     "no suitable node (scheduling constraints not satisfied on 4 nodes)";
 *   global: one Running task on each matching node, none elsewhere.
 * Pinned seed; a failure prints the fast-check path and the shrunk case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import type { Task } from '../../../src/model/store/objects.js';
import { harness } from '../control/harness.js';
import { type NodeFault, applyNodeFault, endNodeFaults, nodeFaultArbitraries } from './node-faults.js';

const NODES: NonNullable<ClusterConfig['nodes']> = [
  { hostname: 'manager-1', role: 'manager', labels: { zone: 'a' } },
  { hostname: 'worker-1', role: 'worker', labels: { zone: 'a', disk: 'ssd' } },
  { hostname: 'worker-2', role: 'worker', labels: { zone: 'b' }, engineLabels: { gpu: 'yes' } },
  { hostname: 'worker-3', role: 'worker', labels: { zone: 'b', disk: 'ssd' } },
];
const WORKERS = ['worker-1', 'worker-2', 'worker-3'] as const;

/** Constraint → the hostnames it admits (written out by hand from the labels above). */
const CONSTRAINTS: Record<string, readonly string[]> = {
  '': ['manager-1', 'worker-1', 'worker-2', 'worker-3'],
  'node.role==manager': ['manager-1'],
  'node.role==worker': ['worker-1', 'worker-2', 'worker-3'],
  'node.labels.zone==b': ['worker-2', 'worker-3'],
  'node.labels.zone!=b': ['manager-1', 'worker-1'],
  'node.labels.disk==ssd': ['worker-1', 'worker-3'],
  'engine.labels.gpu==yes': ['worker-2'],
  'node.hostname!=worker-3': ['manager-1', 'worker-1', 'worker-2'],
  'node.labels.zone==c': [],
  'node.platform.os==windows': [],
};

type Op =
  | { kind: 'create'; replicas: number; global: boolean; constraint: string }
  | { kind: 'scale'; service: number; replicas: number }
  | NodeFault;

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), replicas: fc.integer({ min: 0, max: 6 }), global: fc.boolean(), constraint: fc.constantFrom(...Object.keys(CONSTRAINTS)) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('scale' as const), service: fc.integer({ min: 0, max: 2 }), replicas: fc.integer({ min: 0, max: 8 }) }) },
  ...nodeFaultArbitraries(WORKERS),
);

interface Created {
  readonly name: string;
  readonly global: boolean;
  readonly constraint: string;
  replicas: number;
}

describe('services with constraints under random faults (manager 1, labelled workers 3)', () => {
  it('invariants hold at every event; after the faults stop each service runs on eligible nodes or says exactly why not', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => {
        const h = harness({ nodes: NODES }, seed);
        const services: Created[] = [];
        for (const o of ops) {
          if (o.kind === 'create') {
            const name = `s${services.length}`;
            const mode = o.global ? '--mode global' : `--replicas ${o.replicas}`;
            const constraint = o.constraint === '' ? '' : ` --constraint ${o.constraint}`;
            expect(h.docker('manager-1', `service create -d --name ${name} ${mode}${constraint} nginx`).exitCode).toBe(0);
            services.push({ name, global: o.global, constraint: o.constraint, replicas: o.replicas });
          } else if (o.kind === 'scale') {
            const created = services[o.service];
            if (created === undefined || created.global) continue;
            expect(h.docker('manager-1', `service scale -d ${created.name}=${o.replicas}`).exitCode).toBe(0);
            created.replicas = o.replicas;
          } else {
            applyNodeFault(h, o);
          }
          expect(h.violations()).toEqual([]);
        }
        endNodeFaults(h, WORKERS);

        const store = h.world.manager('manager-1')?.app.store;
        const hostOf = (nodeId: string): string => store?.nodes[nodeId]?.description?.hostname ?? '?';
        for (const created of services) {
          const service = Object.values(store?.services ?? {}).find((s) => s.spec.name === created.name);
          const live = [...(store?.tasks.values() ?? [])].filter((t: Task) => t.serviceId === service?.id && t.desiredState === 'running');
          const eligible = CONSTRAINTS[created.constraint] ?? [];
          const summary = `${created.name} ${created.global ? 'global' : created.replicas} [${created.constraint}]`;
          if (created.global) {
            expect(live.map((t) => `${t.status.state} ${hostOf(t.nodeId)}`).sort(), summary).toEqual(eligible.map((host) => `running ${host}`));
          } else if (eligible.length > 0 || created.replicas === 0) {
            expect(live.map((t) => t.status.state), summary).toEqual(Array.from({ length: created.replicas }, () => 'running'));
            for (const task of live) expect(eligible, summary).toContain(hostOf(task.nodeId));
            expect(new Set(live.map((t) => t.slot)).size, summary).toBe(live.length);
          } else {
            expect(live.map((t) => [t.status.state, t.status.err]), summary).toEqual(
              Array.from({ length: created.replicas }, () => ['pending', 'no suitable node (scheduling constraints not satisfied on 4 nodes)']),
            );
          }
        }
      }),
      { numRuns: 25, seed: 61126 },
    );
  }, 120_000);
});
