/**
 * The network's fault table: partitions, one-way cuts, firewall blocks and
 * slow links, and the verdict on one message. Pure bookkeeping: no clock, no
 * randomness, no trace.
 *
 * Rules (modelling decisions):
 * - `partition(groups)` replaces the previous partition. Two nodes can talk
 *   only if they are named in the same group. A node named in no group is
 *   isolated from every other node (as if alone in its own group); name the
 *   nodes you want together. A node may appear in one group only.
 * - `cut(from, to)` drops messages from `from` to `to` only (one way). Cuts add up.
 * - `block(rule)` is a firewall rule on `rule.node`: `in` matches messages to
 *   that node on `rule.port`, `out` messages from it to `rule.port` on any node,
 *   `both` either. No `protocol`: both protocols. Rules add up; when several
 *   match, the first added wins (like an iptables chain).
 * - A message to oneself (`from === to`, loopback) ignores partitions and cuts;
 *   blocks still apply.
 * - Verdict order follows the packet's path: the sender's own outgoing rules,
 *   then the wire (partition, then cut), then the receiver's incoming rules.
 * - `slow(a, b, latency)` overrides the latency both ways between a and b.
 * - `unblock(rule)` removes every rule on `rule.node` equal to `rule` (same
 *   port, protocol, direction and mode; an absent mode is reject). Removing a
 *   rule that is not there does nothing (like firewalld's remove-port).
 * - `healAll()` removes everything above.
 */
import type { BlockRule, LatencyRange, Protocol } from './types.js';

export const VERDICT_OK = 0;
export const VERDICT_PARTITION = 1;
export const VERDICT_CUT = 2;
export const VERDICT_BLOCK_DROP = 3;
export const VERDICT_BLOCK_REJECT = 4;
export type Verdict = 0 | 1 | 2 | 3 | 4;

const PROTOCOLS: readonly string[] = ['tcp', 'udp'];
const DIRECTIONS: readonly string[] = ['in', 'out', 'both'];
const MODES: readonly string[] = ['reject', 'drop'];

function ruleMatches(rule: BlockRule, port: number, protocol: Protocol, direction: 'in' | 'out'): boolean {
  return (
    rule.port === port &&
    (rule.protocol === undefined || rule.protocol === protocol) &&
    (rule.direction === 'both' || rule.direction === direction)
  );
}

function sameRule(a: BlockRule, b: BlockRule): boolean {
  return (
    a.port === b.port &&
    a.protocol === b.protocol &&
    a.direction === b.direction &&
    (a.mode ?? 'reject') === (b.mode ?? 'reject')
  );
}

function ruleVerdict(rule: BlockRule): Verdict {
  return rule.mode === 'drop' ? VERDICT_BLOCK_DROP : VERDICT_BLOCK_REJECT;
}

export function assertLatency(latency: LatencyRange, what: string): void {
  const { min, max } = latency;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min) {
    throw new RangeError(`${what}: latency needs integer micros with 0 <= min <= max, got ${String(min)}..${String(max)}`);
  }
}

export class FaultTable {
  /** True when no fault of any kind is set: the fast path. */
  empty = true;
  private groupOf: Map<string, number> | undefined;
  private readonly cuts = new Map<string, Set<string>>();
  private readonly blocks = new Map<string, BlockRule[]>();
  private readonly slowLinks = new Map<string, Map<string, LatencyRange>>();

  constructor(private readonly assertKnown: (node: string, what: string) => void) {}

  partition(groups: readonly (readonly string[])[]): void {
    const groupOf = new Map<string, number>();
    groups.forEach((group, index) => {
      for (const node of group) {
        this.assertKnown(node, 'partition');
        if (groupOf.has(node)) throw new RangeError(`partition: node ${JSON.stringify(node)} is in more than one group`);
        groupOf.set(node, index);
      }
    });
    this.groupOf = groupOf;
    this.empty = false;
  }

  cut(from: string, to: string): void {
    this.assertKnown(from, 'cut');
    this.assertKnown(to, 'cut');
    if (from === to) throw new RangeError(`cut: from and to are the same node ${JSON.stringify(from)}`);
    let targets = this.cuts.get(from);
    if (targets === undefined) this.cuts.set(from, (targets = new Set()));
    targets.add(to);
    this.empty = false;
  }

  block(rule: BlockRule): void {
    this.assertKnown(rule.node, 'block');
    if (!Number.isInteger(rule.port) || rule.port < 1 || rule.port > 65535) {
      throw new RangeError(`block: port ${String(rule.port)} is not in 1..65535`);
    }
    if (rule.protocol !== undefined && !PROTOCOLS.includes(rule.protocol)) {
      throw new RangeError(`block: protocol ${JSON.stringify(rule.protocol)} is not tcp or udp`);
    }
    if (!DIRECTIONS.includes(rule.direction)) {
      throw new RangeError(`block: direction ${JSON.stringify(rule.direction)} is not in, out or both`);
    }
    if (rule.mode !== undefined && !MODES.includes(rule.mode)) {
      throw new RangeError(`block: mode ${JSON.stringify(rule.mode)} is not reject or drop`);
    }
    let rules = this.blocks.get(rule.node);
    if (rules === undefined) this.blocks.set(rule.node, (rules = []));
    rules.push({ ...rule });
    this.empty = false;
  }

  unblock(rule: BlockRule): void {
    this.assertKnown(rule.node, 'unblock');
    const rules = this.blocks.get(rule.node);
    if (rules === undefined) return;
    const kept = rules.filter((other) => !sameRule(other, rule));
    if (kept.length === 0) this.blocks.delete(rule.node);
    else this.blocks.set(rule.node, kept);
    this.empty = this.groupOf === undefined && this.cuts.size === 0 && this.blocks.size === 0 && this.slowLinks.size === 0;
  }

  slow(a: string, b: string, latency: LatencyRange): void {
    this.assertKnown(a, 'slow');
    this.assertKnown(b, 'slow');
    assertLatency(latency, 'slow');
    const copy = { min: latency.min, max: latency.max };
    this.slowOneWay(a, b, copy);
    this.slowOneWay(b, a, copy);
    this.empty = false;
  }

  healAll(): void {
    this.groupOf = undefined;
    this.cuts.clear();
    this.blocks.clear();
    this.slowLinks.clear();
    this.empty = true;
  }

  /** The latency override between two nodes, if a slow link is set. */
  latencyOverride(from: string, to: string): LatencyRange | undefined {
    return this.slowLinks.get(from)?.get(to);
  }

  /**
   * What the faults do to a message from `from` to `to` on `port`/`protocol`.
   * A node's messages to itself are loopback traffic: no fault applies to
   * them (firewalld trusts `lo`, the usual iptables rules accept `-i lo`, and
   * SwarmKit's agent reaches its own manager in-process), so a rule on a
   * node's own port cuts it off from others, never from itself.
   */
  verdict(from: string, to: string, port: number, protocol: Protocol): Verdict {
    if (this.empty || from === to) return VERDICT_OK;
    const outRule = this.firstMatch(from, port, protocol, 'out');
    if (outRule !== undefined) return ruleVerdict(outRule);
    if (this.groupOf !== undefined) {
      const fromGroup = this.groupOf.get(from);
      if (fromGroup === undefined || fromGroup !== this.groupOf.get(to)) return VERDICT_PARTITION;
    }
    if (this.cuts.get(from)?.has(to) === true) return VERDICT_CUT;
    const inRule = this.firstMatch(to, port, protocol, 'in');
    if (inRule !== undefined) return ruleVerdict(inRule);
    return VERDICT_OK;
  }

  private firstMatch(node: string, port: number, protocol: Protocol, direction: 'in' | 'out'): BlockRule | undefined {
    const rules = this.blocks.get(node);
    if (rules === undefined) return undefined;
    for (const rule of rules) if (ruleMatches(rule, port, protocol, direction)) return rule;
    return undefined;
  }

  private slowOneWay(from: string, to: string, latency: LatencyRange): void {
    let links = this.slowLinks.get(from);
    if (links === undefined) this.slowLinks.set(from, (links = new Map()));
    links.set(to, latency);
  }
}
