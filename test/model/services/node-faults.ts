/** The node faults both services property tests draw, applied to a harness, and the end of them. */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Harness } from '../control/harness.js';

export type NodeFault =
  | { kind: 'availability'; node: string; availability: 'active' | 'pause' | 'drain' }
  | { kind: 'crash'; node: string }
  | { kind: 'restart'; node: string }
  | { kind: 'wait'; seconds: number };

/** Weighted node faults on `workers`, as `fc.oneof` entries to mix with a test's own operations. */
export function nodeFaultArbitraries(workers: readonly string[]): { weight: number; arbitrary: fc.Arbitrary<NodeFault> }[] {
  const worker = fc.constantFrom(...workers);
  return [
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('availability' as const), node: worker, availability: fc.constantFrom('active' as const, 'pause' as const, 'drain' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), node: worker }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), node: worker }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 0, max: 20 }) }) },
  ];
}

export function applyNodeFault(h: Harness, fault: NodeFault): void {
  if (fault.kind === 'availability') {
    expect(h.docker('manager-1', `node update --availability ${fault.availability} ${fault.node}`).exitCode).toBe(0);
  } else if (fault.kind === 'crash') {
    if (h.world.sim.isUp(fault.node)) h.world.sim.crash(fault.node);
  } else if (fault.kind === 'restart') {
    if (!h.world.sim.isUp(fault.node)) h.world.sim.restart(fault.node);
  } else {
    h.wait(fault.seconds * 1_000_000);
  }
}

/** Faults stop: every worker up and Active again, then a minute to converge, with no invariant broken. */
export function endNodeFaults(h: Harness, workers: readonly string[]): void {
  for (const name of workers) if (!h.world.sim.isUp(name)) h.world.sim.restart(name);
  for (const name of workers) expect(h.docker('manager-1', `node update --availability active ${name}`).exitCode).toBe(0);
  h.wait(60_000_000);
  expect(h.violations()).toEqual([]);
}
