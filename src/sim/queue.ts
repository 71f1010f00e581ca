/**
 * The event queue: a binary min-heap ordered by (atUs, seq), with O(log n)
 * cancellation.
 *
 * Written for speed, without objects per event:
 * - an event lives in a *slot*; slot-indexed arrays hold its callback,
 *   argument, owner and label, and its position in the heap;
 * - the heap itself is three parallel typed arrays in heap order (due time,
 *   sequence number, slot), so a comparison reads two numbers from a typed
 *   array and allocates nothing;
 * - cancellation removes the entry from the heap at once (no tombstones), so
 *   `size` is exact and a crash can scan only live events.
 *
 * An event id packs the slot and the slot's generation:
 * `id = generation * SLOT_LIMIT + slot`. A slot's generation grows each time
 * the slot is freed, so a stale id never cancels a newer event; a slot whose
 * generation would leave the safe-integer range is retired, never reused.
 * `seq` is global and strictly increasing, so events due at the same instant
 * run in the order they were scheduled.
 */

/** At most this many events pending at once. */
export const SLOT_LIMIT = 1 << 22;
const MAX_GENERATION = Math.floor(Number.MAX_SAFE_INTEGER / SLOT_LIMIT) - 1;

export type EventCallback = (arg: unknown) => void;

export class EventQueue {
  private heapAt = new Float64Array(64);
  private heapSeq = new Float64Array(64);
  private heapSlot = new Int32Array(64);
  private count = 0;
  private nextSeq = 0;
  /** Due time of the event last returned by `popSlot`. */
  poppedAt = 0;

  private slotPos = new Int32Array(64).fill(-1);
  private slotGen = new Float64Array(64);
  private slotFn: (EventCallback | undefined)[] = [];
  private slotArg: unknown[] = [];
  private slotOwner: (string | undefined)[] = [];
  private slotLabel: string[] = [];
  private slotCount = 0;
  private freeSlots: number[] = [];

  /** Number of pending (live) events. */
  get size(): number {
    return this.count;
  }

  /** Due time of the earliest pending event, or undefined when empty. */
  peekTime(): number | undefined {
    return this.count === 0 ? undefined : this.heapAt[0];
  }

  /** Add an event; returns its id. `fn(arg)` is called when it runs. */
  push(atUs: number, fn: EventCallback, arg: unknown, owner: string | undefined, label: string): number {
    const slot = this.allocSlot();
    this.slotFn[slot] = fn;
    this.slotArg[slot] = arg;
    this.slotOwner[slot] = owner;
    this.slotLabel[slot] = label;
    if (this.count === this.heapAt.length) this.growHeap();
    const seq = this.nextSeq++;
    this.siftUp(this.count++, atUs, seq, slot);
    return (this.slotGen[slot] as number) * SLOT_LIMIT + slot;
  }

  /**
   * Remove the earliest event and return its slot. Read the event with
   * `fnOf`/`argOf`/... and then call `release(slot)` before running it
   * (the callback may schedule and reuse the slot).
   * Returns -1 when empty.
   */
  popSlot(): number {
    if (this.count === 0) return -1;
    const slot = this.heapSlot[0] as number;
    this.poppedAt = this.heapAt[0] as number;
    this.removeAt(0);
    return slot;
  }

  fnOf(slot: number): EventCallback {
    return this.slotFn[slot] as EventCallback;
  }
  argOf(slot: number): unknown {
    return this.slotArg[slot];
  }
  ownerOf(slot: number): string | undefined {
    return this.slotOwner[slot];
  }
  labelOf(slot: number): string {
    return this.slotLabel[slot] as string;
  }

  /** Free a popped slot: its id becomes stale. */
  release(slot: number): void {
    this.slotFn[slot] = undefined;
    this.slotArg[slot] = undefined;
    this.slotOwner[slot] = undefined;
    const gen = (this.slotGen[slot] as number) + 1;
    this.slotGen[slot] = gen;
    if (gen <= MAX_GENERATION) this.freeSlots.push(slot);
  }

  /** Cancel a pending event by id; false if it already ran, was cancelled, or never existed. */
  cancel(id: number): boolean {
    if (!Number.isSafeInteger(id) || id < 0) return false;
    const slot = id % SLOT_LIMIT;
    const gen = (id - slot) / SLOT_LIMIT;
    if (slot >= this.slotCount || this.slotGen[slot] !== gen) return false;
    const pos = this.slotPos[slot] as number;
    if (pos < 0) return false;
    this.removeAt(pos);
    this.release(slot);
    return true;
  }

  /** Cancel every pending event whose owner is `owner`; returns how many. */
  cancelOwnedBy(owner: string): number {
    const doomed: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const slot = this.heapSlot[i] as number;
      if (this.slotOwner[slot] === owner) doomed.push(slot);
    }
    for (const slot of doomed) {
      this.removeAt(this.slotPos[slot] as number);
      this.release(slot);
    }
    return doomed.length;
  }

  private allocSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.slotCount++;
    if (slot >= SLOT_LIMIT) throw new RangeError(`event queue: more than ${SLOT_LIMIT} events pending`);
    if (slot === this.slotPos.length) {
      const pos = new Int32Array(slot * 2).fill(-1);
      pos.set(this.slotPos);
      this.slotPos = pos;
      const gen = new Float64Array(slot * 2);
      gen.set(this.slotGen);
      this.slotGen = gen;
    }
    this.slotFn.push(undefined);
    this.slotArg.push(undefined);
    this.slotOwner.push(undefined);
    this.slotLabel.push('');
    return slot;
  }

  private growHeap(): void {
    const size = this.heapAt.length * 2;
    const at = new Float64Array(size);
    at.set(this.heapAt);
    this.heapAt = at;
    const seq = new Float64Array(size);
    seq.set(this.heapSeq);
    this.heapSeq = seq;
    const slots = new Int32Array(size);
    slots.set(this.heapSlot);
    this.heapSlot = slots;
  }

  /** Remove the entry at heap position `pos` (its slot is not released). */
  private removeAt(pos: number): void {
    const slot = this.heapSlot[pos] as number;
    this.slotPos[slot] = -1;
    const last = --this.count;
    if (pos === last) return;
    const at = this.heapAt[last] as number;
    const seq = this.heapSeq[last] as number;
    const moved = this.heapSlot[last] as number;
    const parent = (pos - 1) >> 1;
    if (
      pos > 0 &&
      (at < (this.heapAt[parent] as number) ||
        (at === this.heapAt[parent] && seq < (this.heapSeq[parent] as number)))
    ) {
      this.siftUp(pos, at, seq, moved);
    } else {
      this.siftDown(pos, at, seq, moved);
    }
  }

  /** Place (at, seq, slot) at `pos` or above, moving parents down. */
  private siftUp(pos: number, at: number, seq: number, slot: number): void {
    const heapAt = this.heapAt;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const slotPos = this.slotPos;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pAt = heapAt[parent] as number;
      if (pAt < at || (pAt === at && (heapSeq[parent] as number) < seq)) break;
      const pSlot = heapSlot[parent] as number;
      heapAt[pos] = pAt;
      heapSeq[pos] = heapSeq[parent] as number;
      heapSlot[pos] = pSlot;
      slotPos[pSlot] = pos;
      pos = parent;
    }
    heapAt[pos] = at;
    heapSeq[pos] = seq;
    heapSlot[pos] = slot;
    slotPos[slot] = pos;
  }

  /** Place (at, seq, slot) at `pos` or below, moving smaller children up. */
  private siftDown(pos: number, at: number, seq: number, slot: number): void {
    const heapAt = this.heapAt;
    const heapSeq = this.heapSeq;
    const heapSlot = this.heapSlot;
    const slotPos = this.slotPos;
    const n = this.count;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      let cAt = heapAt[child] as number;
      let cSeq = heapSeq[child] as number;
      const right = child + 1;
      if (right < n) {
        const rAt = heapAt[right] as number;
        const rSeq = heapSeq[right] as number;
        if (rAt < cAt || (rAt === cAt && rSeq < cSeq)) {
          child = right;
          cAt = rAt;
          cSeq = rSeq;
        }
      }
      if (at < cAt || (at === cAt && seq < cSeq)) break;
      const cSlot = heapSlot[child] as number;
      heapAt[pos] = cAt;
      heapSeq[pos] = cSeq;
      heapSlot[pos] = cSlot;
      slotPos[cSlot] = pos;
      pos = child;
    }
    heapAt[pos] = at;
    heapSeq[pos] = seq;
    heapSlot[pos] = slot;
    slotPos[slot] = pos;
  }
}
