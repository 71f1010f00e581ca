/**
 * `writable: true | false`: whether the swarm accepts writes right now, i.e. a
 * live manager leads and has applied its whole log (SwarmKit refuses writes on
 * a leader until then). A lesson waits for `writable: true` after a failover
 * rather than guessing how long the election takes.
 */
import { z } from 'zod';
import type { ExpectationKind } from '../../sim/plugin.js';
import type { SwarmWorld } from '../world.js';

const writableSchema = z
  .object({ writable: z.boolean().describe('A leader exists and accepts writes (true), or nothing can be written (false).') })
  .strict();

export const writableExpectation: ExpectationKind<SwarmWorld, z.infer<typeof writableSchema>> = {
  description: 'Whether a write would be accepted now.',
  schema: writableSchema,
  evaluate(world, args) {
    const leader = world.leader();
    const ready = leader?.status()?.ready === true;
    const seen = leader === undefined ? 'no leader' : ready ? `${leader.id} leads and accepts writes` : `${leader.id} leads but has not applied its log yet`;
    return { holds: ready === args.writable, expected: args.writable ? 'a leader that accepts writes' : 'no leader accepting writes', seen };
  },
};
