/**
 * `converged: true`: a leader accepts writes and every live manager has
 * applied everything in the leader's log. After a heal this is "the swarm has
 * caught up", whatever the exact counts were.
 */
import { z } from 'zod';
import type { ExpectationKind } from '../../sim/plugin.js';
import type { SwarmWorld } from '../world.js';

const convergedSchema = z
  .object({ converged: z.literal(true).describe('Every live manager has applied the whole of the leader\'s log.') })
  .strict();

export const convergedExpectation: ExpectationKind<SwarmWorld, z.infer<typeof convergedSchema>> = {
  description: "Every live manager has caught up with the leader's log.",
  schema: convergedSchema,
  evaluate(world) {
    const expected = "every live manager applied the leader's whole log";
    const leader = world.leader()?.status();
    if (leader === undefined || !leader.ready) return { holds: false, expected, seen: 'no leader accepting writes' };
    const behind: string[] = [];
    for (const host of world.managers) {
      const s = host.status();
      if (s !== undefined && s.applied < leader.lastIndex) behind.push(`${s.id} applied ${s.applied}`);
    }
    const seen = behind.length === 0 ? `all applied ${leader.lastIndex}` : `leader ${leader.id} at ${leader.lastIndex}; ${behind.join(', ')}`;
    return { holds: behind.length === 0, expected, seen };
  },
};
