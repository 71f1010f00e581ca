/**
 * `tasks:` expectations: where a service's tasks run, as the leader's store
 * holds them. `running` maps hostnames to the number of the service's tasks
 * with observed state RUNNING and desired state RUNNING on that node (a node
 * not listed is not checked; `0` checks there are none); `total` counts those
 * tasks over all nodes; `rejected` is at least that many tasks of the service
 * with observed state REJECTED (history included).
 */
import { z } from 'zod';
import type { ExpectationKind } from '../../sim/plugin.js';
import { nodeName } from '../schema-kit.js';
import type { Task } from '../store/objects.js';
import type { SwarmWorld } from '../world.js';
import { leaderEngine } from './kinds.js';

const tasksSchema = z
  .object({
    tasks: z
      .object({
        service: z.string().min(1).describe('Service name.'),
        running: z.record(nodeName, z.number().int().min(0)).optional().describe('Per hostname, how many of its tasks run there (desired and observed RUNNING).'),
        total: z.number().int().min(0).optional().describe('How many of its tasks run, over all nodes.'),
        rejected: z.number().int().min(0).optional().describe('At least this many of its tasks are REJECTED (kept history).'),
      })
      .strict(),
  })
  .strict();

type TasksArgs = z.infer<typeof tasksSchema>;

export const tasksExpectation: ExpectationKind<SwarmWorld, TasksArgs> = {
  description: "Where a service's tasks run (desired and observed RUNNING), per node and in total, as the leader's store holds them.",
  schema: tasksSchema,
  nodeRefs: (args) => Object.keys(args.tasks.running ?? {}),
  evaluate(world, args) {
    const want = args.tasks;
    const leader = leaderEngine(world);
    const store = leader?.raft?.app.store;
    const expected: string[] = [];
    if (want.running !== undefined) expected.push(...Object.keys(want.running).sort().map((name) => `${name}=${want.running?.[name] ?? 0}`));
    if (want.total !== undefined) expected.push(`total=${want.total}`);
    if (want.rejected !== undefined) expected.push(`rejected>=${want.rejected}`);
    const label = `service ${want.service}: ${expected.join(' ')}`;
    if (store === undefined) return { holds: false, expected: label, seen: 'no leader' };
    const service = Object.values(store.services).find((s) => s.spec.name === want.service);
    if (service === undefined) return { holds: false, expected: label, seen: `no service ${want.service}` };
    const tasks = [...store.tasks.keys()]
      .sort()
      .map((id) => store.tasks.get(id) as Task)
      .filter((task) => task.serviceId === service.id);
    const running = tasks.filter((task) => task.status.state === 'running' && task.desiredState === 'running');
    const hostOf = (nodeId: string): string => store.nodes[nodeId]?.description?.hostname ?? nodeId;
    const perNode = new Map<string, number>();
    for (const task of running) perNode.set(hostOf(task.nodeId), (perNode.get(hostOf(task.nodeId)) ?? 0) + 1);
    const rejected = tasks.filter((task) => task.status.state === 'rejected').length;
    let holds = true;
    const seen: string[] = [];
    for (const name of Object.keys(want.running ?? {}).sort()) {
      const have = perNode.get(name) ?? 0;
      seen.push(`${name}=${have}`);
      holds &&= have === want.running?.[name];
    }
    if (want.total !== undefined) {
      seen.push(`total=${running.length}`);
      holds &&= running.length === want.total;
    }
    if (want.rejected !== undefined) {
      seen.push(`rejected=${rejected}`);
      holds &&= rejected >= want.rejected;
    }
    return { holds, expected: label, seen: `service ${want.service}: ${seen.join(' ')}` };
  },
};
