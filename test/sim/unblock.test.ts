/**
 * `unblock(rule)` removes one rule (every equal copy of it) from a node and
 * leaves the others: checked against a reference list of rules after a random
 * sequence of blocks and unblocks.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createSim, type KernelSim } from '../../src/sim/kernel.js';
import type { BlockRule, Protocol } from '../../src/sim/types.js';

const NODES = ['n1', 'n2'];
const PORTS = [2377, 7946];
const PROTOCOLS: Protocol[] = ['tcp', 'udp'];

function world(): KernelSim {
  const sim = createSim({ seed: 1, traceSink: () => {} });
  for (const name of NODES) sim.registerNode(name, { onMessage: () => {}, onCrash: () => {}, onRestart: () => {} });
  return sim;
}

const ruleArb: fc.Arbitrary<BlockRule> = fc.record({
  node: fc.constantFrom(...NODES),
  port: fc.constantFrom(...PORTS),
  protocol: fc.option(fc.constantFrom(...PROTOCOLS), { nil: undefined }),
  direction: fc.constantFrom('in' as const, 'out' as const, 'both' as const),
  mode: fc.option(fc.constantFrom('reject' as const, 'drop' as const), { nil: undefined }),
});

const same = (a: BlockRule, b: BlockRule) =>
  a.node === b.node &&
  a.port === b.port &&
  a.protocol === b.protocol &&
  a.direction === b.direction &&
  (a.mode ?? 'reject') === (b.mode ?? 'reject');

function reference(rules: readonly BlockRule[], from: string, to: string, port: number, protocol: Protocol): string {
  if (from === to) return 'ok';
  const hits = (rule: BlockRule, node: string, direction: 'in' | 'out') =>
    rule.node === node &&
    rule.port === port &&
    (rule.protocol === undefined || rule.protocol === protocol) &&
    (rule.direction === direction || rule.direction === 'both');
  const rule = rules.find((r) => hits(r, from, 'out')) ?? rules.find((r) => hits(r, to, 'in'));
  if (rule === undefined) return 'ok';
  return rule.mode === 'drop' ? 'dropped' : 'rejected';
}

describe('unblock', () => {
  test.prop([fc.array(fc.tuple(fc.boolean(), ruleArb), { maxLength: 12 })], { numRuns: 200, seed: 9 })(
    'after any blocks and unblocks, every link behaves as the remaining rules say',
    (ops) => {
      const sim = world();
      let rules: BlockRule[] = [];
      for (const [add, rule] of ops) {
        if (add) {
          sim.net.block(rule);
          rules.push(rule);
        } else {
          sim.net.unblock(rule);
          rules = rules.filter((r) => !same(r, rule));
        }
      }
      for (const from of NODES)
        for (const to of NODES)
          for (const port of PORTS)
            for (const protocol of PROTOCOLS)
              expect(`${from}>${to}:${port}/${protocol} ${sim.net.linkVerdict(from, to, port, protocol)}`).toBe(
                `${from}>${to}:${port}/${protocol} ${reference(rules, from, to, port, protocol)}`,
              );
    },
  );

  it('removes only the equal rule; an absent mode equals reject; unknown rules are a no-op', () => {
    const sim = world();
    sim.net.block({ node: 'n2', port: 2377, protocol: 'tcp', direction: 'in' });
    sim.net.block({ node: 'n2', port: 7946, protocol: 'udp', direction: 'in', mode: 'reject' });
    sim.net.unblock({ node: 'n2', port: 2377, protocol: 'udp', direction: 'in' });
    expect(sim.net.linkVerdict('n1', 'n2', 2377, 'tcp')).toBe('rejected');
    sim.net.unblock({ node: 'n2', port: 2377, protocol: 'tcp', direction: 'in', mode: 'reject' });
    expect(sim.net.linkVerdict('n1', 'n2', 2377, 'tcp')).toBe('ok');
    expect(sim.net.linkVerdict('n1', 'n2', 7946, 'udp')).toBe('rejected');
    sim.net.unblock({ node: 'n2', port: 7946, protocol: 'udp', direction: 'in' });
    expect(sim.net.linkVerdict('n1', 'n2', 7946, 'udp')).toBe('ok');
  });

  it('rejects an unknown node like block does', () => {
    expect(() => world().net.unblock({ node: 'n9', port: 2377, direction: 'in' })).toThrow(/unblock/);
  });
});
