/**
 * The swarm world on one kernel: every node registered with the kernel, a Raft
 * member on each manager, and the record of proposals a scenario made.
 * Workers exist as network endpoints; their agents come with the control plane.
 */
import type { Envelope, Sim } from '../sim/types.js';
import { type ClusterConfig, managerNames, nodeNames } from './cluster/config.js';
import { type Message, type ProposeResult, raftConfig } from './raft/index.js';
import { RaftChecks } from './raft-host/checks.js';
import { RAFT_PORT, RaftHost } from './raft-host/host.js';

export interface ProposalRecord {
  readonly n: number;
  readonly atUs: number;
  readonly on: string | undefined;
  readonly result: ProposeResult;
}

export interface WorldOptions {
  /** Run the Raft safety checks after every event (default true; benchmarks turn them off). */
  readonly checks?: boolean;
}

export class SwarmWorld {
  /** Managers in name order. */
  readonly managers: readonly RaftHost[];
  readonly nodeNames: readonly string[];
  readonly proposals: ProposalRecord[] = [];
  readonly checks: RaftChecks;
  private readonly byName = new Map<string, RaftHost>();

  constructor(
    readonly sim: Sim,
    readonly config: ClusterConfig,
    options: WorldOptions = {},
  ) {
    this.checks = new RaftChecks(options.checks ?? true);
    const managers = managerNames(config);
    const raft = raftConfig(config.raft ?? {});
    const listener = {
      onApplied: (host: RaftHost, entries: Parameters<RaftChecks['noteApplied']>[1]) => this.checks.noteApplied(host.id, entries),
      onChanged: () => this.checks.markDirty(),
    };
    this.managers = managers.map((id) => new RaftHost({ sim, id, voters: managers, config: raft, listener }));
    for (const host of this.managers) this.byName.set(host.id, host);
    this.nodeNames = nodeNames(config);
    for (const name of this.nodeNames) {
      const host = this.byName.get(name);
      sim.registerNode(name, {
        onMessage: (envelope: Envelope) => {
          if (host !== undefined && envelope.port === RAFT_PORT) host.onMessage(envelope.payload as Message);
        },
        onCrash: () => host?.onCrash(),
        onRestart: () => host?.onRestart(),
      });
    }
    sim.afterEvent(() => this.checks.afterEvent(this.liveRaftStates()));
  }

  /**
   * Form the group: every manager starts as a member of it, and manager-1
   * campaigns at once, as the manager that ran `docker swarm init` leads the
   * swarm it created.
   */
  start(): void {
    for (const host of this.managers) host.start();
    this.managers[0]?.campaign();
    this.settleFormation();
  }

  /**
   * Run the kernel until manager-1 leads and accepts writes (a few message
   * round trips), so a scenario's first step meets a formed swarm, as it would
   * after `docker swarm init` and the joins returned.
   */
  private settleFormation(): void {
    const first = this.managers[0];
    for (let events = 0; first !== undefined && first.status()?.ready !== true; events += 1) {
      if (events > 10_000 || !this.sim.step()) throw new Error('swarm formation did not settle');
    }
  }

  manager(name: string): RaftHost | undefined {
    return this.byName.get(name);
  }

  /** The leader of the highest term among live managers, if any. */
  leader(): RaftHost | undefined {
    let best: RaftHost | undefined;
    for (const host of this.managers) {
      const raft = host.raft;
      if (raft === undefined || raft.role !== 'leader') continue;
      if (best === undefined || raft.term > (best.raft?.term ?? 0)) best = host;
    }
    return best;
  }

  /** Propose one entry on `on`, or on the current leader when `on` is absent. */
  propose(on: string | undefined): ProposeResult {
    const n = this.proposals.length + 1;
    const host = on !== undefined ? this.byName.get(on) : this.leader();
    const result: ProposeResult =
      host === undefined
        ? { kind: 'dropped', reason: 'no leader', detail: on === undefined ? 'no manager is leader' : `${on} is not a manager` }
        : host.propose(`p${n}`);
    this.proposals.push({ n, atUs: this.sim.now, on: host?.id, result });
    const fields: [string, string | number][] = [['n', n], ['on', host?.id ?? '-'], ['result', result.kind]];
    if (result.kind === 'dropped') fields.push(['reason', result.reason]);
    else fields.push(['index', result.index], ['term', result.term]);
    this.sim.trace.emit({ kind: 'scenario.propose', fields });
    return result;
  }

  private liveRaftStates() {
    const states = [];
    for (const host of this.managers) if (host.raft !== undefined) states.push(host.raft);
    return states;
  }
}
