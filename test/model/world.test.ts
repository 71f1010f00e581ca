// The swarm world drives the pure Raft from the kernel: formation, failover,
// proposals, crash and restart, with the safety checks running on every event.
import { describe, expect, it } from 'vitest';
import { createSim, seconds } from '../../src/sim/index.js';
import { SwarmWorld } from '../../src/model/world.js';

function world(managers: number, seed = 1): SwarmWorld {
  const sim = createSim({ seed });
  const w = new SwarmWorld(sim, { managers });
  w.start();
  return w;
}

function violations(w: SwarmWorld): string[] {
  return [...w.checks.current.entries()].map(([name, detail]) => `${name}: ${detail}`);
}

describe('SwarmWorld Raft', () => {
  it('manager-1 leads a formed group of 3 at once', () => {
    const w = world(3);
    w.sim.runUntil(seconds(1));
    expect(w.leader()?.id).toBe('manager-1');
    expect(w.managers.map((m) => m.raft?.role)).toEqual(['leader', 'follower', 'follower']);
  });

  it('a crashed leader is replaced within 2 election timeouts and proposals commit again', () => {
    const w = world(3, 5);
    w.sim.runUntil(seconds(2));
    w.sim.crash('manager-1');
    w.sim.runUntil(seconds(45));
    const leader = w.leader()?.id;
    expect(leader).toBeDefined();
    expect(leader).not.toBe('manager-1');
    expect(w.propose(undefined).kind).toBe('proposed');
    w.sim.runUntil(seconds(46));
    for (const m of w.managers.slice(1)) expect(m.app.proposals).toBe(1);
    expect(violations(w)).toEqual([]);
  });

  it('a restarted manager catches up from its durable log', () => {
    const w = world(3, 9);
    w.sim.runUntil(seconds(2));
    for (let i = 0; i < 5; i += 1) w.propose(undefined);
    w.sim.runUntil(seconds(3));
    w.sim.crash('manager-3');
    expect(w.manager('manager-3')?.app.proposals).toBe(0);
    for (let i = 0; i < 5; i += 1) w.propose(undefined);
    w.sim.runUntil(seconds(4));
    w.sim.restart('manager-3');
    w.sim.runUntil(seconds(10));
    expect(w.manager('manager-3')?.app.proposals).toBe(10);
    expect(violations(w)).toEqual([]);
  });

  it('a proposal without a quorum is dropped once the leader steps down', () => {
    const w = world(3, 3);
    w.sim.runUntil(seconds(2));
    w.sim.crash('manager-2');
    w.sim.crash('manager-3');
    w.sim.runUntil(seconds(40));
    expect(w.leader()).toBeUndefined();
    const result = w.propose(undefined);
    expect(result).toMatchObject({ kind: 'dropped', reason: 'no leader' });
  });
});
