/**
 * Issue 10 §2: "the same cluster model serves both front ends". A cluster
 * formed with `docker swarm init|join` and one formed with `swarmd`, given
 * the same seed and the same user actions, place, scale, drain and update a
 * service identically whether `docker service create|scale|update` / `docker
 * node update --availability drain` or `swarmctl service create|update` /
 * `swarmctl node drain` made the request: both write the same store object through the
 * leader's Raft, and the orchestrator and scheduler cannot tell them apart.
 * Compared: every running task's (slot, hostname) after each phase.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../../src/model/cluster/config.js';
import { type SwarmkitHarness, swarmkitHarness } from './harness.js';

const SETTLE_US = 15_000_000;
/** Long enough for a one-at-a-time rolling update of up to 10 tasks (pull 1 s, monitor 5 s). */
const UPDATE_US = 120_000_000;
const ENV = { SWARM_SOCKET: '/tmp/n1.sock' };

interface Plan {
  readonly workers: number;
  readonly replicas: number;
  readonly scaleTo: number;
  /** Index of the node to drain (0 = the manager), or -1 for none. */
  readonly drain: number;
  readonly seed: number;
}

function config(workers: number): ClusterConfig {
  return { form: 'manual', nodes: [{ name: 'n1', role: 'manager' }, ...Array.from({ length: workers }, (_, i) => ({ name: `w${i + 1}`, role: 'worker' as const }))] };
}

const names = (plan: Plan): string[] => ['n1', ...Array.from({ length: plan.workers }, (_, i) => `w${i + 1}`)];

/** Running tasks as `slot@hostname image`, sorted: what a user sees of the placement. */
function placement(h: SwarmkitHarness): string[] {
  const store = h.world.manager('n1')?.app.store;
  if (store === undefined) return ['no store'];
  const host = (nodeId: string): string => store.nodes[nodeId]?.description?.hostname ?? nodeId;
  return [...store.tasks.values()]
    .filter((task) => task.desiredState === 'running' && task.status.state === 'running')
    .map((task) => `${task.slot}@${host(task.nodeId)} ${task.spec.image}`)
    .sort();
}

function must(h: SwarmkitHarness, on: string, line: string, env?: Record<string, string>): string {
  const out = h.run(on, line, env);
  if (out.exitCode !== 0) throw new Error(`${on}$ ${line}: ${out.stderr}`);
  return out.stdout;
}

function withDocker(plan: Plan): string[][] {
  const h = swarmkitHarness(config(plan.workers), plan.seed);
  must(h, 'n1', 'docker swarm init --advertise-addr 10.0.0.2');
  const token = must(h, 'n1', 'docker swarm join-token -q worker').trim();
  for (const name of names(plan).slice(1)) must(h, name, `docker swarm join --token ${token} 10.0.0.2:2377`);
  must(h, 'n1', `docker service create -d --name web --replicas ${plan.replicas} nginx:1.11.1-alpine`);
  h.wait(SETTLE_US);
  const created = placement(h);
  must(h, 'n1', `docker service scale -d web=${plan.scaleTo}`);
  h.wait(SETTLE_US);
  const scaled = placement(h);
  if (plan.drain >= 0) must(h, 'n1', `docker node update --availability drain ${names(plan)[plan.drain]}`);
  h.wait(SETTLE_US);
  const drained = placement(h);
  must(h, 'n1', 'docker service update -d --image nginx:1.11.3-alpine web');
  h.wait(UPDATE_US);
  expect(h.violations()).toEqual([]);
  return [created, scaled, drained, placement(h)];
}

function withSwarmctl(plan: Plan): string[][] {
  const h = swarmkitHarness(config(plan.workers), plan.seed);
  must(h, 'n1', 'swarmd -d /tmp/n1 --listen-control-api /tmp/n1.sock --listen-remote-api 10.0.0.2:4242 --hostname n1');
  const token = /Worker: (\S+)/.exec(must(h, 'n1', 'swarmctl cluster inspect default', ENV))?.[1] ?? '';
  for (const name of names(plan).slice(1)) must(h, name, `swarmd -d /tmp/${name} --hostname ${name} --join-addr 10.0.0.2:4242 --join-token ${token}`);
  must(h, 'n1', `swarmctl service create --name web --image nginx:1.11.1-alpine --replicas ${plan.replicas}`, ENV);
  h.wait(SETTLE_US);
  const created = placement(h);
  if (plan.scaleTo !== plan.replicas) must(h, 'n1', `swarmctl service update web --replicas ${plan.scaleTo}`, ENV);
  h.wait(SETTLE_US);
  const scaled = placement(h);
  if (plan.drain >= 0) must(h, 'n1', `swarmctl node drain ${names(plan)[plan.drain]}`, ENV);
  h.wait(SETTLE_US);
  const drained = placement(h);
  must(h, 'n1', 'swarmctl service update web --image nginx:1.11.3-alpine', ENV);
  h.wait(UPDATE_US);
  expect(h.violations()).toEqual([]);
  return [created, scaled, drained, placement(h)];
}

describe('a service is placed, scaled, drained and updated alike whichever front end created it', () => {
  it('docker and swarmctl give the same placements under the same seed', () => {
    fc.assert(
      fc.property(
        fc.record({
          workers: fc.integer({ min: 1, max: 3 }),
          replicas: fc.integer({ min: 1, max: 8 }),
          scaleTo: fc.integer({ min: 1, max: 10 }),
          drain: fc.integer({ min: -1, max: 3 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        (raw) => {
          const plan: Plan = { ...raw, drain: Math.min(raw.drain, raw.workers) };
          const docker = withDocker(plan);
          expect(docker[0]).toHaveLength(plan.replicas);
          expect(docker[1]).toHaveLength(plan.scaleTo);
          const drained = plan.drain < 0 ? undefined : names(plan)[plan.drain];
          // There is always another node (workers >= 1): every task has moved off the drained one.
          if (drained !== undefined) expect((docker[2] ?? []).filter((entry) => entry.includes(`@${drained} `))).toEqual([]);
          // The rolling update replaced every running task.
          expect(docker[3]).toHaveLength(plan.scaleTo);
          expect((docker[3] ?? []).every((entry) => entry.endsWith(' nginx:1.11.3-alpine'))).toBe(true);
          expect(withSwarmctl(plan)).toEqual(docker);
        },
      ),
      { numRuns: 12, seed: 20261124 },
    );
  });
});
