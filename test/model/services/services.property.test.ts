/**
 * Random services, scale changes, drains, pauses and worker crashes on a
 * formed swarm (1 manager, 3 workers): the service invariants hold after
 * every event, and once the faults stop (crashed workers restarted, every
 * node Active, a quiet minute) every service runs exactly its replica count,
 * one task per slot, on Ready nodes (liveness). A failure prints the
 * fast-check seed and path and the shrunk operations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/model/store/objects.js';
import { harness } from '../control/harness.js';
import { applyNodeFault, endNodeFaults } from './node-faults.js';

const WORKERS = ['worker-1', 'worker-2', 'worker-3'] as const;

type Op =
  | { kind: 'create'; replicas: number }
  | { kind: 'scale'; service: number; replicas: number }
  | { kind: 'availability'; node: (typeof WORKERS)[number]; availability: 'active' | 'pause' | 'drain' }
  | { kind: 'crash'; node: (typeof WORKERS)[number] }
  | { kind: 'restart'; node: (typeof WORKERS)[number] }
  | { kind: 'wait'; seconds: number };

const node = fc.constantFrom(...WORKERS);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), replicas: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ kind: fc.constant('scale' as const), service: fc.integer({ min: 0, max: 2 }), replicas: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('availability' as const), node, availability: fc.constantFrom('active' as const, 'pause' as const, 'drain' as const) }),
  fc.record({ kind: fc.constant('crash' as const), node }),
  fc.record({ kind: fc.constant('restart' as const), node }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 0, max: 20 }) }),
);

describe('services under random faults (managers 1, workers 3)', () => {
  it('invariants hold at every event; after the faults stop every service converges', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => {
        const h = harness({ managers: 1, workers: 3 }, seed);
        const services: string[] = [];
        const replicas = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'create') {
            const name = `s${services.length}`;
            expect(h.docker('manager-1', `service create -d --name ${name} --replicas ${o.replicas} nginx`).exitCode).toBe(0);
            services.push(name);
            replicas.set(name, o.replicas);
          } else if (o.kind === 'scale') {
            const name = services[o.service];
            if (name === undefined) continue;
            expect(h.docker('manager-1', `service scale -d ${name}=${o.replicas}`).exitCode).toBe(0);
            replicas.set(name, o.replicas);
          } else {
            applyNodeFault(h, o);
          }
          expect(h.violations()).toEqual([]);
        }
        endNodeFaults(h, WORKERS);
        const store = h.world.manager('manager-1')?.app.store;
        for (const name of services) {
          const service = Object.values(store?.services ?? {}).find((s) => s.spec.name === name);
          const live = [...(store?.tasks.values() ?? [])].filter((t: Task) => t.serviceId === service?.id && t.desiredState === 'running');
          expect(live.filter((t) => t.status.state === 'running')).toHaveLength(replicas.get(name) ?? -1);
          expect(new Set(live.map((t) => t.slot)).size).toBe(live.length);
          for (const task of live) expect(store?.nodes[task.nodeId]?.status.state).toBe('ready');
        }
      }),
      { numRuns: 60, seed: 20261124 },
    );
  }, 120_000);
});
