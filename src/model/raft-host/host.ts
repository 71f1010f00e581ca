/**
 * One manager's Raft, driven by the kernel: a tick timer every TICK_INTERVAL_US
 * (with a per-node phase drawn from the seeded stream, as real managers do not
 * tick in lockstep), messages on port 2377/tcp, and the effect contract of
 * src/model/raft/step.ts applied in order.
 *
 * Persistence: a Raft call is atomic and a crash can only happen between
 * kernel events, so the durable part of the live state *is* what is on disk.
 * A crash copies it (`persistentOf`) and drops everything else; a restart
 * rebuilds from that copy. The application (the store, plus a count of the
 * scenario's bare proposals) is volatile and is rebuilt from the snapshot plus
 * the committed entries Raft re-applies.
 *
 * Raft ids: a manager's first membership uses its hostname; a later one (after
 * it was removed and promoted again) `hostname#k`, as SwarmKit never reuses a
 * raft ID. `hostOf(id)` maps back to the kernel node. The host also keeps
 * what SwarmKit's transport knows of each peer (`lastHeardUs`: a peer is
 * Active when heard from within the 2 s send watchdog) and the leaderless tick
 * count the request proxy uses (§1.4).
 */
import type { Micros, Rng, Sim, TimerId } from '../../sim/types.js';
import type { StoreObjects } from '../store/objects.js';
import { EMPTY_STORE, TransactionLog, applyTransaction } from '../store/store.js';
import {
  type ConfChange,
  type Entry,
  type Message,
  type ProposeResult,
  type RaftConfig,
  type RaftEvent,
  type RaftPersistent,
  type RaftState,
  type RaftStatus,
  type Snapshot,
  type StepResult,
  TICK_INTERVAL_US,
  campaignNow,
  createNode,
  describeMessage,
  persistentOf,
  propose,
  proposeConfChange,
  restart,
  status,
  step,
  takeSnapshot,
  tick,
  transferLeadership,
} from '../raft/index.js';
import { termAt } from '../raft/log.js';

export const RAFT_PORT = 2377;
/** SwarmKit's peer send watchdog: a peer not heard from for this long counts as inactive. */
export const PEER_ACTIVE_US = 2_000_000;

/** The kernel node a raft id lives on (`manager-2#2` → `manager-2`). */
export function hostOf(raftId: string): string {
  const hash = raftId.indexOf('#');
  return hash < 0 ? raftId : raftId.slice(0, hash);
}

type Fields = RaftEvent['fields'];

/** The trace reserves `node` for the node that emits a line; a Raft event naming a member says `member`. */
function traceFields(fields: Fields): Fields {
  return fields.some(([key]) => key === 'node') ? fields.map(([key, value]) => [key === 'node' ? 'member' : key, value] as const) : fields;
}

/** What a manager's Raft feeds to the rest of the model. */
export interface RaftHostListener {
  /** Committed entries applied on `host`, in index order. */
  onApplied(host: RaftHost, entries: readonly Entry[]): void;
  /** Something in this host's Raft state may have changed (for the invariant checks). */
  onChanged(host: RaftHost): void;
  /** One store transaction or conf change applied (after the store changed), in index order. */
  onEntryApplied?(host: RaftHost, index: number, term: number): void;
}

export interface RaftHostOptions {
  readonly sim: Sim;
  readonly id: string;
  readonly voters: readonly string[];
  readonly config: RaftConfig;
  readonly listener: RaftHostListener;
  /** The kernel node this member runs on (default: `hostOf(id)`). */
  readonly node?: string;
  /** Where `tx:<n>` entries and `snap:<n>` snapshot data are kept (default: a private log). */
  readonly transactions?: TransactionLog;
  /** The application state at index 0 (a formed swarm's initial objects; default empty). */
  readonly genesis?: StoreObjects;
}

/** The application a manager builds from committed entries. */
export interface AppliedState {
  /** Bare proposals (the `propose` step's entries, not store transactions) applied. */
  proposals: number;
  /** Data of the last applied bare proposal. */
  last: string;
  /** The cluster objects. */
  store: StoreObjects;
  /** Index of the last applied entry of any kind. */
  index: number;
}


export class RaftHost {
  readonly id: string;
  private readonly sim: Sim;
  private readonly config: RaftConfig;
  private readonly listener: RaftHostListener;
  private readonly random: Rng;
  private readonly tickPhaseUs: Micros;
  private state: RaftState | undefined;
  private persistent: RaftPersistent | undefined;
  private tickTimer: TimerId | undefined;
  private readonly genesis: StoreObjects;
  readonly node: string;
  readonly app: AppliedState;
  /** Leader's transport view: last time each peer was heard from. */
  readonly lastHeardUs = new Map<string, number>();
  /** Ticks in a row without a known leader (SwarmKit's ticksWithNoLeader). */
  ticksWithNoLeader = 0;
  /** Raft ids this member no longer talks to (dropped by `forceNewCluster`): their messages are ignored, as SwarmKit's removed list does. */
  readonly removed = new Set<string>();
  private readonly transactions: TransactionLog;
  private stopped = false;

  constructor(private readonly options: RaftHostOptions) {
    this.id = options.id;
    this.node = options.node ?? hostOf(options.id);
    this.genesis = options.genesis ?? EMPTY_STORE;
    this.app = { proposals: 0, last: '', store: this.genesis, index: 0 };
    this.transactions = options.transactions ?? new TransactionLog();
    this.sim = options.sim;
    this.config = options.config;
    this.listener = options.listener;
    this.random = options.sim.rng.fork(`raft/${options.id}`);
    this.tickPhaseUs = options.sim.rng.fork(`raft-tick/${options.id}`).intBelow(TICK_INTERVAL_US) as Micros;
  }

  /** Is the peer Active in this host's transport (heard from within the watchdog)? */
  peerActive(peer: string): boolean {
    if (peer === this.id) return true;
    const heard = this.lastHeardUs.get(peer);
    return heard !== undefined && this.sim.now - heard <= PEER_ACTIVE_US;
  }

  /** A caught-up leader: SwarmKit's signalled leadership (proposals accepted, leader components run). */
  get readyLeader(): boolean {
    return this.state !== undefined && this.state.role === 'leader' && this.state.caughtUp;
  }

  /** Stop for good (manager removed, demoted or left): no state survives. */
  stop(): void {
    if (this.tickTimer !== undefined) this.sim.cancel(this.tickTimer);
    this.tickTimer = undefined;
    this.state = undefined;
    this.persistent = undefined;
    this.stopped = true;
    this.listener.onChanged(this);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Start a brand-new member (the group is formed with `voters`). */
  start(): void {
    this.run(createNode({ id: this.id, config: this.config, random: this.random, voters: this.options.voters }));
    this.armTick(this.tickPhaseUs);
  }

  get up(): boolean {
    return this.state !== undefined;
  }

  /** The live Raft state (undefined while crashed). Read-only for callers. */
  get raft(): Readonly<RaftState> | undefined {
    return this.state;
  }

  status(): RaftStatus | undefined {
    return this.state === undefined ? undefined : status(this.state);
  }

  /** The durable state: live, or as it was at the crash. */
  durable(): RaftPersistent | undefined {
    return this.state !== undefined ? persistentOf(this.state) : this.persistent;
  }

  onMessage(message: Message): void {
    if (this.state === undefined || this.removed.has(message.from)) return;
    this.lastHeardUs.set(message.from, this.sim.now);
    this.run(step(this.state, message));
  }

  propose(data: string): ProposeResult {
    if (this.state === undefined) return { kind: 'dropped', reason: 'no leader', detail: 'node is down' };
    const result = propose(this.state, data);
    this.run(result);
    return result.result;
  }

  proposeConfChange(change: ConfChange): ProposeResult {
    if (this.state === undefined) return { kind: 'dropped', reason: 'no leader', detail: 'node is down' };
    const result = proposeConfChange(this.state, change);
    this.run(result);
    return result.result;
  }

  transfer(to: string): void {
    if (this.state !== undefined) this.run(transferLeadership(this.state, to));
  }

  campaign(): void {
    if (this.state !== undefined) this.run(campaignNow(this.state));
  }

  onCrash(): void {
    if (this.state !== undefined) this.persistent = persistentOf(this.state);
    this.state = undefined;
    this.tickTimer = undefined; // the kernel cancelled it with the node's other timers
    this.resetApp();
    this.lastHeardUs.clear();
    this.ticksWithNoLeader = 0;
    this.listener.onChanged(this);
  }

  onRestart(): void {
    if (this.persistent === undefined) throw new Error(`raft host ${this.id}: restart without a crash`);
    this.run(restart(this.persistent, { id: this.id, config: this.config, random: this.random }));
    this.persistent = undefined;
    this.armTick(this.tickPhaseUs);
  }

  /**
   * `docker swarm init --force-new-cluster` (SwarmKit `storage.go#loadAndStart`
   * with forceNewCluster): keep what was applied, drop uncommitted entries,
   * and restart as the only voter; every other voter is removed (and its
   * messages ignored from now on). The applied state becomes a snapshot with
   * the new configuration, so indexes keep growing from where they were.
   * Returns the removed raft ids.
   */
  forceNewCluster(): string[] {
    const state = this.state;
    if (state === undefined) throw new Error(`raft host ${this.id}: force-new-cluster while down`);
    const index = this.app.index;
    const term = termAt(state.log, index) ?? state.log.snapshot.term;
    const removed = state.voters.filter((voter) => voter !== this.id);
    const snapshot: Snapshot = { index, term, voters: [this.id], data: this.snapshotData() };
    this.persistent = { hardState: { term: state.term, vote: state.vote, commit: index }, snapshot, base: { index, term }, entries: [] };
    for (const voter of removed) this.removed.add(voter);
    if (this.tickTimer !== undefined) this.sim.cancel(this.tickTimer);
    this.tickTimer = undefined;
    this.state = undefined;
    this.resetApp();
    this.lastHeardUs.clear();
    this.ticksWithNoLeader = 0;
    this.onRestart();
    return removed;
  }

  private armTick(after: Micros): void {
    this.tickTimer = this.sim.schedule({ after, owner: this.node, label: 'raft/tick' }, () => {
      this.tickTimer = undefined;
      if (this.state === undefined) return;
      this.armTick(TICK_INTERVAL_US);
      this.run(tick(this.state));
      if (this.state === undefined) return;
      this.ticksWithNoLeader = this.state.leader === undefined ? this.ticksWithNoLeader + 1 : 0;
    });
  }

  /** Apply a step's effects in the contract's order. */
  private run(result: StepResult<RaftState>): void {
    this.state = result.state;
    let snapshotDue = false;
    for (const effect of result.effects) {
      switch (effect.kind) {
        case 'trace':
          this.sim.trace.emit({ kind: effect.event.name, node: this.id, fields: traceFields(effect.event.fields) });
          break;
        case 'persist':
          break; // the live state's durable part is on disk once the call returns (see the header)
        case 'send':
          this.send(effect.message);
          break;
        case 'restore':
          this.restoreApp(effect.snapshot.data);
          this.app.index = effect.snapshot.index;
          break;
        case 'apply':
          this.applyEntries(effect.entries);
          break;
        case 'snapshot-due':
          snapshotDue = true;
          break;
      }
    }
    this.listener.onChanged(this);
    if (snapshotDue && this.state !== undefined) this.run(takeSnapshot(this.state, this.snapshotData()));
  }

  private send(message: Message): void {
    this.sim.net.send({
      from: this.node,
      to: hostOf(message.to),
      port: RAFT_PORT,
      protocol: 'tcp',
      payload: message,
      describe: describeMessage,
    });
  }

  private applyEntries(entries: readonly Entry[]): void {
    const app = this.app;
    const applied: [number, number][] = [];
    for (const entry of entries) {
      app.index = entry.index;
      if (entry.kind === 'conf') applied.push([entry.index, entry.term]);
      if (entry.kind !== 'normal') continue;
      const tx = this.transactions.get(entry.data);
      if (tx !== undefined) {
        app.store = applyTransaction(app.store, tx, entry.index);
        applied.push([entry.index, entry.term]);
      } else {
        app.proposals += 1;
        app.last = entry.data;
      }
    }
    this.listener.onApplied(this, entries);
    const hook = this.listener.onEntryApplied;
    if (hook !== undefined) for (const [index, term] of applied) hook(this, index, term);
  }

  private resetApp(): void {
    this.app.proposals = 0;
    this.app.last = '';
    this.app.store = this.genesis;
    this.app.index = 0;
  }

  private snapshotData(): string {
    return this.transactions.saveSnapshot({ proposals: this.app.proposals, last: this.app.last, store: this.app.store });
  }

  private restoreApp(data: string): void {
    const saved = this.transactions.loadSnapshot(data);
    this.resetApp();
    if (saved === undefined) return;
    this.app.proposals = saved.proposals;
    this.app.last = saved.last;
    this.app.store = saved.store;
  }
}
