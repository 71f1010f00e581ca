/**
 * The dispatcher's assignment pushes batch as SwarmKit's `Assignments`
 * stream does (`manager/dispatcher/dispatcher.go`, batchingWaitTime 100 ms,
 * modificationBatchLimit 100; `assignments.go#addOrUpdateTask`): a node
 * hears of its tasks once changes stop for 100 ms, all at once; its own
 * status reports (accepted ... running) are not echoed back; a desired-state
 * change and a deletion are.
 */
import { describe, expect, it } from 'vitest';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';
import { BATCHING_WAIT_US } from '../../../src/model/manager/dispatcher.js';
import { SwarmWorld } from '../../../src/model/world.js';
import { type Micros, createSim } from '../../../src/sim/index.js';

interface Push {
  readonly atUs: number;
  readonly tasks: readonly string[];
}

function world() {
  const lines: string[] = [];
  const sim = createSim({ seed: 7, traceSink: (line) => lines.push(line) });
  const swarm = new SwarmWorld(sim, { managers: 1, workers: 1 }, {});
  swarm.start();
  sim.runUntil(10_000_000 as Micros);
  const docker = (line: string): CliOutput => {
    let out: CliOutput | undefined;
    runDocker(swarm, { line, on: 'manager-1' }, false, (o) => (out = o));
    while (out === undefined && sim.step());
    return out as CliOutput;
  };
  /** Pushes delivered to worker-1 from trace line `from` on. */
  const pushes = (from: number): Push[] =>
    lines
      .slice(from)
      .filter((line) => line.includes('to=worker-1') && line.includes('push assignments'))
      .map((line) => {
        const stamp = /stamp=(\d+)\./.exec(line)?.[1] ?? '';
        const list = /stamp=\S+ ?([^"]*)"/.exec(line)?.[1] ?? '';
        return { atUs: Number(stamp), tasks: list === '' ? [] : list.split(',') };
      });
  const tasksOnWorker = () => [...(swarm.leader()?.app.store.tasks.values() ?? [])].filter((t) => swarm.engines.find((e) => e.hostname === 'worker-1')?.membership.nodeId === t.nodeId);
  return { sim, swarm, lines, docker, pushes, tasksOnWorker };
}

describe('assignment pushes', () => {
  it('send a node its new tasks in one push 100 ms after they are assigned, and do not echo its status reports', () => {
    const w = world();
    const from = w.lines.length;
    expect(w.docker('service create -d --name web --replicas 4 --constraint node.role==worker nginx').exitCode).toBe(0);
    // Step until the leader's store holds all four assigned: the commit the push batches from.
    while (w.tasksOnWorker().filter((t) => t.status.state === 'assigned').length < 4 && w.sim.now < 30_000_000 && w.sim.step());
    const committedAt = w.sim.now;
    w.sim.runUntil((w.sim.now + 15_000_000) as Micros);
    expect(w.tasksOnWorker().map((t) => t.status.state)).toEqual(['running', 'running', 'running', 'running']);
    const pushes = w.pushes(from);
    // One push carries all four: the accepted/preparing/starting/running reports that followed sent nothing.
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.tasks).toHaveLength(4);
    expect(pushes[0]?.atUs).toBe(committedAt + BATCHING_WAIT_US);
  });

  it('push a desired-state change (scale down) and a deletion (service rm), so the agent stops and forgets', () => {
    const w = world();
    expect(w.docker('service create -d --name web --replicas 3 --constraint node.role==worker nginx').exitCode).toBe(0);
    w.sim.runUntil((w.sim.now + 15_000_000) as Micros);
    const from = w.lines.length;
    expect(w.docker('service scale -d web=1').exitCode).toBe(0);
    w.sim.runUntil((w.sim.now + 5_000_000) as Micros);
    const afterScale = w.pushes(from);
    expect(afterScale.length).toBeGreaterThanOrEqual(1);
    expect(afterScale.flatMap((p) => p.tasks).some((t) => t.endsWith('=remove'))).toBe(true);
    const worker = w.swarm.engines.find((e) => e.hostname === 'worker-1');
    expect(w.docker('service rm web').exitCode).toBe(0);
    w.sim.runUntil((w.sim.now + 5_000_000) as Micros);
    expect(w.tasksOnWorker()).toEqual([]);
    expect(worker?.tasks.taskIds).toEqual([]);
  });
});
