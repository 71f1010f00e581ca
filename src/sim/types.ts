/**
 * The kernel's public contract. Everything above src/sim (the swarm model, the
 * scenario runner, the CLI) talks to the kernel through these types only.
 *
 * Time is an integer count of microseconds. Every callback is synchronous. The
 * kernel knows nothing of Docker: nodes are names, messages are opaque payloads
 * addressed to a (node, port, protocol).
 */

/** Integer microseconds of simulated time (a branded number; never a float). */
export type Micros = number & { readonly unit: 'us' };

/** A probability written as a ratio of integers (`1/100`), never a float. */
export interface Ratio {
  readonly num: number;
  readonly den: number;
}

/** An independent, seeded stream of integers. */
export interface Rng {
  /** The label path this stream was forked along ('' for the root). */
  readonly label: string;
  /** A child stream whose seed is a hash of (root seed, this label, label). */
  fork(label: string): Rng;
  /** Uniform integer in [0, n). n must be a positive safe integer. */
  intBelow(n: number): number;
  /** Uniform integer in [lo, hi], both ends included. */
  intBetween(lo: number, hi: number): number;
  /** True with probability num/den. */
  chance(ratio: Ratio): boolean;
  /** One element of a list the caller has already sorted (the order is part of the draw). */
  pick<T>(sorted: readonly T[]): T;
}

export type TimerId = number & { readonly kind: 'timer' };

export interface ScheduleOptions {
  /** Delay from now (integer micros >= 0). Exactly one of `after`/`at`. */
  readonly after?: Micros;
  /** Absolute due time (>= now). */
  readonly at?: Micros;
  /** The node that owns this timer: a crash of that node cancels it. */
  readonly owner?: string;
  /** Short label for the trace, e.g. 'raft/tick'. */
  readonly label: string;
}

/** Ports the simulated hosts talk on; protocol matters for firewall rules. */
export type Protocol = 'tcp' | 'udp';

/**
 * Renders a payload's canonical one-line description. The network calls it
 * only when the message's outcome is traced, at most once per message; pass a
 * shared function (`describe: describeMessage`), not a fresh closure per send.
 */
export type Describer<P> = (payload: P) => string;

export interface Envelope<P = unknown> {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly payload: P;
  /**
   * Canonical one-line description of the payload for the trace (fixed field
   * order): the text itself, or a `Describer` of the payload that renders the
   * same text lazily (nothing is built for a message that is not traced).
   */
  readonly describe: string | Describer<P>;
}

/** Why the network did not deliver a message. Every drop is traced with one of these. */
export type DropReason =
  | 'partition'
  | 'cut'
  | 'blocked'
  | 'loss'
  | 'sender-down'
  | 'receiver-down'
  | 'no-handler';

/**
 * What a node registers with the kernel. The kernel calls these; the node
 * never calls the kernel back from a constructor.
 */
export interface NodeHandlers {
  /** A message arrived for this node on `envelope.port`. */
  onMessage(envelope: Envelope): void;
  /** The node crashed: the kernel has already cancelled its timers. Drop volatile state. */
  onCrash(): void;
  /** The node restarts: rebuild from what the model keeps as persistent, re-arm timers. */
  onRestart(): void;
}

/** A firewall rule on one node. */
export interface BlockRule {
  readonly node: string;
  readonly port: number;
  /** Absent: both protocols. */
  readonly protocol?: Protocol;
  readonly direction: 'in' | 'out' | 'both';
  /** reject: the sender learns at once; drop: packets vanish silently. */
  readonly mode?: 'reject' | 'drop';
}

export interface LatencyRange {
  readonly min: Micros;
  readonly max: Micros;
}

/** What `send` reports synchronously: delivery is scheduled, or it failed at once. */
export type SendResult =
  | { readonly kind: 'scheduled' }
  | { readonly kind: 'dropped'; readonly reason: DropReason }
  /** A REJECT firewall rule answered at once (a dial sees "connect: no route to host"). */
  | { readonly kind: 'rejected'; readonly reason: 'blocked' };

export interface Network {
  send<P>(envelope: Envelope<P>): SendResult;
  /** Would a message from `from` to `to` on this port be delivered now (ignoring random loss)? */
  reachable(from: string, to: string, port: number, protocol: Protocol): boolean;
  /**
   * What a connection attempt from `from` to `to` would meet now (ignoring random loss): `ok`; `rejected` by a
   * REJECT rule (the caller learns at once); `dropped` by a partition, cut or DROP rule; `down` when the receiver
   * is not up (a client on the LAN gets "no route to host" once ARP gives up).
   */
  linkVerdict(from: string, to: string, port: number, protocol: Protocol): 'ok' | 'rejected' | 'dropped' | 'down';
  setDefaultLink(link: { latency: LatencyRange; loss?: Ratio }): void;
  partition(groups: readonly (readonly string[])[]): void;
  cut(from: string, to: string): void;
  block(rule: BlockRule): void;
  /** Remove every rule on `rule.node` equal to `rule` (a no-op when there is none). */
  unblock(rule: BlockRule): void;
  slow(a: string, b: string, latency: LatencyRange): void;
  /** Remove every partition, cut, block and slow link. */
  healAll(): void;
}

export interface TraceEvent {
  /** Kind first, e.g. 'net.drop', 'raft.elected'. */
  readonly kind: string;
  readonly node?: string;
  /** Ordered key/value fields; values are already canonical strings or integers. */
  readonly fields?: readonly (readonly [string, string | number | boolean])[];
}

export interface Trace {
  /** Record one canonical line (the kernel prefixes event number and time). */
  emit(event: TraceEvent): void;
  /** The running sha256 chain over every line so far, 64 hex chars. */
  hash(): string;
  /** Number of lines recorded. */
  readonly lineCount: number;
}

export interface RunUntilQuietOptions {
  /** Fail loudly (throw BoundExceededError) if more events than this would run. */
  readonly maxEvents: number;
}

/** The kernel: one clock, one queue, one network, one trace, one root stream. */
export interface Sim {
  readonly now: Micros;
  /** Events run so far. */
  readonly eventCount: number;
  readonly rng: Rng;
  readonly net: Network;
  readonly trace: Trace;
  readonly seed: number;

  schedule(options: ScheduleOptions, callback: () => void): TimerId;
  /** Cancel a pending timer; returns whether it was still pending. */
  cancel(id: TimerId): boolean;

  registerNode(name: string, handlers: NodeHandlers): void;
  isUp(node: string): boolean;
  crash(node: string): void;
  restart(node: string): void;

  /** Run the next event; false if the queue is empty. */
  step(): boolean;
  /** Run every event due at or before `t`, then set now = t. */
  runUntil(t: Micros): void;
  runUntilQuiet(options: RunUntilQuietOptions): void;
  /** Called after every event (invariants, expectations, watches). Returns an unsubscribe function. */
  afterEvent(listener: () => void): () => void;
  /** Time of the next pending event, or undefined when the queue is empty. */
  nextEventTime(): Micros | undefined;
}
