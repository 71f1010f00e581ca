/** The probe's arithmetic and report, and a probe run on a world (shares counted per node). */
import { describe, expect, it } from 'vitest';
import { probeReport, probesExpectation, probeSchema, probeStep, shareOutside } from '../../../src/model/mesh/probe.js';
import type { StepOutcome } from '../../../src/sim/plugin.js';
import { meshHarness } from './harness.js';

describe('shareOutside', () => {
  it('compares without rounding: 2/3 is at least 0.66 and at most 0.67, not at least 0.67', () => {
    expect(shareOutside(2, 3, { atLeast: 0.66, atMost: 0.67 })).toBe(false);
    expect(shareOutside(2, 3, { atLeast: 0.67 })).toBe(true);
    expect(shareOutside(3, 3, { atLeast: 1 })).toBe(false);
    expect(shareOutside(0, 3, { atMost: 0 })).toBe(false);
    expect(shareOutside(1, 3, { atMost: 0 })).toBe(true);
  });
});

describe('probeReport', () => {
  it('prints the totals and one aligned line per node', () => {
    expect(probeReport(8080, [{ node: 'manager-1', answered: 9, sent: 10 }, { node: 'w', answered: 10, sent: 10 }])).toBe(
      'port 8080: 19/20 probes answered (95.0%)\n  manager-1  9/10\n  w          10/10',
    );
  });
});

describe('probe schema', () => {
  it('rejects a zero interval and unknown keys', () => {
    expect(probeSchema.safeParse({ probe: { port: 80, for: '1s', every: '0s' } }).success).toBe(false);
    expect(probeSchema.safeParse({ probe: { port: 80, for: '1s', bogus: 1 } }).success).toBe(false);
    expect(probeSchema.parse({ probe: { port: 80, for: '1s' } }).probe.every).toBe('100ms');
  });
});

describe('probe on a world', () => {
  it('counts probes per node; a node that cannot reach the only task answers none', () => {
    const h = meshHarness({ managers: 1, workers: 2 }, {}, 3);
    expect(h.run('manager-1', 'docker service create -d --name web --publish 8080:80 --constraint node.hostname==worker-2 nginx').exitCode).toBe(0);
    h.wait(5_000_000);
    h.world.sim.net.block({ node: 'worker-1', port: 4789, direction: 'both', mode: 'drop' });
    const outcomes: StepOutcome[] = [];
    probeStep.start(h.world, probeSchema.parse({ probe: { port: 8080, every: '250ms', for: '1s' } }), { sim: h.world.sim, done: (o) => outcomes.push(o) });
    expect(outcomes).toHaveLength(1);
    const args = { probes: { port: 8080, answered: { atLeast: 0.66, atMost: 0.67 } } };
    expect(probesExpectation.evaluate(h.world, args).holds).toBe(false); // still probing
    h.wait(1_000_000);
    const evaluation = probesExpectation.evaluate(h.world, args);
    expect(evaluation).toEqual({
      holds: true,
      expected: 'at least 66% and at most 67% of the probes to port 8080 answered',
      seen: '8/12 answered (66.7%): manager-1 4/4, worker-1 0/4, worker-2 4/4',
    });
    expect(probesExpectation.evaluate(h.world, { probes: { port: 8080, node: 'worker-1', answered: { atMost: 0 } } }).holds).toBe(true);
    expect(probesExpectation.output?.(h.world, args)).toBe('port 8080: 8/12 probes answered (66.7%)\n  manager-1  4/4\n  worker-1   0/4\n  worker-2   4/4');
  });
});

describe('probe in a scenario file', () => {
  it('unknown node names are load-time errors', async () => {
    const { loadScenario } = await import('../../../src/scenario/index.js');
    const { swarmModel } = await import('../../../src/model/index.js');
    const text = 'name: x\nseed: 1\ncluster: { managers: 1 }\nsteps:\n  - probe: { port: 80, nodes: [nope], for: 1s }\n';
    const loaded = loadScenario({ text, file: 'x.yaml', model: swarmModel });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(JSON.stringify(loaded.errors)).toContain('nope');
  });
});
