/**
 * The kernel: one clock, one event queue, one network, one trace, one root
 * random stream. Synchronous, single-threaded, deterministic.
 *
 * - Time moves to each event's own due time; it never goes backwards, and
 *   scheduling before `now` throws.
 * - Events due at the same instant run in the order they were scheduled.
 * - `eventCount` counts every event run (timers and message deliveries); the
 *   running event's number prefixes its trace lines.
 * - `afterEvent` listeners run after each event, in subscription order.
 * - `crash(node)` cancels the node's timers (`owner === node`), marks it down,
 *   bumps its epoch (losing its in-flight messages, see network.ts), traces
 *   `node.crash`, then calls `onCrash`. `restart(node)` marks it up, bumps the
 *   epoch, traces `node.restart`, then calls `onRestart`. Crashing a down node
 *   or restarting an up one throws.
 * - What is traced: `sim.start seed=<seed>` at creation, `node.crash`,
 *   `node.restart`, the network's outcomes (see network.ts), every
 *   `trace.emit`. Timer firings are traced only with `traceTimers: true`
 *   (as `timer label=<label> [owner=<owner>]`), so the hash covers what the
 *   model does, not how it arranges its timers.
 */
import { SimNetwork, type NetNode } from './network.js';
import { EventQueue, type EventCallback } from './queue.js';
import { createRng } from './rng.js';
import { formatDuration } from './time.js';
import { TraceLog, type Fields, type TraceSink } from './trace.js';
import type { Micros, NodeHandlers, Rng, RunUntilQuietOptions, ScheduleOptions, Sim, TimerId } from './types.js';

export interface SimOptions {
  /** The root seed (a safe integer). */
  readonly seed: number;
  /** Receives every trace line and its NDJSON form. */
  readonly traceSink?: TraceSink;
  /** Trace each delivered message as `net.deliver` (default true). */
  readonly traceDeliveries?: boolean;
  /** Trace each timer firing as `timer` (default false). */
  readonly traceTimers?: boolean;
}

/** The Sim contract plus a few read-only extras for tools and tests. */
export interface KernelSim extends Sim {
  /** Number of pending events (timers and messages in flight). */
  readonly pendingEvents: number;
  /** Registered node names in registration order. */
  nodeNames(): string[];
}

/** `runUntilQuiet` would run more events than its bound allows. */
export class BoundExceededError extends Error {
  override readonly name = 'BoundExceededError';
  constructor(
    readonly bound: number,
    readonly now: Micros,
    readonly eventCount: number,
    readonly pending: number,
  ) {
    super(
      `runUntilQuiet: still not quiet after maxEvents=${bound} events ` +
        `(now=${formatDuration(now)}, eventCount=${eventCount}, ${pending} events pending)`,
    );
  }
}

interface NodeRecord extends NetNode {
  up: boolean;
  epoch: number;
}

interface TracedTimer {
  readonly callback: () => void;
  readonly fields: Fields;
}

function checkedTime(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what}: ${String(value)} is not a non-negative integer number of microseconds`);
  }
  return value;
}

class Kernel implements KernelSim {
  readonly rng: Rng;
  readonly net: SimNetwork;
  readonly trace: TraceLog;
  private nowUs = 0;
  private events = 0;
  private readonly queue = new EventQueue();
  private readonly nodes = new Map<string, NodeRecord>();
  private listeners: readonly (() => void)[] = [];
  private readonly traceTimers: boolean;
  private readonly fireTraced = (arg: unknown): void => {
    const timer = arg as TracedTimer;
    this.trace.record('timer', undefined, timer.fields);
    timer.callback();
  };

  constructor(readonly seed: number, options: SimOptions) {
    this.rng = createRng(seed);
    this.trace = new TraceLog(this, options.traceSink);
    this.traceTimers = options.traceTimers ?? false;
    this.net = new SimNetwork(this, this.rng.fork('net'), options.traceDeliveries ?? true);
    this.trace.record('sim.start', undefined, [['seed', seed]]);
  }

  get now(): Micros {
    return this.nowUs as Micros;
  }

  get eventCount(): number {
    return this.events;
  }

  schedule(options: ScheduleOptions, callback: () => void): TimerId {
    const { after, at, owner, label } = options;
    let due: number;
    if (after !== undefined) {
      if (at !== undefined) throw new RangeError(`schedule ${label}: give either after or at, not both`);
      due = this.nowUs + checkedTime(after, `schedule ${label}: after`);
    } else if (at !== undefined) {
      due = checkedTime(at, `schedule ${label}: at`);
      if (due < this.nowUs) {
        throw new RangeError(`schedule ${label}: at=${formatDuration(at)} is before now=${formatDuration(this.now)}`);
      }
    } else {
      throw new RangeError(`schedule ${label}: give after or at`);
    }
    if (owner !== undefined && !this.node(owner, `schedule ${label}`).up) {
      throw new RangeError(`schedule ${label}: owner ${JSON.stringify(owner)} is down`);
    }
    if (this.traceTimers) {
      const fields: Fields = owner === undefined ? [['label', label]] : [['label', label], ['owner', owner]];
      return this.queue.push(due, this.fireTraced, { callback, fields }, owner, label) as TimerId;
    }
    return this.queue.push(due, callback as EventCallback, undefined, owner, label) as TimerId;
  }

  cancel(id: TimerId): boolean {
    return this.queue.cancel(id);
  }

  registerNode(name: string, handlers: NodeHandlers): void {
    if (typeof name !== 'string' || name === '') throw new RangeError('registerNode: the name must be a non-empty string');
    if (this.nodes.has(name)) throw new RangeError(`registerNode: node ${JSON.stringify(name)} is already registered`);
    this.nodes.set(name, { name, handlers, up: true, epoch: 0 });
  }

  isUp(node: string): boolean {
    return this.node(node, 'isUp').up;
  }

  crash(node: string): void {
    const record = this.node(node, 'crash');
    if (!record.up) throw new RangeError(`crash: node ${JSON.stringify(node)} is already down`);
    const timers = this.queue.cancelOwnedBy(node);
    record.up = false;
    record.epoch++;
    this.trace.record('node.crash', node, [['timers', timers]]);
    record.handlers.onCrash();
  }

  restart(node: string): void {
    const record = this.node(node, 'restart');
    if (record.up) throw new RangeError(`restart: node ${JSON.stringify(node)} is up`);
    record.up = true;
    record.epoch++;
    this.trace.record('node.restart', node, undefined);
    record.handlers.onRestart();
  }

  step(): boolean {
    const queue = this.queue;
    const slot = queue.popSlot();
    if (slot < 0) return false;
    const fn = queue.fnOf(slot);
    const arg = queue.argOf(slot);
    queue.release(slot);
    this.nowUs = queue.poppedAt;
    this.events++;
    fn(arg);
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) (listeners[i] as () => void)();
    return true;
  }

  runUntil(t: Micros): void {
    checkedTime(t, 'runUntil');
    if (t < this.nowUs) throw new RangeError(`runUntil: ${formatDuration(t)} is before now=${formatDuration(this.now)}`);
    const queue = this.queue;
    for (let next = queue.peekTime(); next !== undefined && next <= t; next = queue.peekTime()) this.step();
    this.nowUs = t;
  }

  runUntilQuiet(options: RunUntilQuietOptions): void {
    const { maxEvents } = options;
    if (!Number.isSafeInteger(maxEvents) || maxEvents < 0) {
      throw new RangeError(`runUntilQuiet: maxEvents ${String(maxEvents)} is not a non-negative integer`);
    }
    for (let ran = 0; this.queue.size > 0; ran++) {
      if (ran >= maxEvents) throw new BoundExceededError(maxEvents, this.now, this.events, this.queue.size);
      this.step();
    }
  }

  afterEvent(listener: () => void): () => void {
    this.listeners = [...this.listeners, listener];
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const index = this.listeners.indexOf(listener);
      this.listeners = this.listeners.filter((_, i) => i !== index);
    };
  }

  nextEventTime(): Micros | undefined {
    return this.queue.peekTime() as Micros | undefined;
  }

  /** Number of pending events (timers and messages in flight). */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Registered node names in registration order. */
  nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  // NetworkHost
  nodeRecord(name: string): NetNode | undefined {
    return this.nodes.get(name);
  }

  scheduleInternal(atUs: number, fn: EventCallback, arg: unknown, label: string): void {
    this.queue.push(atUs, fn, arg, undefined, label);
  }

  recordMessage(
    kind: string,
    from: string,
    to: string,
    port: number,
    protocol: string,
    reason: string | undefined,
    describe: string,
  ): void {
    this.trace.recordMessage(kind, from, to, port, protocol, reason, describe);
  }

  private node(name: string, what: string): NodeRecord {
    const record = this.nodes.get(name);
    if (record === undefined) throw new RangeError(`${what}: unknown node ${JSON.stringify(name)}`);
    return record;
  }
}

/** A simulator with its own clock, queue, network, trace and root stream seeded with `options.seed`. */
export function createSim(options: SimOptions): KernelSim {
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`createSim: seed ${String(options.seed)} is not a safe integer`);
  return new Kernel(options.seed, options);
}
