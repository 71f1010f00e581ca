/**
 * The event queue against a deliberately naive reference (a list scanned for
 * its minimum): same pops, same order for equal times (scheduling order),
 * same cancel results, exact size.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { EventQueue, SLOT_LIMIT } from '../../src/sim/queue.js';

type Op =
  | { readonly kind: 'push'; readonly at: number }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'cancelStale'; readonly pick: number }
  | { readonly kind: 'pop' }
  | { readonly kind: 'cancelOwner'; readonly owner: string };

const owners = ['n1', 'n2', 'n3'];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), at: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 50 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelStale' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'pop' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelOwner' as const), owner: fc.constantFrom(...owners) }) },
);

interface RefEvent {
  readonly at: number;
  readonly seq: number;
  readonly id: number;
  readonly owner: string;
  live: boolean;
}

/** Runs ops on the queue and on the reference; returns both logs. */
function runBoth(ops: readonly Op[]): { real: string[]; ref: string[] } {
  const queue = new EventQueue();
  const events: RefEvent[] = [];
  const real: string[] = [];
  const ref: string[] = [];
  let seq = 0;
  for (const op of ops) {
    if (op.kind === 'push') {
      const owner = owners[seq % owners.length] as string;
      const label = `e${seq}`;
      const id = queue.push(op.at, () => {}, label, owner, label);
      events.push({ at: op.at, seq: seq++, id, owner, live: true });
    } else if (op.kind === 'cancel' || op.kind === 'cancelStale') {
      const pool = op.kind === 'cancel' ? events.filter((e) => e.live) : events.filter((e) => !e.live);
      const target = pool.length === 0 ? undefined : pool[op.pick % pool.length];
      if (target === undefined) continue;
      real.push(`cancel ${target.seq} ${queue.cancel(target.id)}`);
      ref.push(`cancel ${target.seq} ${target.live}`);
      target.live = false;
    } else if (op.kind === 'cancelOwner') {
      const doomed = events.filter((e) => e.live && e.owner === op.owner);
      real.push(`cancelOwner ${op.owner} ${queue.cancelOwnedBy(op.owner)}`);
      ref.push(`cancelOwner ${op.owner} ${doomed.length}`);
      for (const e of doomed) e.live = false;
    } else {
      const slot = queue.popSlot();
      if (slot < 0) real.push('pop empty');
      else {
        real.push(`pop ${String(queue.argOf(slot))} at ${queue.poppedAt}`);
        queue.release(slot);
      }
      let best: RefEvent | undefined;
      for (const e of events) {
        if (e.live && (best === undefined || e.at < best.at || (e.at === best.at && e.seq < best.seq))) best = e;
      }
      if (best === undefined) ref.push('pop empty');
      else {
        best.live = false;
        ref.push(`pop e${best.seq} at ${best.at}`);
      }
    }
    real.push(`size ${queue.size} peek ${String(queue.peekTime())}`);
    const live = events.filter((e) => e.live);
    const peek = live.length === 0 ? undefined : Math.min(...live.map((e) => e.at));
    ref.push(`size ${live.length} peek ${String(peek)}`);
  }
  return { real, ref };
}

describe('EventQueue vs a naive reference', () => {
  test.prop([fc.array(opArb, { maxLength: 200, size: 'large' })], { numRuns: 200 })('random push/cancel/pop sequences agree', (ops) => {
    const { real, ref } = runBoth(ops);
    expect(real).toEqual(ref);
  });

  it('runs events at the same instant in scheduling order', () => {
    const queue = new EventQueue();
    for (let i = 0; i < 100; i++) queue.push(i % 3 === 0 ? 5 : 7, () => {}, i, undefined, 'x');
    const order: number[] = [];
    for (let slot = queue.popSlot(); slot >= 0; slot = queue.popSlot()) {
      order.push(queue.argOf(slot) as number);
      queue.release(slot);
    }
    const fives = [...Array(100).keys()].filter((i) => i % 3 === 0);
    const sevens = [...Array(100).keys()].filter((i) => i % 3 !== 0);
    expect(order).toEqual([...fives, ...sevens]);
  });

  it('never lets a stale id cancel the event that reuses its slot', () => {
    const queue = new EventQueue();
    const first = queue.push(1, () => {}, 'first', undefined, 'a');
    const slot = queue.popSlot();
    queue.release(slot);
    const second = queue.push(2, () => {}, 'second', undefined, 'b');
    expect(second % SLOT_LIMIT).toBe(first % SLOT_LIMIT); // the slot was reused
    expect(second).not.toBe(first);
    expect(queue.cancel(first)).toBe(false);
    expect(queue.size).toBe(1);
    expect(queue.cancel(second)).toBe(true);
    expect(queue.size).toBe(0);
    expect(queue.cancel(-1)).toBe(false);
    expect(queue.cancel(1.5)).toBe(false);
    expect(queue.cancel(12345)).toBe(false);
  });

  it('grows past its initial capacity', () => {
    const queue = new EventQueue();
    for (let i = 0; i < 5000; i++) queue.push(5000 - i, () => {}, i, undefined, 'x');
    expect(queue.size).toBe(5000);
    let last = -1;
    for (let slot = queue.popSlot(); slot >= 0; slot = queue.popSlot()) {
      expect(queue.poppedAt).toBeGreaterThan(last);
      last = queue.poppedAt;
      queue.release(slot);
    }
    expect(last).toBe(5000);
  });
});
