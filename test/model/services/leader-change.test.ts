/**
 * Services across a leader change (swarm-services.md §5.3 taskinit, §8):
 * the new leader's components start from the stored tasks, a crashed
 * manager's tasks are replaced once it is Down, and replacements a previous
 * leader left in their restart delay still start.
 */
import { describe, expect, it } from 'vitest';
import { harness } from '../control/harness.js';
import type { Task } from '../../../src/model/store/objects.js';
import { createSim, type Micros } from '../../../src/sim/index.js';
import { SwarmWorld } from '../../../src/model/world.js';
import { imageCatalogue } from '../../../src/model/agent/images.js';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';

function tasksOf(h: ReturnType<typeof harness>, on: string): Task[] {
  return [...(h.world.manager(on)?.app.store.tasks.values() ?? [])];
}

describe('leader change (managers 3, workers 2)', () => {
  it("the old leader's tasks are replaced once it is Down; no slot gets two live tasks", () => {
    const h = harness({ managers: 3, workers: 2 });
    expect(h.docker('manager-1', 'service create --name web --replicas 6 nginx').exitCode).toBe(0);
    h.world.sim.crash('manager-1');
    h.wait(70_000_000);
    const live = tasksOf(h, 'manager-2').filter((t) => t.desiredState === 'running');
    expect(live).toHaveLength(6);
    expect(new Set(live.map((t) => t.slot)).size).toBe(6);
    expect(live.every((t) => t.status.state === 'running')).toBe(true);
    const dead = h.world.manager('manager-2')?.app.store.nodes;
    const manager1 = Object.values(dead ?? {}).find((n) => n.description?.hostname === 'manager-1');
    expect(live.some((t) => t.nodeId === manager1?.id)).toBe(false);
    expect(h.show('manager-2', 'service ls').stdout).toMatch(/web\s+replicated\s+7\/6/); // the dead node's task still counts as running
    expect(h.violations()).toEqual([]);
  });

  it('a crashing container keeps being restarted after the leader changes, also a replacement left in its delay', () => {
    const sim = createSim({ seed: 4 });
    const images = imageCatalogue({ 'acme/crasher:1': { exit: { after: '2s', code: 3 } } });
    const world = new SwarmWorld(sim, { managers: 3, workers: 2 }, { images });
    world.start();
    let out: CliOutput | undefined;
    runDocker(world, { line: 'docker service create -d --name crasher --constraint node.role==worker acme/crasher:1', on: 'manager-1' }, false, (o) => {
      out = o;
    });
    while (out === undefined && sim.step());
    expect(out?.exitCode).toBe(0);
    // pull 1 s + run 2 s: the first task fails at ~3 s; its replacement waits 5 s (desired Ready).
    sim.runUntil((sim.now + 4_000_000) as Micros);
    const store = (): Task[] => [...(world.manager('manager-2')?.app.store.tasks.values() ?? [])];
    expect(store().some((t) => t.desiredState === 'ready')).toBe(true);
    sim.crash('manager-1');
    sim.runUntil((sim.now + 40_000_000) as Micros);
    const failed = store().filter((t) => t.status.state === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect(failed[0]?.status.err).toBe('task: non-zero exit (3)');
    expect(store().filter((t) => t.desiredState === 'ready' || t.desiredState === 'running')).toHaveLength(1);
  });
});

describe('task status across a leader crash at any moment of the start-up (managers 3, workers 2)', () => {
  it('the store ends with every live task Running (reports lost with the old leader are sent again)', () => {
    for (let offsetMs = 0; offsetMs <= 1_500; offsetMs += 100) {
      const h = harness({ managers: 3, workers: 2 }, 2);
      expect(h.docker('manager-2', 'service create -d --name web --replicas 4 --constraint node.role==worker nginx').exitCode).toBe(0);
      h.wait(offsetMs * 1_000);
      h.world.sim.crash('manager-1');
      h.wait(60_000_000);
      const live = tasksOf(h, 'manager-2').filter((t) => t.desiredState === 'running');
      expect(live.map((t) => `${offsetMs}ms ${t.status.state}`)).toEqual(live.map(() => `${offsetMs}ms running`));
      expect(live).toHaveLength(4);
      expect(h.violations()).toEqual([]);
    }
  }, 60_000);
});
