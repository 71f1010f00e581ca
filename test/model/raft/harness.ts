/**
 * A tiny deterministic in-memory driver for the pure Raft machine, for tests
 * only: nodes, one FIFO message queue, partitions / one-way cuts / drops,
 * crashes with durable state kept, a seeded PRNG per node for election
 * timeouts, and every safety checker run after every call into the machine.
 */
import {
  type ConfChange,
  type Effect,
  type Message,
  type NodeId,
  type ProposeResult,
  type RaftConfig,
  type RaftPersistent,
  type RaftState,
  type StepResult,
  type TimeoutSource,
  campaignNow,
  checkAll,
  createNode,
  describeEffect,
  describeEntry,
  describeMessage,
  describeStatus,
  newRaftHistory,
  noteApplied,
  persistentOf,
  propose,
  proposeConfChange,
  raftConfig,
  recordStep,
  restart,
  status,
  step,
  takeSnapshot,
  tick,
  transferLeadership,
} from '../../../src/model/raft/index.js';

/** mulberry32: small, fast, good enough to draw timeouts in tests. */
export function prng(seed: number): TimeoutSource & { next(): number } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, intBelow: (n) => Math.floor(next() * n) };
}

function hashSeed(seed: number, id: string): number {
  let h = seed ^ 0x9e3779b9;
  for (const c of id) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

export interface SimNode {
  readonly id: NodeId;
  state: RaftState | undefined;
  persistent: RaftPersistent | undefined;
  random: TimeoutSource;
  /** The application: index of the last applied entry (snapshot restore or apply). */
  appIndex: number;
  appliedData: string[];
}

export class InvariantViolation extends Error {}

export class Cluster {
  readonly nodes = new Map<NodeId, SimNode>();
  readonly queue: Message[] = [];
  readonly history = newRaftHistory();
  readonly config: RaftConfig;
  /** Lines for transcripts; `verbose` also records every delivered message. */
  readonly output: string[] = [];
  verbose = true;
  private groups: NodeId[][] | undefined;
  private readonly cuts = new Set<string>();
  private readonly seed: number;

  constructor(options: { config?: Partial<RaftConfig>; seed?: number } = {}) {
    this.config = raftConfig(options.config);
    this.seed = options.seed ?? 1;
  }

  ids(): NodeId[] {
    return [...this.nodes.keys()].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  }

  up(): RaftState[] {
    return this.ids().flatMap((id) => this.nodes.get(id)?.state ?? []);
  }

  node(id: NodeId): SimNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  stateOf(id: NodeId): RaftState {
    const s = this.node(id).state;
    if (s === undefined) throw new Error(`node ${id} is down`);
    return s;
  }

  /** Add a node; `voters` is its initial configuration ([] to join an existing group). */
  add(id: NodeId, voters: readonly NodeId[]): void {
    const random = prng(hashSeed(this.seed, id));
    const n: SimNode = { id, state: undefined, persistent: undefined, random, appIndex: 0, appliedData: [] };
    this.nodes.set(id, n);
    this.run(n, () => createNode({ id, voters, config: this.config, random }));
  }

  /** Call the machine, feed its result through the effect contract, then check every invariant. */
  private run(n: SimNode, call: () => StepResult<RaftState>): StepResult<RaftState> {
    const before = n.state === undefined ? undefined : { term: n.state.term, vote: n.state.vote, commit: n.state.log.committed };
    const result = call();
    n.state = result.state;
    const firstSend = result.effects.findIndex((e) => e.kind === 'send');
    const persistAt = result.effects.findIndex((e) => e.kind === 'persist');
    const s = result.state;
    const hardChanged = before !== undefined && (before.term !== s.term || before.vote !== s.vote || before.commit !== s.log.committed);
    if (hardChanged && persistAt < 0) throw new InvariantViolation(`${n.id}: hard state changed without a persist effect`);
    if (persistAt >= 0 && firstSend >= 0 && persistAt > firstSend) throw new InvariantViolation(`${n.id}: send before persist`);
    let snapshotDue: number | undefined;
    for (const effect of result.effects) {
      if (effect.kind === 'snapshot-due') snapshotDue = effect.index;
      else this.perform(n, effect);
    }
    this.check();
    if (snapshotDue !== undefined) {
      // The application snapshots right away, as SwarmKit does after applying.
      this.output.push(`  ${n.id}: snapshot-due ${snapshotDue}`);
      this.run(n, () => takeSnapshot(s, `app@${s.log.applied}`));
    }
    return result;
  }

  private perform(n: SimNode, effect: Effect): void {
    switch (effect.kind) {
      case 'trace':
        this.output.push(`  ${n.id}: ${describeEffect(effect).slice('trace '.length)}`);
        return;
      case 'persist':
      case 'snapshot-due':
        return;
      case 'send':
        this.queue.push(effect.message);
        return;
      case 'restore':
        n.appIndex = effect.snapshot.index;
        this.output.push(`  ${n.id}: restore ${effect.snapshot.term}/${effect.snapshot.index}`);
        return;
      case 'apply':
        for (const e of effect.entries) {
          if (e.index !== n.appIndex + 1) throw new InvariantViolation(`${n.id} applied ${e.index} after ${n.appIndex}`);
          n.appIndex = e.index;
          if (e.kind === 'normal') n.appliedData.push(e.data);
        }
        noteApplied(this.history, n.id, effect.entries);
        this.output.push(`  ${n.id}: apply ${effect.entries.map(describeEntry).join(', ')}`);
        return;
    }
  }

  check(): void {
    const failures = checkAll(this.up(), this.history);
    if (failures.length > 0) throw new InvariantViolation(failures.map((f) => `${f.name}: ${f.detail}`).join('\n'));
    recordStep(this.history, this.up());
  }

  tick(id: NodeId): void {
    const n = this.node(id);
    const s = n.state;
    if (s !== undefined) this.run(n, () => tick(s));
  }

  tickAll(): void {
    for (const id of this.ids()) this.tick(id);
  }

  campaign(id: NodeId): void {
    const s = this.stateOf(id);
    this.run(this.node(id), () => campaignNow(s));
  }

  propose(id: NodeId, data: string): ProposeResult {
    const s = this.stateOf(id);
    let result: ProposeResult | undefined;
    this.run(this.node(id), () => {
      const r = propose(s, data);
      result = r.result;
      return r;
    });
    return result as ProposeResult;
  }

  proposeConf(id: NodeId, change: ConfChange): ProposeResult {
    const s = this.stateOf(id);
    let result: ProposeResult | undefined;
    this.run(this.node(id), () => {
      const r = proposeConfChange(s, change);
      result = r.result;
      return r;
    });
    return result as ProposeResult;
  }

  transfer(id: NodeId, to: NodeId): void {
    const s = this.stateOf(id);
    this.run(this.node(id), () => transferLeadership(s, to));
  }

  compact(id: NodeId): void {
    const s = this.stateOf(id);
    this.run(this.node(id), () => takeSnapshot(s, `app@${s.log.applied}`));
  }

  crash(id: NodeId): void {
    const n = this.node(id);
    if (n.state === undefined) return;
    n.persistent = persistentOf(n.state);
    n.state = undefined;
    n.appIndex = 0;
    n.appliedData = [];
  }

  restart(id: NodeId): void {
    const n = this.node(id);
    if (n.state !== undefined || n.persistent === undefined) return;
    const persistent = n.persistent;
    this.run(n, () => restart(persistent, { id, config: this.config, random: n.random }));
  }

  partition(groups: NodeId[][]): void {
    this.groups = groups;
  }

  cut(from: NodeId, to: NodeId): void {
    this.cuts.add(`${from}>${to}`);
  }

  heal(): void {
    this.groups = undefined;
    this.cuts.clear();
  }

  connected(from: NodeId, to: NodeId): boolean {
    if (this.cuts.has(`${from}>${to}`)) return false;
    if (this.groups === undefined) return true;
    const g = this.groups.find((group) => group.includes(from));
    return g !== undefined && g.includes(to);
  }

  /** Deliver the oldest queued message (or drop it on a cut link / down node). */
  deliverOne(): boolean {
    const m = this.queue.shift();
    if (m === undefined) return false;
    const target = this.nodes.get(m.to);
    if (target?.state === undefined || !this.connected(m.from, m.to)) {
      if (this.verbose) this.output.push(`${describeMessage(m)} DROPPED`);
      return true;
    }
    if (this.verbose) this.output.push(describeMessage(m));
    const s = target.state;
    this.run(target, () => step(s, m));
    return true;
  }

  /** Deliver until the queue is empty; fails loudly past `maxMessages`. */
  stabilize(maxMessages = 10_000): void {
    for (let i = 0; i < maxMessages; i += 1) if (!this.deliverOne()) return;
    throw new Error(`stabilize: more than ${maxMessages} messages`);
  }

  /** Drop every queued message (a lossy instant). */
  dropAll(): number {
    const n = this.queue.length;
    this.queue.length = 0;
    return n;
  }

  leaders(): RaftState[] {
    return this.up().filter((s) => s.role === 'leader');
  }

  statusLines(): string[] {
    return this.ids().map((id) => {
      const s = this.nodes.get(id)?.state;
      return s === undefined ? `${id} down` : describeStatus(status(s));
    });
  }
}
