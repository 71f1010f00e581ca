/**
 * Seeded random streams, integers only.
 *
 * Generator: seedrandom's Tyche-i (fast, 128-bit state, passes BigCrush),
 * one 32-bit output per draw. Not seedrandom's default ARC4 (slow), nor
 * xor128/xorwow/xorshift7 (weak low bits).
 *
 * Forking: the stream at label path `p` is seeded with
 * `sha256("swarmsim/rng/v1\n" + rootSeed + "\n" + p)` as a 64-hex-digit string
 * (seedrandom mixes a string key in character by character; a long digest
 * avoids its repeated-short-key collisions such as 'ab' ~ 'abab'). A child's
 * path is `parentPath + '/' + label` (the root's path is ''), so a stream
 * depends only on the root seed and its path: not on fork order, not on how
 * many draws the parent or any sibling made. `fork('raft/m1')` and
 * `fork('raft').fork('m1')` name the same path and give the same stream.
 *
 * `intBelow(n)` is exact and unbiased: rejection sampling over 32-bit draws for
 * n <= 2^32 (one draw, rarely more), over 53-bit values built from two draws
 * for larger n (up to Number.MAX_SAFE_INTEGER + 1 = 2^53).
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import type { Ratio, Rng } from './types.js';

const TWO_32 = 0x1_0000_0000;
const TWO_53 = 2 ** 53;
const TWO_21 = 2 ** 21;

/** The hex digest a stream at `path` is seeded with. */
export function streamKey(rootSeed: number, path: string): string {
  return createHash('sha256').update(`swarmsim/rng/v1\n${rootSeed}\n${path}`).digest('hex');
}

class TycheRng implements Rng {
  private readonly next: () => number;

  constructor(
    private readonly rootSeed: number,
    readonly label: string,
  ) {
    this.next = seedrandom.tychei(streamKey(rootSeed, label)).int32;
  }

  fork(label: string): Rng {
    if (typeof label !== 'string' || label === '') throw new RangeError('rng.fork: the label must be a non-empty string');
    return new TycheRng(this.rootSeed, this.label === '' ? label : `${this.label}/${label}`);
  }

  /** One uniform draw in [0, 2^32). */
  uint32(): number {
    return this.next() >>> 0;
  }

  intBelow(n: number): number {
    if (n <= TWO_32 && n > 0 && (n | 0) === n) {
      // Small n (the common case, |0 round trip means n < 2^31): one modulo, reject the short top block.
      const limit = TWO_32 - (TWO_32 % n);
      for (;;) {
        const x = this.next() >>> 0;
        if (x < limit) return x % n;
      }
    }
    if (!Number.isSafeInteger(n) && n !== TWO_53) throw new RangeError(`rng.intBelow: ${String(n)} is not a safe integer`);
    if (n <= 0) throw new RangeError(`rng.intBelow: ${n} must be positive`);
    if (n <= TWO_32) {
      const limit = TWO_32 - (TWO_32 % n);
      for (;;) {
        const x = this.next() >>> 0;
        if (x < limit) return x % n;
      }
    }
    const limit = TWO_53 - (TWO_53 % n);
    for (;;) {
      const x = ((this.next() >>> 0) % TWO_21) * TWO_32 + (this.next() >>> 0);
      if (x < limit) return x % n;
    }
  }

  intBetween(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RangeError(`rng.intBetween: need safe integers lo <= hi, got ${String(lo)}, ${String(hi)}`);
    }
    return lo + this.intBelow(hi - lo + 1);
  }

  chance(ratio: Ratio): boolean {
    const { num, den } = ratio;
    if (!(num >= 0 && num <= den && den > 0 && Number.isSafeInteger(num) && Number.isSafeInteger(den))) {
      throw new RangeError(`rng.chance: invalid ratio ${String(num)}/${String(den)}`);
    }
    // No draw for the certain cases, so loss 0 costs nothing and shifts no stream.
    if (num === 0) return false;
    if (num === den) return true;
    return this.intBelow(den) < num;
  }

  pick<T>(sorted: readonly T[]): T {
    if (sorted.length === 0) throw new RangeError('rng.pick: the list is empty');
    return sorted[this.intBelow(sorted.length)] as T;
  }
}

/** The root stream of a run. `seed` must be a safe integer. */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`createRng: seed ${String(seed)} is not a safe integer`);
  return new TycheRng(seed, '');
}
