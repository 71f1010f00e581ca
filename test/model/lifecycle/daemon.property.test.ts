/**
 * Random daemon stops, starts, crashes and restarts (never more than one
 * manager down at once, so quorum stays) on 3 managers and 2 workers: every
 * invariant the model registers holds after every event, and once every
 * daemon runs again and a minute passes, every node is Ready in node ls and
 * the service has its replicas. Runs are scenario files, so a shrunk failure
 * prints a file that replays it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { swarmModel } from '../../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario } from '../../../src/scenario/index.js';

const NODES = ['manager-1', 'manager-2', 'manager-3', 'worker-1', 'worker-2'] as const;
type Op = { kind: 'down'; how: 'stop' | 'crash'; node: number } | { kind: 'up'; node: number } | { kind: 'wait'; seconds: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('down' as const), how: fc.constantFrom('stop' as const, 'crash' as const), node: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('up' as const), node: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 30 }) }),
);

/** The ops as steps, skipping the ones that would fail (stop of a down node, a second manager down). */
function scenario(ops: readonly Op[]): string {
  const down = new Map<number, 'stop' | 'crash'>();
  const steps: string[] = ['  - run: docker service create --name web --replicas 4 nginx\n    on: manager-1\n'];
  const managersDown = (): number => [...down.keys()].filter((n) => n < 3).length;
  for (const o of ops) {
    if (o.kind === 'wait') steps.push(`  - wait: ${o.seconds}s\n    show: nodes\n`);
    else if (o.kind === 'down' && !down.has(o.node) && (o.node >= 3 || managersDown() === 0)) {
      down.set(o.node, o.how);
      steps.push(`  - ${o.how}: ${NODES[o.node]}\n`);
    } else if (o.kind === 'up' && down.has(o.node)) {
      steps.push(`  - ${down.get(o.node) === 'stop' ? 'start' : 'restart'}: ${NODES[o.node]}\n`);
      down.delete(o.node);
    }
  }
  for (const [n, how] of down) steps.push(`  - ${how === 'stop' ? 'start' : 'restart'}: ${NODES[n]}\n`);
  const ready = NODES.map((name) => `${name}: { status: ready }`).join(', ');
  steps.push(`  - wait: 60s\n    expect: { node: { ${ready} } }\n`);
  steps.push("  - expect: { docker: service ls, on: manager-1, matches: 'web\\s+replicated\\s+4/4' }\n    within: 30s\n");
  return `cluster: { managers: 3, workers: 2 }\nsteps:\n${steps.join('')}`;
}

describe('daemon stop/start and crash/restart at random', () => {
  it('keep every invariant and converge once every daemon runs again', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => {
        const text = scenario(ops);
        const loaded = loadScenario({ text, file: 'random.yaml', model: swarmModel });
        if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
        const result = runScenario(loaded.scenario, { model: swarmModel, seed });
        expect({ failures: result.failures.map((f) => f.message), violations: result.violations, text }).toEqual({ failures: [], violations: [], text });
      }),
      { numRuns: 12, seed: 20261124 },
    );
  });
});
