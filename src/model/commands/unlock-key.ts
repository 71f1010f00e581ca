/**
 * Manager unlock keys as SwarmKit writes them (`manager/encryption`
 * `HumanReadableKey`): `SWMKEY-1-` and 32 random bytes in unpadded standard
 * base64 (43 characters; the last one carries 2 bits of padding, so it is
 * one of A, E, I, ... , w). `ParseHumanReadableKey` accepts the prefix and
 * any valid unpadded base64 after it.
 */
import type { Rng } from '../../sim/types.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const UNLOCK_KEY_PREFIX = 'SWMKEY-1-';

export function newUnlockKey(rng: Rng): string {
  let text = '';
  for (let i = 0; i < 42; i++) text += BASE64[rng.intBelow(64)] as string;
  // 256 bits in 43 sextets: the last one's low two bits are zero.
  text += BASE64[rng.intBelow(16) * 4] as string;
  return UNLOCK_KEY_PREFIX + text;
}

/** Would SwarmKit parse this as a key (prefix, then unpadded base64)? */
export function isUnlockKeyText(text: string): boolean {
  if (!text.startsWith(UNLOCK_KEY_PREFIX)) return false;
  const body = text.slice(UNLOCK_KEY_PREFIX.length);
  return /^[A-Za-z0-9+/]*$/.test(body) && body.length % 4 !== 1;
}
