/**
 * The simulated network: per-message latency and loss, faults from the
 * FaultTable (see faults.ts for partition/cut/block/slow rules), crashes.
 *
 * A message's life (modelling decisions):
 * 1. At send: a down sender's message is dropped (`sender-down`); a receiver
 *    that is not a registered node gives `no-handler`; then the fault verdict:
 *    a REJECT block answers `{kind:'rejected'}` at once, any other fault drops
 *    (`partition`, `cut`, `blocked`); then random loss (`loss`, drawn from the
 *    `net` stream only when 0 < loss < 1). Otherwise the latency is drawn
 *    (uniform integer in [min, max], no draw when min = max) from the slow-link
 *    override or the default link, and delivery is scheduled.
 *    `send` returns the drop to the caller too, but a model should act only on
 *    `rejected`: a real sender cannot see a partition or a lost packet.
 * 2. At delivery, in this order: the receiver must be up and not have crashed
 *    or restarted since the send (`receiver-down`); the sender must not have
 *    crashed since the send (`sender-down`): a crash loses everything a node
 *    had in flight, both ways, as its connections die. Then the faults are
 *    checked again (a partition set while a message is in flight drops it,
 *    with the fault's reason; a REJECT rule drops too, as nobody waits for the
 *    answer). Then the receiver's `onMessage` runs.
 *
 * Trace: every message is traced once, at its outcome: `net.deliver`,
 * `net.drop` (with `reason`) or `net.reject`, each with fields
 * `from to port proto [reason] msg`. Sends are not traced separately.
 * Deliveries can be left out of the trace (`traceDeliveries: false`); drops and
 * rejections are always traced.
 */
import {
  FaultTable,
  VERDICT_BLOCK_REJECT,
  VERDICT_CUT,
  VERDICT_OK,
  VERDICT_PARTITION,
  assertLatency,
  type Verdict,
} from './faults.js';
import { assertRatio } from './ratio.js';
import type {
  BlockRule,
  DropReason,
  Envelope,
  LatencyRange,
  Micros,
  Network,
  NodeHandlers,
  Protocol,
  Ratio,
  Rng,
  SendResult,
} from './types.js';

/** A registered node as the network sees it. `epoch` changes on every crash and restart. */
export interface NetNode {
  readonly name: string;
  readonly handlers: NodeHandlers;
  readonly up: boolean;
  readonly epoch: number;
}

/** What the network needs from the kernel. */
export interface NetworkHost {
  readonly now: Micros;
  nodeRecord(name: string): NetNode | undefined;
  /** Schedule an untraced, ownerless internal event. */
  scheduleInternal(atUs: number, fn: (arg: unknown) => void, arg: unknown, label: string): void;
  /** Append a message's trace line (see TraceLog.recordMessage). */
  recordMessage(
    kind: string,
    from: string,
    to: string,
    port: number,
    protocol: string,
    reason: string | undefined,
    describe: string,
  ): void;
}

interface InFlight {
  readonly envelope: Envelope;
  readonly from: NetNode;
  readonly to: NetNode;
  readonly fromEpoch: number;
  readonly toEpoch: number;
}

const SCHEDULED: SendResult = Object.freeze({ kind: 'scheduled' });
const REJECTED: SendResult = Object.freeze({ kind: 'rejected', reason: 'blocked' });
const DROPPED = new Map<DropReason, SendResult>(
  (['partition', 'cut', 'blocked', 'loss', 'sender-down', 'receiver-down', 'no-handler'] as const).map((reason) => [
    reason,
    Object.freeze({ kind: 'dropped', reason }),
  ]),
);

function verdictReason(verdict: Verdict): DropReason {
  return verdict === VERDICT_PARTITION ? 'partition' : verdict === VERDICT_CUT ? 'cut' : 'blocked';
}

/** An envelope's description as text, rendering a lazy `Describer` with the envelope's own payload. */
export function describeEnvelope<P>(envelope: Envelope<P>): string {
  const describe = envelope.describe;
  return typeof describe === 'string' ? describe : describe(envelope.payload);
}

export const DEFAULT_LATENCY: LatencyRange = Object.freeze({ min: 1000 as Micros, max: 1000 as Micros });

export class SimNetwork implements Network {
  private readonly faults: FaultTable;
  private latency: LatencyRange = DEFAULT_LATENCY;
  private loss: Ratio = { num: 0, den: 1 };
  private readonly deliverBound = (arg: unknown): void => this.deliver(arg as InFlight);

  constructor(
    private readonly host: NetworkHost,
    private readonly rng: Rng,
    private readonly traceDeliveries: boolean,
  ) {
    this.faults = new FaultTable((node, what) => {
      if (host.nodeRecord(node) === undefined) throw new RangeError(`${what}: unknown node ${JSON.stringify(node)}`);
    });
  }

  send<P>(sent: Envelope<P>): SendResult {
    // The network never looks inside the payload; only its describer does, with the payload it came with.
    const envelope = sent as Envelope;
    const from = this.host.nodeRecord(envelope.from);
    if (from === undefined) throw new RangeError(`net.send: unknown sender ${JSON.stringify(envelope.from)}`);
    if (envelope.protocol !== 'tcp' && envelope.protocol !== 'udp') {
      throw new RangeError(`net.send: protocol ${JSON.stringify(envelope.protocol)} is not tcp or udp`);
    }
    if (!from.up) return this.dropNow(envelope, 'sender-down');
    const to = this.host.nodeRecord(envelope.to);
    if (to === undefined) return this.dropNow(envelope, 'no-handler');
    const faults = this.faults;
    if (!faults.empty) {
      const verdict = faults.verdict(envelope.from, envelope.to, envelope.port, envelope.protocol);
      if (verdict === VERDICT_BLOCK_REJECT) {
        this.traceOutcome('net.reject', envelope, 'blocked');
        return REJECTED;
      }
      if (verdict !== VERDICT_OK) return this.dropNow(envelope, verdictReason(verdict));
    }
    const loss = this.loss;
    if (loss.num !== 0 && this.rng.chance(loss)) return this.dropNow(envelope, 'loss');
    const latency = (faults.empty ? undefined : faults.latencyOverride(envelope.from, envelope.to)) ?? this.latency;
    const delay = latency.min === latency.max ? latency.min : this.rng.intBetween(latency.min, latency.max);
    const inFlight: InFlight = { envelope, from, to, fromEpoch: from.epoch, toEpoch: to.epoch };
    this.host.scheduleInternal(this.host.now + delay, this.deliverBound, inFlight, 'net.deliver');
    return SCHEDULED;
  }

  reachable(from: string, to: string, port: number, protocol: Protocol): boolean {
    const sender = this.host.nodeRecord(from);
    const receiver = this.host.nodeRecord(to);
    if (sender === undefined || receiver === undefined || !sender.up || !receiver.up) return false;
    return this.faults.verdict(from, to, port, protocol) === VERDICT_OK;
  }

  linkVerdict(from: string, to: string, port: number, protocol: Protocol): 'ok' | 'rejected' | 'dropped' | 'down' {
    const sender = this.host.nodeRecord(from);
    const receiver = this.host.nodeRecord(to);
    if (sender === undefined || receiver === undefined) throw new RangeError(`net.linkVerdict: unknown node ${JSON.stringify(sender === undefined ? from : to)}`);
    if (!sender.up) return 'dropped';
    const verdict = this.faults.verdict(from, to, port, protocol);
    if (verdict === VERDICT_BLOCK_REJECT) return 'rejected';
    if (verdict !== VERDICT_OK) return 'dropped';
    return receiver.up ? 'ok' : 'down';
  }

  setDefaultLink(link: { latency: LatencyRange; loss?: Ratio }): void {
    assertLatency(link.latency, 'setDefaultLink');
    const loss = link.loss ?? { num: 0, den: 1 };
    assertRatio(loss);
    this.latency = { min: link.latency.min, max: link.latency.max };
    this.loss = { num: loss.num, den: loss.den };
  }

  partition(groups: readonly (readonly string[])[]): void {
    this.faults.partition(groups);
  }

  cut(from: string, to: string): void {
    this.faults.cut(from, to);
  }

  block(rule: BlockRule): void {
    this.faults.block(rule);
  }

  unblock(rule: BlockRule): void {
    this.faults.unblock(rule);
  }

  slow(a: string, b: string, latency: LatencyRange): void {
    this.faults.slow(a, b, latency);
  }

  healAll(): void {
    this.faults.healAll();
  }

  private deliver(inFlight: InFlight): void {
    const { envelope, from, to } = inFlight;
    if (!to.up || to.epoch !== inFlight.toEpoch) return this.dropLate(envelope, 'receiver-down');
    if (from.epoch !== inFlight.fromEpoch) return this.dropLate(envelope, 'sender-down');
    if (!this.faults.empty) {
      const verdict = this.faults.verdict(envelope.from, envelope.to, envelope.port, envelope.protocol);
      if (verdict !== VERDICT_OK) return this.dropLate(envelope, verdictReason(verdict));
    }
    if (this.traceDeliveries) this.traceOutcome('net.deliver', envelope, undefined);
    to.handlers.onMessage(envelope);
  }

  private dropNow(envelope: Envelope, reason: DropReason): SendResult {
    this.traceOutcome('net.drop', envelope, reason);
    return DROPPED.get(reason) as SendResult;
  }

  private dropLate(envelope: Envelope, reason: DropReason): void {
    this.traceOutcome('net.drop', envelope, reason);
  }

  private traceOutcome(kind: string, envelope: Envelope, reason: DropReason | undefined): void {
    this.host.recordMessage(kind, envelope.from, envelope.to, envelope.port, envelope.protocol, reason, describeEnvelope(envelope));
  }
}
