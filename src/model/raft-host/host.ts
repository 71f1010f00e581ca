/**
 * One manager's Raft, driven by the kernel: a tick timer every TICK_INTERVAL_US
 * (with a per-node phase drawn from the seeded stream, as real managers do not
 * tick in lockstep), messages on port 2377/tcp, and the effect contract of
 * src/model/raft/step.ts applied in order.
 *
 * Persistence: a Raft call is atomic and a crash can only happen between
 * kernel events, so the durable part of the live state *is* what is on disk.
 * A crash copies it (`persistentOf`) and drops everything else; a restart
 * rebuilds from that copy. The application (what proposals built) is volatile
 * and is rebuilt from the snapshot plus the committed entries Raft re-applies.
 */
import type { Micros, Rng, Sim, TimerId } from '../../sim/types.js';
import {
  type Entry,
  type Message,
  type ProposeResult,
  type RaftConfig,
  type RaftEvent,
  type RaftPersistent,
  type RaftState,
  type RaftStatus,
  type StepResult,
  TICK_INTERVAL_US,
  campaignNow,
  createNode,
  describeMessage,
  persistentOf,
  propose,
  restart,
  status,
  step,
  takeSnapshot,
  tick,
} from '../raft/index.js';

export const RAFT_PORT = 2377;

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
}

export interface RaftHostOptions {
  readonly sim: Sim;
  readonly id: string;
  readonly voters: readonly string[];
  readonly config: RaftConfig;
  readonly listener: RaftHostListener;
}

/** The application a manager builds from committed proposals (the store comes later). */
export interface AppliedState {
  /** Normal entries applied, in order of index. */
  proposals: number;
  /** Data of the last applied normal entry. */
  last: string;
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
  readonly app: AppliedState = { proposals: 0, last: '' };

  constructor(private readonly options: RaftHostOptions) {
    this.id = options.id;
    this.sim = options.sim;
    this.config = options.config;
    this.listener = options.listener;
    this.random = options.sim.rng.fork(`raft/${options.id}`);
    this.tickPhaseUs = options.sim.rng.fork(`raft-tick/${options.id}`).intBelow(TICK_INTERVAL_US) as Micros;
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
    if (this.state === undefined) return;
    this.run(step(this.state, message));
  }

  propose(data: string): ProposeResult {
    if (this.state === undefined) return { kind: 'dropped', reason: 'no leader', detail: 'node is down' };
    const result = propose(this.state, data);
    this.run(result);
    return result.result;
  }

  campaign(): void {
    if (this.state !== undefined) this.run(campaignNow(this.state));
  }

  onCrash(): void {
    if (this.state !== undefined) this.persistent = persistentOf(this.state);
    this.state = undefined;
    this.tickTimer = undefined; // the kernel cancelled it with the node's other timers
    this.app.proposals = 0;
    this.app.last = '';
    this.listener.onChanged(this);
  }

  onRestart(): void {
    if (this.persistent === undefined) throw new Error(`raft host ${this.id}: restart without a crash`);
    this.run(restart(this.persistent, { id: this.id, config: this.config, random: this.random }));
    this.persistent = undefined;
    this.armTick(this.tickPhaseUs);
  }

  private armTick(after: Micros): void {
    this.tickTimer = this.sim.schedule({ after, owner: this.id, label: 'raft/tick' }, () => {
      this.tickTimer = undefined;
      if (this.state === undefined) return;
      this.armTick(TICK_INTERVAL_US);
      this.run(tick(this.state));
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
      from: this.id,
      to: message.to,
      port: RAFT_PORT,
      protocol: 'tcp',
      payload: message,
      describe: describeMessage(message),
    });
  }

  private applyEntries(entries: readonly Entry[]): void {
    for (const entry of entries) {
      if (entry.kind !== 'normal') continue;
      this.app.proposals += 1;
      this.app.last = entry.data;
    }
    this.listener.onApplied(this, entries);
  }

  private snapshotData(): string {
    return `proposals=${this.app.proposals} last=${this.app.last}`;
  }

  private restoreApp(data: string): void {
    const match = /^proposals=(\d+) last=(.*)$/.exec(data);
    this.app.proposals = match === null ? 0 : Number(match[1]);
    this.app.last = match === null ? '' : (match[2] ?? '');
  }
}
