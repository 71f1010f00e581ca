/**
 * `managerStatusAgreesWithRaft` checks the Reachable/Unreachable column
 * against the leader's transport view (docs/control-plane.md: Reachable if
 * the leader heard from that manager within the last 2 s). The view is
 * wrapped here so that a test can break the column on purpose.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../../src/model/engine/engine.js';
import { harness } from './harness.js';

const breakColumn = vi.hoisted(() => ({ on: false }));

vi.mock('../../../src/model/manager/views.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/model/manager/views.js')>();
  return {
    ...actual,
    nodeViews: (leader: Engine) =>
      actual.nodeViews(leader).map((node) =>
        breakColumn.on && node.managerStatus !== undefined && !node.managerStatus.leader ? { ...node, managerStatus: { ...node.managerStatus, reachability: 'reachable' as const } } : node,
      ),
  };
});

describe('managerStatusAgreesWithRaft: Reachable / Unreachable', () => {
  it('a crashed manager turns Unreachable and the checks stay quiet', () => {
    breakColumn.on = false;
    const h = harness({ managers: 3, workers: 1 });
    h.wait(2_000_000);
    h.world.sim.crash('manager-3');
    h.wait(5_000_000);
    expect(h.docker('manager-1', 'node ls').stdout).toMatch(/manager-3\s+\S+\s+Active\s+Unreachable/);
    expect(h.violations()).toEqual([]);
  });

  it('a view that keeps showing a silent manager Reachable is caught', () => {
    breakColumn.on = true;
    try {
      const h = harness({ managers: 3, workers: 1 });
      h.wait(2_000_000);
      expect(h.violations()).toEqual([]);
      h.world.sim.crash('manager-3');
      h.wait(5_000_000);
      expect(h.docker('manager-1', 'node ls').stdout).toMatch(/manager-3\s+\S+\s+Active\s+Reachable/);
      expect(h.violations().join('\n')).toMatch(/^managerStatusAgreesWithRaft: .*manager-3.*[Rr]eachable/m);
    } finally {
      breakColumn.on = false;
    }
  });
});
