/**
 * Raft in the whole simulator (kernel network, timers, crash/restart), under
 * random fault schedules: 1 to 7 managers, crashes, restarts, partitions,
 * one-way cuts, slow links, message loss and proposals.
 *
 * Safety: every Raft invariant holds after every kernel event.
 * Liveness (after everything heals and every manager is restarted): within 3
 * election timeouts (3 x 2 x ElectionTick ticks = 60 s) there is exactly one
 * leader, and proposals made after the heal commit on every manager.
 *
 * A failure prints the seed and writes the shrunk schedule as a scenario file
 * (test-failures/raft-cluster-<seed>.yaml) that `swarmsim run` replays.
 * Sources: Raft paper §5 (Figure 3 properties), TigerBeetle VOPR (safety
 * always, liveness after heal).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { swarmModel } from '../../src/model/index.js';
import { SwarmWorld } from '../../src/model/world.js';
import { formatScenarioError, loadScenario, runScenario } from '../../src/scenario/index.js';
import { createSim, formatDuration, seconds } from '../../src/sim/index.js';
import type { Micros } from '../../src/sim/index.js';

type Action =
  | { kind: 'crash'; node: number }
  | { kind: 'restart'; node: number }
  | { kind: 'partition'; mask: number }
  | { kind: 'cut'; from: number; to: number }
  | { kind: 'slow'; a: number; b: number; ms: number }
  | { kind: 'propose'; count: number }
  | { kind: 'heal' };

interface Timed {
  readonly wait: number; // seconds after the previous action
  readonly action: Action;
}

interface Schedule {
  readonly managers: number;
  readonly seed: number;
  readonly lossPer1000: number;
  readonly preVote: boolean;
  readonly steps: readonly Timed[];
}

const name = (managers: number, k: number): string => `manager-${(k % managers) + 1}`;

/** One scenario step line per action, the way a scenario file says it. */
function stepYaml(s: Schedule, t: Timed): string {
  const a = t.action;
  const at = `wait: ${t.wait}s, `;
  switch (a.kind) {
    case 'crash':
    case 'restart':
      return `  - { ${at}${a.kind}: ${name(s.managers, a.node)} }`;
    case 'partition': {
      const [one, two] = groups(s.managers, a.mask);
      return `  - { ${at}partition: [[${one.join(', ')}], [${two.join(', ')}]] }`;
    }
    case 'cut':
      if (name(s.managers, a.from) === name(s.managers, a.to)) return `  - { ${at}show: raft }`;
      return `  - { ${at}cut: { from: ${name(s.managers, a.from)}, to: ${name(s.managers, a.to)} } }`;
    case 'slow':
      return `  - { ${at}slow: { between: [${name(s.managers, a.a)}, ${name(s.managers, a.b)}], latency: ${a.ms}ms } }`;
    case 'propose':
      return `  - { ${at}propose: { count: ${a.count} } }`;
    case 'heal':
      return `  - { ${at}heal: all }`;
  }
}

function groups(managers: number, mask: number): [string[], string[]] {
  const all = Array.from({ length: managers }, (_, k) => `manager-${k + 1}`);
  return [all.filter((_, k) => ((mask >> k) & 1) === 1), all.filter((_, k) => ((mask >> k) & 1) === 0)];
}

/** Managers down at the end of the schedule (crash/restart only act on up/down nodes). */
function downAtEnd(s: Schedule): string[] {
  const down = new Set<string>();
  for (const { action } of s.steps) {
    if (action.kind === 'crash') down.add(name(s.managers, action.node));
    if (action.kind === 'restart') down.delete(name(s.managers, action.node));
  }
  return [...down].sort();
}

export function scheduleToScenario(s: Schedule): string {
  return [
    '# yaml-language-server: $schema=../scenarios/schema.json',
    `name: raft property counterexample (seed ${s.seed})`,
    'description: Written by test/model/raft-cluster.property.test.ts from a shrunk failing schedule.',
    `seed: ${s.seed}`,
    `cluster: { managers: ${s.managers}, raft: { preVote: ${s.preVote} } }`,
    `network: { latency: 1ms..5ms, loss: ${s.lossPer1000}/1000 }`,
    'steps:',
    ...s.steps.map((t) => stepYaml(s, t)),
    '  - { heal: all }',
    ...downAtEnd(s).map((n) => `  - { restart: ${n} }`),
    '  - expect: { writable: true }',
    '    within: 60s',
    '  - propose: { count: 3 }',
    '  - expect: { converged: true }',
    '    within: 10s',
  ].join('\n');
}

interface Outcome {
  readonly violations: string[];
  readonly leadersAfterHeal: number;
  readonly uncommitted: string[];
}

function simulate(s: Schedule): Outcome {
  const sim = createSim({ seed: s.seed, traceDeliveries: false });
  sim.net.setDefaultLink({ latency: { min: 1000 as Micros, max: 5000 as Micros }, loss: { num: s.lossPer1000, den: 1000 } });
  const world = new SwarmWorld(sim, { managers: s.managers, raft: { preVote: s.preVote } });
  const violations: string[] = [];
  sim.afterEvent(() => {
    for (const [invariant, detail] of world.checks.current) {
      if (violations.length < 5) violations.push(`event ${sim.eventCount} at ${formatDuration(sim.now)}: ${invariant}: ${detail}`);
    }
  });
  world.start();
  const names = Array.from({ length: s.managers }, (_, k) => `manager-${k + 1}`);
  for (const { wait, action } of s.steps) {
    sim.runUntil((sim.now + seconds(wait)) as Micros);
    apply(sim, world, s.managers, action);
  }
  // Heal phase: no faults, every manager up.
  sim.net.healAll();
  for (const n of names) if (!sim.isUp(n)) sim.restart(n);
  sim.runUntil((sim.now + seconds(60)) as Micros);
  const leaders = names.filter((n) => world.manager(n)?.raft?.role === 'leader').length;
  const before = world.proposals.length;
  for (let i = 0; i < 3; i += 1) world.propose(undefined);
  sim.runUntil((sim.now + seconds(10)) as Micros);
  const uncommitted: string[] = [];
  for (const p of world.proposals.slice(before)) {
    if (p.result.kind !== 'proposed') uncommitted.push(`proposal ${p.n} ${p.result.kind}: ${p.result.reason}`);
    else {
      const index = p.result.index;
      for (const n of names) {
        const committed = world.manager(n)?.raft?.log.committed ?? 0;
        if (committed < index) uncommitted.push(`proposal ${p.n} (index ${index}) not committed on ${n} (commit ${committed})`);
      }
    }
  }
  return { violations, leadersAfterHeal: leaders, uncommitted };
}

function apply(sim: ReturnType<typeof createSim>, world: SwarmWorld, managers: number, a: Action): void {
  switch (a.kind) {
    case 'crash': {
      const n = name(managers, a.node);
      if (sim.isUp(n)) sim.crash(n);
      return;
    }
    case 'restart': {
      const n = name(managers, a.node);
      if (!sim.isUp(n)) sim.restart(n);
      return;
    }
    case 'partition':
      sim.net.partition(groups(managers, a.mask));
      return;
    case 'cut':
      if (name(managers, a.from) !== name(managers, a.to)) sim.net.cut(name(managers, a.from), name(managers, a.to));
      return;
    case 'slow':
      if (name(managers, a.a) === name(managers, a.b)) return;
      sim.net.slow(name(managers, a.a), name(managers, a.b), { min: (a.ms * 1000) as Micros, max: (a.ms * 1000) as Micros });
      return;
    case 'propose':
      for (let i = 0; i < a.count; i += 1) world.propose(undefined);
      return;
    case 'heal':
      sim.net.healAll();
      return;
  }
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), node: fc.nat(6) }),
  fc.record({ kind: fc.constant('restart' as const), node: fc.nat(6) }),
  fc.record({ kind: fc.constant('partition' as const), mask: fc.nat(127) }),
  fc.record({ kind: fc.constant('cut' as const), from: fc.nat(6), to: fc.nat(6) }),
  fc.record({ kind: fc.constant('slow' as const), a: fc.nat(6), b: fc.nat(6), ms: fc.integer({ min: 10, max: 3000 }) }),
  fc.record({ kind: fc.constant('propose' as const), count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('heal' as const) }),
);

const scheduleArb: fc.Arbitrary<Schedule> = fc.record({
  managers: fc.integer({ min: 1, max: 7 }),
  seed: fc.nat(1_000_000),
  lossPer1000: fc.constantFrom(0, 10, 50),
  preVote: fc.boolean(),
  steps: fc.array(fc.record({ wait: fc.integer({ min: 0, max: 30 }), action: actionArb }), { maxLength: 12 }),
});

function reportFailure(s: Schedule, why: string): string {
  mkdirSync('test-failures', { recursive: true });
  const file = `test-failures/raft-cluster-${s.seed}.yaml`;
  writeFileSync(file, `${scheduleToScenario(s)}\n`);
  return `${why}\nseed ${s.seed}; replay with: npx swarmsim run ${file}\n${scheduleToScenario(s)}`;
}

describe('Raft on the kernel under random faults', () => {
  it('keeps every safety invariant at every event and recovers after heal', () => {
    const details = fc.check(
      fc.property(scheduleArb, (s) => {
        const outcome = simulate(s);
        return outcome.violations.length === 0 && outcome.leadersAfterHeal === 1 && outcome.uncommitted.length === 0;
      }),
      { numRuns: 60, seed: 20261123 },
    );
    if (details.failed && details.counterexample !== null) {
      const [s] = details.counterexample;
      const o = simulate(s);
      const why = [...o.violations, `leaders after heal: ${o.leadersAfterHeal}`, ...o.uncommitted].join('\n');
      expect.fail(reportFailure(s, why));
    }
    expect(details.failed).toBe(false);
    expect(details.numRuns).toBe(60);
  });

  it('writes a counterexample as a scenario file a user can replay', () => {
    const text = scheduleToScenario({
      managers: 3,
      seed: 4,
      lossPer1000: 10,
      preVote: false,
      steps: [
        { wait: 5, action: { kind: 'crash', node: 0 } },
        { wait: 1, action: { kind: 'partition', mask: 0b010 } },
        { wait: 2, action: { kind: 'propose', count: 2 } },
      ],
    });
    expect(text).toContain('  - { wait: 5s, crash: manager-1 }');
    expect(text).toContain('  - { wait: 1s, partition: [[manager-2], [manager-1, manager-3]] }');
    expect(text).toContain('cluster: { managers: 3, raft: { preVote: false } }');
    expect(text).toContain('  - { restart: manager-1 }');
  });

  it('a written counterexample loads and replays as a scenario', () => {
    const schedule: Schedule = {
      managers: 3,
      seed: 4,
      lossPer1000: 10,
      preVote: false,
      steps: [
        { wait: 5, action: { kind: 'crash', node: 0 } },
        { wait: 1, action: { kind: 'partition', mask: 0b010 } },
        { wait: 2, action: { kind: 'propose', count: 2 } },
      ],
    };
    const loaded = loadScenario({ text: scheduleToScenario(schedule), file: 'counterexample.yaml', model: swarmModel });
    if (!loaded.ok) expect.fail(loaded.errors.map(formatScenarioError).join('\n'));
    const result = runScenario(loaded.scenario, { model: swarmModel });
    expect(result.failures).toEqual([]);
    expect(result.violations).toEqual([]);
    expect(result.pass).toBe(true);
  });
});
