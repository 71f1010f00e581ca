/**
 * An immutable sorted set of strings (compareStrings order), iterated in
 * that order, that adds a key without copying every key: the keys are kept
 * in chunks of at most MAX_CHUNK, and an add copies one chunk and the list
 * of chunks. (Creating a 10,000-replica service marks 10,000 instances dirty
 * one task at a time; copying a flat sorted array on each was quadratic.)
 */
import { itself, lowerBound } from '../../sim/order.js';

const MAX_CHUNK = 64;

const lastKey = (chunk: readonly string[]): string => chunk[chunk.length - 1] as string;

export class SortedKeys implements Iterable<string> {
  static readonly EMPTY = new SortedKeys([], 0);

  private constructor(
    private readonly chunks: readonly (readonly string[])[],
    readonly length: number,
  ) {}

  /** From keys already sorted and distinct. */
  static fromSorted(keys: readonly string[]): SortedKeys {
    if (keys.length === 0) return SortedKeys.EMPTY;
    const chunks: string[][] = [];
    for (let at = 0; at < keys.length; at += MAX_CHUNK) chunks.push(keys.slice(at, at + MAX_CHUNK));
    return new SortedKeys(chunks, keys.length);
  }

  /** The set with `key` added; this same set when it is there already. */
  with(key: string): SortedKeys {
    const { chunks } = this;
    if (chunks.length === 0) return new SortedKeys([[key]], 1);
    // The first chunk whose last key is not before `key`; past the end: the last chunk.
    const index = Math.min(lowerBound(chunks, key, lastKey), chunks.length - 1);
    const chunk = chunks[index] as readonly string[];
    const at = lowerBound(chunk, key, itself);
    if (chunk[at] === key) return this;
    const grown = chunk.slice();
    grown.splice(at, 0, key);
    const next = chunks.slice();
    if (grown.length <= MAX_CHUNK) next[index] = grown;
    else next.splice(index, 1, grown.slice(0, grown.length >>> 1), grown.slice(grown.length >>> 1));
    return new SortedKeys(next, this.length + 1);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const chunk of this.chunks) yield* chunk;
  }

  toArray(): string[] {
    return this.chunks.flat();
  }
}
