/**
 * `applied: { proposals: N, on? }`: how many proposals a manager's application
 * has applied (on `on`, or on every live manager). It shows what Raft keeps and
 * what it discards: a deposed leader's uncommitted entries never count.
 */
import { z } from 'zod';
import type { ExpectationKind } from '../../sim/plugin.js';
import { nodeName } from '../schema-kit.js';
import type { SwarmWorld } from '../world.js';

const appliedSchema = z
  .object({
    applied: z
      .object({ proposals: z.number().int().min(0), on: nodeName.optional() })
      .strict()
      .describe('Proposals applied on `on` (or on every live manager), exactly.'),
  })
  .strict();

export const appliedExpectation: ExpectationKind<SwarmWorld, z.infer<typeof appliedSchema>> = {
  description: 'How many proposals the managers have applied.',
  schema: appliedSchema,
  nodeRefs: (args) => (args.applied.on === undefined ? [] : [args.applied.on]),
  evaluate(world, args) {
    const { proposals, on } = args.applied;
    const hosts = on === undefined ? world.managers.filter((h) => h.up) : world.managers.filter((h) => h.id === on);
    const seen = hosts.map((h) => `${h.id} ${h.up ? h.app.proposals : 'down'}`).join(', ') || 'no live manager';
    const holds = hosts.length > 0 && hosts.every((h) => h.up && h.app.proposals === proposals);
    return { holds, expected: `${proposals} proposals applied${on === undefined ? ' on every live manager' : ` on ${on}`}`, seen };
  },
};
