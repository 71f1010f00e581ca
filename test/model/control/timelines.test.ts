/**
 * Node status timelines as the dispatcher writes them, checked against
 * swarm-behaviour.md §2.2 (transitions and their exact messages) and §2.3
 * (timelines): a dead worker is Down 2p..3p after it died (p in [4.5, 5.5) s),
 * a new leader marks every node that is not Down Unknown in its first batch
 * and gives it 6p (27..33 s) to register again; live nodes come back Ready,
 * a dead old leader turns Down and shows Unreachable from the start (§1.8).
 */
import { describe, expect, it } from 'vitest';
import type { Micros } from '../../../src/sim/index.js';
import { leaderEngine } from '../../../src/model/commands/kinds.js';
import { HEARTBEAT_FAILURE, UNKNOWN_HEARTBEAT_FAILURE, UNKNOWN_MESSAGE } from '../../../src/model/manager/dispatcher.js';
import { nodeViews } from '../../../src/model/manager/views.js';
import type { SwarmWorld } from '../../../src/model/world.js';
import { harness } from './harness.js';

interface Change {
  readonly atUs: number;
  readonly host: string;
  readonly state: string;
  readonly message: string;
  readonly managerStatus: string;
}

/** Record every change of (status, message, manager status) as `node ls` on the current leader would show it. */
function recordStatuses(world: SwarmWorld): Change[] {
  const changes: Change[] = [];
  const last = new Map<string, string>();
  world.sim.afterEvent(() => {
    const leader = leaderEngine(world);
    if (leader === undefined) return;
    for (const node of nodeViews(leader)) {
      const host = node.description?.hostname ?? node.id;
      const ms = node.managerStatus;
      const managerStatus = ms === undefined ? '' : ms.leader ? 'leader' : ms.reachability;
      const key = `${node.status.state}|${node.status.message}|${managerStatus}`;
      if (last.get(host) === key) continue;
      last.set(host, key);
      changes.push({ atUs: world.sim.now, host, state: node.status.state, message: node.status.message, managerStatus });
    }
  });
  return changes;
}

function firstOf(changes: readonly Change[], host: string, match: (c: Change) => boolean, afterUs = 0): Change | undefined {
  return changes.find((c) => c.host === host && c.atUs >= afterUs && match(c));
}

const BATCH_US = 100_000;

describe.each([1, 2, 3, 4, 5])('leader failover node status sequence (seed %i)', (seed) => {
  it('Unknown on the new leader, live nodes Ready again, the dead old leader Unreachable then Down after 6p', () => {
    const h = harness({ managers: 3, workers: 2 }, seed);
    const changes = recordStatuses(h.world);
    h.wait(12_000_000);
    const crashUs = h.world.sim.now;
    h.world.sim.crash('manager-1');
    let startedUs: number | undefined;
    const old = h.world.engine('manager-1');
    h.world.sim.afterEvent(() => {
      if (startedUs === undefined && leaderEngine(h.world) !== undefined && leaderEngine(h.world) !== old) startedUs = h.world.sim.now;
    });
    h.wait(80_000_000);
    expect(startedUs, 'a new leader started').toBeDefined();
    const started = startedUs as number;
    // Raft: the followers time out 10..19 ticks after the last heartbeat (more if a round splits or is refused).
    expect(started - crashUs).toBeGreaterThanOrEqual(9_000_000);

    for (const host of ['manager-1', 'manager-2', 'manager-3', 'worker-1', 'worker-2']) {
      const unknown = firstOf(changes, host, (c) => c.state === 'unknown', started);
      expect(unknown, `${host} Unknown`).toBeDefined();
      expect(unknown?.message).toBe(UNKNOWN_MESSAGE);
      // Marked in the new leader's first batch (<= 100 ms, plus the commit round trip).
      expect((unknown?.atUs ?? 0) - started).toBeLessThanOrEqual(BATCH_US + 20_000);
    }
    for (const host of ['manager-2', 'manager-3', 'worker-1', 'worker-2']) {
      const ready = firstOf(changes, host, (c) => c.state === 'ready', started);
      expect(ready, `${host} Ready again`).toBeDefined();
      // Agents retry with a backoff of at most 8 s (plus a 5 s RPC timeout when a try was lost).
      expect((ready?.atUs ?? 0) - started).toBeLessThan(14_000_000);
      expect(firstOf(changes, host, (c) => c.state === 'down', started), `${host} never Down`).toBeUndefined();
    }
    const unreachable = firstOf(changes, 'manager-1', (c) => c.managerStatus === 'unreachable', started);
    expect((unreachable?.atUs ?? Infinity) - started).toBeLessThanOrEqual(BATCH_US + 20_000);
    const down = firstOf(changes, 'manager-1', (c) => c.state === 'down', started);
    expect(down?.message).toBe(UNKNOWN_HEARTBEAT_FAILURE);
    expect(down?.managerStatus).toBe('unreachable');
    const graceUs = (down?.atUs ?? 0) - started;
    // 6p with p in [4.5, 5.5) s, then the next 100 ms batch and its commit.
    expect(graceUs).toBeGreaterThanOrEqual(27_000_000);
    expect(graceUs).toBeLessThan(33_000_000 + BATCH_US + 20_000);
    expect(h.violations()).toEqual([]);
  });
});

describe.each([1, 2, 3, 4, 5])('a dead worker (seed %i)', (seed) => {
  it('is Down "heartbeat failure" between 2p and 3p after it died (§2.3), the leader unchanged', () => {
    const h = harness({ managers: 3, workers: 2 }, seed);
    const changes = recordStatuses(h.world);
    h.wait(10_000_000 + seed * 700_000);
    const crashUs = h.world.sim.now;
    h.world.sim.crash('worker-2');
    h.wait(30_000_000);
    const down = firstOf(changes, 'worker-2', (c) => c.state === 'down', crashUs);
    expect(down?.message).toBe(HEARTBEAT_FAILURE);
    const afterUs = (down?.atUs ?? 0) - crashUs;
    expect(afterUs).toBeGreaterThanOrEqual(9_000_000);
    expect(afterUs).toBeLessThan(16_500_000 + BATCH_US + 20_000);
    expect(changes.filter((c) => c.atUs >= crashUs && c.host !== 'worker-2')).toEqual([]);
    expect(h.violations()).toEqual([]);
  });
});

describe('swarm update --dispatcher-heartbeat', () => {
  it('a longer period reaches the agents and the grace: a dead worker is Down only after 2p..3p of the new p', () => {
    const h = harness({ managers: 1, workers: 1 }, 4);
    const changes = recordStatuses(h.world);
    expect(h.docker('manager-1', 'swarm update --dispatcher-heartbeat 10s').stdout).toBe('Swarm updated.\n');
    // Existing timers keep their old grace until the next heartbeat; give every agent two periods.
    h.wait(25_000_000);
    const crashUs = h.world.sim.now;
    h.world.sim.crash('worker-1');
    h.wait(40_000_000 as Micros);
    const down = firstOf(changes, 'worker-1', (c) => c.state === 'down', crashUs);
    const afterUs = (down?.atUs ?? 0) - crashUs;
    expect(afterUs).toBeGreaterThanOrEqual(19_000_000);
    expect(afterUs).toBeLessThan(31_500_000 + BATCH_US + 20_000);
  });
});
