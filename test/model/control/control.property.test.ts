/**
 * The control plane under random operations (fast-check): joins (as worker or
 * manager), leaves (with
 * and without --force), promotions, demotions, crashes, restarts, partitions
 * and heals on a formed swarm of 3 or 5 managers and 2 workers.
 *
 * Safety: every invariant (Raft's and the control plane's: storesAgree,
 * downOnlyAfterHeartbeatsStop, managerStatusAgreesWithRaft) holds after every
 * kernel event.
 * Availability: after each operation and a quiet minute (longer than the
 * documented transition windows: an election timeout of 10..19 ticks, the
 * leader's check-quorum of 10..20 ticks, the 10-tick no-leader threshold of
 * swarm-behaviour.md §1.4, agent backoff of at most 8 s), `docker node ls` on
 * a live manager succeeds exactly when its side of the network holds a
 * majority of the Raft voters.
 *
 * A failure prints the seed and the shrunk operation list as scenario steps.
 * Sources: swarm-behaviour.md §1.1–1.9, §2; style.md #19 (model-based tests).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { managerError } from '../../../src/model/commands/context.js';
import { hostOf } from '../../../src/model/raft-host/host.js';
import type { SwarmWorld } from '../../../src/model/world.js';
import { harness, type Harness } from './harness.js';

const SETTLE_US = 60_000_000;

type Op =
  | { readonly kind: 'crash' | 'restart' | 'promote' | 'demote'; readonly node: number }
  | { readonly kind: 'join'; readonly node: number; readonly as: 'worker' | 'manager' }
  | { readonly kind: 'leave'; readonly node: number; readonly force: boolean }
  | { readonly kind: 'partition'; readonly mask: number }
  | { readonly kind: 'heal' };

interface Case {
  readonly managers: number;
  readonly seed: number;
  readonly ops: readonly Op[];
}

function names(c: Case): string[] {
  return [...Array.from({ length: c.managers }, (_, k) => `manager-${k + 1}`), 'worker-1', 'worker-2'];
}

function nodeOf(c: Case, k: number): string {
  const all = names(c);
  return all[k % all.length] as string;
}

function groupsOf(c: Case, mask: number): [string[], string[]] {
  const all = names(c);
  return [all.filter((_, k) => ((mask >> k) & 1) === 1), all.filter((_, k) => ((mask >> k) & 1) === 0)];
}

/** The operation as a scenario step (a `run:` for docker commands, with the wait that follows it). */
function stepLine(c: Case, op: Op): string {
  switch (op.kind) {
    case 'crash':
    case 'restart':
      return `- ${op.kind}: ${nodeOf(c, op.node)}`;
    case 'promote':
    case 'demote':
      return `- run: docker node ${op.kind} ${nodeOf(c, op.node)}   # on a manager that serves`;
    case 'join':
      return `- run: docker swarm join --token \${${op.as}_token} <a manager>:2377   # on the first node outside the swarm from ${nodeOf(c, op.node)}`;
    case 'leave':
      return `- run: docker swarm leave${op.force ? ' --force' : ''}\n  on: ${nodeOf(c, op.node)}`;
    case 'partition': {
      const [a, b] = groupsOf(c, op.mask);
      return `- partition: [[${a.join(', ')}], [${b.join(', ')}]]`;
    }
    case 'heal':
      return '- heal: all';
  }
}

function describeCase(c: Case): string {
  return [`seed: ${c.seed}`, `cluster: { managers: ${c.managers}, workers: 2 }`, 'steps:', ...c.ops.map((op) => `${stepLine(c, op)}\n- wait: 60s`)].join('\n');
}

/** A manager whose control API is up (it may still have no leader). */
function servingManagers(world: SwarmWorld): string[] {
  return world.engines.filter((e) => e.up && managerError(e) === undefined).map((e) => e.hostname);
}

/** Run a docker command on the first manager that answers it without error; undefined when none does. */
function onSomeManager(h: Harness, line: string): string | undefined {
  for (const on of servingManagers(h.world)) {
    const out = h.docker(on, line);
    if (out.exitCode === 0) return out.stdout;
  }
  return undefined;
}

/** The first live engine outside the swarm, from the k-th on (joins only make sense there). */
function outsider(h: Harness, c: Case, k: number): string | undefined {
  const all = names(c);
  for (let i = 0; i < all.length; i++) {
    const n = nodeOf(c, k + i);
    if (h.world.sim.isUp(n) && h.world.engine(n)?.membership.state === 'inactive') return n;
  }
  return undefined;
}

interface World {
  groups: string[][] | undefined;
}

function apply(h: Harness, c: Case, state: World, op: Op): void {
  const sim = h.world.sim;
  switch (op.kind) {
    case 'crash': {
      const n = nodeOf(c, op.node);
      if (sim.isUp(n)) sim.crash(n);
      return;
    }
    case 'restart': {
      const n = nodeOf(c, op.node);
      if (!sim.isUp(n)) sim.restart(n);
      return;
    }
    case 'promote':
    case 'demote':
      onSomeManager(h, `node ${op.kind} ${nodeOf(c, op.node)}`);
      return;
    case 'leave': {
      const n = nodeOf(c, op.node);
      if (sim.isUp(n)) h.docker(n, `swarm leave${op.force ? ' --force' : ''}`);
      return;
    }
    case 'join': {
      const n = outsider(h, c, op.node);
      if (n === undefined) return;
      const token = onSomeManager(h, `swarm join-token -q ${op.as}`)?.trim();
      const via = servingManagers(h.world)[0];
      if (token === undefined || via === undefined) return;
      h.docker(n, `swarm join --token ${token} ${h.world.addressOf(via)}:2377`);
      return;
    }
    case 'partition':
      state.groups = groupsOf(c, op.mask);
      sim.net.partition(state.groups);
      return;
    case 'heal':
      state.groups = undefined;
      sim.net.healAll();
      return;
  }
}

/** The voter set as the most advanced live manager knows it. */
function voters(world: SwarmWorld): readonly string[] {
  let best: { index: number; voters: readonly string[] } | undefined;
  for (const engine of world.engines) {
    const raft = engine.raft;
    if (!engine.up || raft?.raft === undefined) continue;
    if (best === undefined || raft.app.index > best.index) best = { index: raft.app.index, voters: raft.raft.voters };
  }
  return best?.voters ?? [];
}

/** `node ls` succeeds on a serving manager exactly when its side holds a majority of the voters. */
function checkAvailability(h: Harness, state: World): string | undefined {
  const world = h.world;
  const members = voters(world);
  const groupOf = (host: string): number => (state.groups === undefined ? 0 : state.groups.findIndex((g) => g.includes(host)));
  const alive = (raftId: string): boolean => {
    const engine = world.engine(hostOf(raftId));
    return engine !== undefined && engine.up && engine.raft?.id === raftId && engine.raft.up;
  };
  for (const on of servingManagers(world)) {
    const side = groupOf(on);
    const reachable = members.filter((id) => alive(id) && groupOf(hostOf(id)) === side).length;
    const majority = reachable > Math.floor(members.length / 2);
    const out = h.show(on, 'node ls');
    if (majority !== (out.exitCode === 0)) {
      return `at ${world.sim.now}us node ls on ${on} exited ${out.exitCode} (${out.stderr.trim()}) but ${reachable} of ${members.length} voters [${members.join(', ')}] are on its side`;
    }
  }
  return undefined;
}

function simulate(c: Case): string[] {
  const h = harness({ managers: c.managers, workers: 2 }, c.seed);
  const problems: string[] = [];
  h.world.sim.afterEvent(() => {
    if (problems.length >= 3) return;
    for (const [name, detail] of [...h.world.checks.current, ...h.world.controlChecks.current]) {
      const line = `invariant ${name}: ${detail}`;
      if (!problems.includes(line)) problems.push(line);
    }
  });
  const state: World = { groups: undefined };
  for (const op of c.ops) {
    apply(h, c, state, op);
    h.wait(SETTLE_US);
    const problem = checkAvailability(h, state);
    if (problem !== undefined) problems.push(`after ${stepLine(c, op)}: ${problem}`);
    if (problems.length > 0) break;
  }
  return problems;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('crash' as const, 'restart' as const), node: fc.nat(6) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('promote' as const, 'demote' as const), node: fc.nat(6) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('join' as const), node: fc.nat(6), as: fc.constantFrom('worker' as const, 'manager' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leave' as const), node: fc.nat(6), force: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('partition' as const), mask: fc.nat(127) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('heal' as const) }) },
);

const caseArb: fc.Arbitrary<Case> = fc.record({
  managers: fc.constantFrom(3, 5),
  seed: fc.nat(1_000_000),
  ops: fc.array(opArb, { minLength: 1, maxLength: 8 }),
});

describe('the control plane under random operations', () => {
  it('keeps every invariant, and management is available exactly when a majority of managers is reachable', () => {
    const details = fc.check(
      fc.property(caseArb, (c) => simulate(c).length === 0),
      { numRuns: 80, seed: 20261124 },
    );
    if (details.failed && details.counterexample !== null) {
      const [c] = details.counterexample;
      expect.fail(`fast-check seed ${details.seed}, path ${details.counterexamplePath ?? ''} (replay: fc.check(..., { seed, path }))\n${simulate(c).join('\n')}\nshrunk case:\n${describeCase(c)}`);
    }
    expect(details.failed).toBe(false);
  });
});
