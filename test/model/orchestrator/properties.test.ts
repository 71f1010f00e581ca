/**
 * Orchestrator properties (fast-check): a replicated service converges to its
 * replica count after any sequence of scale changes and task failures, and
 * live slot numbers stay unique per service.
 * Sources: swarm-services.md §4 (reconcile), §5 (restart); issue 6 invariants.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { service, node } from '../scheduler/fixtures.js';
import { Driver } from './harness.js';

type Command = { kind: 'scale'; replicas: number } | { kind: 'fail'; pick: number } | { kind: 'wait' };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ kind: fc.constant('fail' as const), pick: fc.nat() }),
  fc.constant({ kind: 'wait' as const }),
);

describe('replicated orchestrator properties', () => {
  it('converges to the desired count, with unique live slot numbers, after scale changes and failures', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(commandArb, { maxLength: 25 }), fc.constantFrom(0, 1_000_000), (start, commands, delayUs) => {
        let replicas = start;
        const d = new Driver([service('svc', { replicas, delayUs })], [node('n1')]);
        d.serviceChanged('svc');
        let version = 1;
        for (const c of commands) {
          if (c.kind === 'scale') {
            replicas = c.replicas;
            d.services = [service('svc', { replicas, delayUs, specVersion: ++version })];
            d.serviceChanged('svc');
          } else if (c.kind === 'fail') {
            const live = d.live();
            const victim = live[c.pick % Math.max(1, live.length)];
            if (victim) d.setState(victim.id, 'failed');
          } else {
            d.advance(2_000_000);
          }
          const slots = d.live().map((t) => t.slot);
          expect(new Set(slots).size, `unique slots ${slots.join(',')}`).toBe(slots.length);
        }
        d.advance(10_000_000);
        d.serviceChanged('svc');
        const live = d.live();
        expect(live).toHaveLength(replicas);
        expect(live.every((t) => t.desiredState === 'running')).toBe(true);
        expect(new Set(live.map((t) => t.slot)).size).toBe(replicas);
      }),
      { numRuns: 300 },
    );
  });
});
