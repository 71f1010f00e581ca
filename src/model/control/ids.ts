/**
 * Identifiers and join tokens from the seeded stream (swarm-behaviour.md §3.2,
 * §7 #5): IDs are 25 characters of [0-9a-z]; a join token is
 * `SWMTKN-1-<50 base-36 chars>-<25 base-36 chars>`. The 50-char part stands
 * for the root CA digest (first char 0-6, as a base-36 SHA-256 is); the
 * secret's first char is 0-f (16 random bytes in base 36).
 */
import type { Rng } from '../../sim/types.js';
import type { NodeRole } from '../store/objects.js';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

function chars(rng: Rng, n: number, first: number): string {
  let out = BASE36[rng.intBelow(first)] as string;
  for (let i = 1; i < n; i++) out += BASE36[rng.intBelow(36)] as string;
  return out;
}

/** A node, cluster or session ID. */
export function newId(rng: Rng): string {
  return chars(rng, 25, 36);
}

export function newCaDigest(rng: Rng): string {
  return chars(rng, 50, 7);
}

export function newTokenSecret(rng: Rng): string {
  return chars(rng, 25, 16);
}

export function joinToken(digest: string, secret: string): string {
  return `SWMTKN-1-${digest}-${secret}`;
}

export function newJoinToken(rng: Rng, digest: string): string {
  return joinToken(digest, newTokenSecret(rng));
}

export type TokenRole = NodeRole;
