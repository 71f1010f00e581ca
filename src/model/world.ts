/**
 * The swarm world on one kernel: one Docker engine per node (src/model/engine),
 * a Raft member on each manager, the registries that stand for serialised
 * data (transactions, raft members), the seeded ID stream, and the records the
 * invariants need.
 *
 * Formation (`form: auto`, the default): at t=0 the swarm exists as if
 * manager-1 had run `docker swarm init` and every other engine had joined
 * through manager-1's address: the cluster and node objects are the store's
 * initial state on every manager, every manager is already a voter, manager-1
 * campaigns at once, agents start their sessions at once (so nodes turn Ready
 * within the first 100 ms batch after the first leader starts). `form: manual`
 * starts plain engines, not in a swarm.
 */
import type { Rng, Sim } from '../sim/types.js';
import { type ImageCatalogue, imageBehaviour } from './agent/images.js';
import { type ClusterConfig, type EngineConfig, engineConfigs } from './cluster/config.js';
import { bootFirewalld } from './firewall/firewalld.js';
import { newCaDigest, newId, newJoinToken } from './control/ids.js';
import { ControlChecks } from './control-checks.js';
import { ServiceChecks } from './service-checks.js';
import { Engine, type EngineWorld } from './engine/engine.js';
import type { RaftMember } from './manager/env.js';
import { type ProposeResult, type RaftConfig, raftConfig } from './raft/index.js';
import { RaftChecks } from './raft-host/checks.js';
import type { RaftHost, RaftHostListener } from './raft-host/host.js';
import { type Cluster, type ClusterSpec, DEFAULT_ADDRESS_POOL, DEFAULT_CLUSTER_SPEC, DEFAULT_DATA_PATH_PORT, DEFAULT_SUBNET_SIZE, type Node, type NodeAvailability, type StoreObjects } from './store/objects.js';
import { EMPTY_STORE, TransactionLog } from './store/store.js';
import { TaskTable } from './store/task-table.js';
import type { CliOutput } from './docker/errors.js';

/** How long formation may take before the run starts anyway. */
const SETTLE_LIMIT_US = 60_000_000;

export interface ProposalRecord {
  readonly n: number;
  readonly atUs: number;
  readonly on: string | undefined;
  readonly result: ProposeResult;
}

/** A command a `docker:` expectation started (commands/kinds.ts): when, and what it printed once it returned. */
export interface ExpectationRun {
  readonly startedUs: number;
  endedUs?: number;
  output?: CliOutput;
}

export interface WorldOptions {
  /** Run the safety checks after every event (default true; benchmarks turn them off). */
  readonly checks?: boolean;
  /** The scenario's `images:` table (default: every image pulls in 1 s and runs until stopped). */
  readonly images?: ImageCatalogue;
  /** The scenario's `files:` (compose files for `stack deploy -c`), by path. */
  readonly files?: Readonly<Record<string, string>>;
  /** Files next to the scenario, for a path `files:` does not give. */
  readonly readFile?: (path: string) => string | undefined;
}

/** What `swarm init` asked for, applied when the new leader creates the cluster object. */
export interface InitRequest {
  readonly spec: ClusterSpec;
  readonly availability: NodeAvailability;
  readonly unlockKey: string;
}

export class SwarmWorld implements EngineWorld {
  readonly engines: readonly Engine[];
  readonly nodeNames: readonly string[];
  readonly proposals: ProposalRecord[] = [];
  readonly checks: RaftChecks;
  readonly controlChecks: ControlChecks;
  readonly serviceChecks: ServiceChecks;
  readonly transactions = new TransactionLog();
  readonly ids: Rng;
  readonly images: ImageCatalogue;
  readonly files: Readonly<Record<string, string>>;
  private readonly readFile: ((path: string) => string | undefined) | undefined;
  /** Stack networks that exist (`<stack>_<name>`): networks are not store objects (docs/scheduling.md). */
  readonly stackNetworks = new Set<string>();
  readonly raftConfig: RaftConfig;
  readonly raftListener: RaftHostListener;
  readonly pendingInits = new Map<string, InitRequest>();
  /** Commands started by `docker:` expectations, per expectation step (see commands/kinds.ts). */
  readonly expectationRuns = new WeakMap<object, ExpectationRun>();
  /** The store every Raft member starts from (a formed swarm's objects; empty for form: manual). */
  genesisStore: StoreObjects = EMPTY_STORE;
  private readonly byName = new Map<string, Engine>();
  private readonly byAddress = new Map<string, string>();
  private readonly members = new Map<string, RaftMember>();
  private readonly raftIncarnations = new Map<string, number>();

  constructor(
    readonly sim: Sim,
    readonly config: ClusterConfig,
    options: WorldOptions = {},
  ) {
    const enabled = options.checks ?? true;
    this.checks = new RaftChecks(enabled);
    this.controlChecks = new ControlChecks(this, enabled);
    this.serviceChecks = new ServiceChecks(this, enabled);
    this.ids = sim.rng.fork('ids');
    this.images = options.images ?? new Map();
    this.files = options.files ?? {};
    this.readFile = options.readFile;
    this.raftConfig = raftConfig(config.raft ?? {});
    this.raftListener = {
      onApplied: (host, entries) => {
        this.checks.noteApplied(host.id, entries);
        this.controlChecks.noteApplied(host);
      },
      onChanged: (host) => {
        this.checks.markDirty();
        this.byName.get(host.node)?.onRaftChanged();
      },
      onEntryApplied: (host, index, term) => this.byName.get(host.node)?.onEntryApplied(index, term),
    };
    const configs = engineConfigs(config);
    this.engines = configs.map((engineConfig) => new Engine(this, engineConfig));
    this.nodeNames = configs.map((c) => c.hostname);
    for (const engine of this.engines) {
      this.byName.set(engine.hostname, engine);
      this.byAddress.set(engine.address, engine.hostname);
      sim.registerNode(engine.hostname, {
        onMessage: (envelope) => engine.onMessage(envelope),
        onCrash: () => engine.onCrash(),
        onRestart: () => engine.onRestart(),
      });
      if (engine.config.firewall === 'firewalld') bootFirewalld(this, engine.hostname);
    }
    // Without checks nothing needs to look at the cluster after each event (benchmarks).
    if (enabled) {
      sim.afterEvent(() => {
        this.checks.afterEvent(this.liveRaftStates());
        this.controlChecks.afterEvent();
        this.serviceChecks.afterEvent();
      });
    }
  }

  /** Form the swarm (form: auto), or leave the engines outside any swarm (form: manual). */
  start(): void {
    if ((this.config.form ?? 'auto') === 'manual') return;
    const configs = this.engines.map((engine) => engine.config);
    const managers = this.engines.filter((engine) => engine.config.role === 'manager');
    const genesis = this.genesis(configs);
    this.genesisStore = genesis;
    const voters = managers.map((engine) => engine.hostname);
    const first = managers[0] as Engine;
    for (const engine of managers) {
      this.members.set(engine.hostname, { raftId: engine.hostname, nodeId: engine.membership.nodeId, hostname: engine.hostname, addr: `${engine.address}:2377` });
      this.raftIncarnations.set(engine.hostname, 1);
      engine.raftJoined = true;
      engine.startRaft(engine.hostname, voters, genesis);
    }
    for (const engine of this.engines) engine.startAgent(first.hostname);
    first.raft?.campaign();
    this.settleFormation();
  }

  /**
   * Run the kernel until a manager (manager-1, unless messages were lost)
   * leads with its leader components started and every agent has a session
   * (every node Ready), so a scenario's first step meets a formed swarm, as it
   * would after `docker swarm init` and the joins returned. Bounded by
   * SETTLE_LIMIT_US of simulated time: on a lossy network the run simply
   * starts earlier.
   */
  private settleFormation(): void {
    const limit = this.sim.now + SETTLE_LIMIT_US;
    const managers = this.engines.filter((engine) => engine.config.role === 'manager');
    let connected = 0; // engines[0..connected) have a session (checked incrementally: 2,000 workers)
    while (this.sim.now < limit) {
      while (connected < this.engines.length && this.engines[connected]?.agent.state === 'connected') connected++;
      if (connected === this.engines.length && managers.some((engine) => engine.leadership !== undefined)) return;
      if (!this.sim.step()) return;
    }
  }

  private genesis(configs: readonly EngineConfig[]): StoreObjects {
    const digest = newCaDigest(this.ids);
    const cluster = this.newCluster(digest, DEFAULT_CLUSTER_SPEC, '');
    const nodes: Record<string, Node> = {};
    for (const engine of this.engines) {
      const id = newId(this.ids);
      const role = engine.config.role;
      engine.membership = { state: 'active', nodeId: id, clusterId: cluster.id, role, error: '', addr: engine.address };
      nodes[id] = {
        id,
        version: 0,
        createdAt: this.sim.now,
        updatedAt: this.sim.now,
        spec: { labels: engine.config.labels, role, availability: engine.config.availability },
        role,
        status: { state: 'unknown', message: '', addr: '' },
      };
    }
    void configs;
    return { cluster, nodes, services: {}, tasks: TaskTable.EMPTY };
  }

  newCluster(digest: string, spec: ClusterSpec, unlockKey: string): Cluster {
    return {
      id: newId(this.ids),
      version: 0,
      createdAt: this.sim.now,
      updatedAt: this.sim.now,
      name: 'default',
      spec,
      rootCaDigest: digest,
      joinTokens: { worker: newJoinToken(this.ids, digest), manager: newJoinToken(this.ids, digest) },
      defaultAddressPool: DEFAULT_ADDRESS_POOL,
      subnetSize: DEFAULT_SUBNET_SIZE,
      dataPathPort: DEFAULT_DATA_PATH_PORT,
      rootRotationInProgress: false,
      unlockKey,
    };
  }

  /** Is the image marked `pull: fail` in the scenario's table? */
  imageUnpullable(ref: string): boolean {
    return imageBehaviour(this.images, ref).pull === 'fail';
  }

  // ---- EngineWorld ----

  /** A file a command names: the scenario's `files:` first, then a file next to the scenario. */
  fileText(path: string): string | undefined {
    return this.files[path] ?? this.readFile?.(path);
  }

  engine(hostname: string): Engine | undefined {
    return this.byName.get(hostname);
  }

  engineOfNode(nodeId: string): string | undefined {
    for (const engine of this.engines) if (engine.membership.nodeId === nodeId && nodeId !== '') return engine.hostname;
    return undefined;
  }

  member(raftId: string): RaftMember | undefined {
    return this.members.get(raftId);
  }

  addMember(member: RaftMember): void {
    this.members.set(member.raftId, member);
  }

  newRaftId(hostname: string): string {
    const n = (this.raftIncarnations.get(hostname) ?? 0) + 1;
    this.raftIncarnations.set(hostname, n);
    return n === 1 ? hostname : `${hostname}#${n}`;
  }

  engineByAddress(ip: string): string | undefined {
    return this.byAddress.get(ip);
  }

  addressOf(hostname: string): string {
    return this.byName.get(hostname)?.address ?? '';
  }

  noteHeartbeat(nodeId: string, by: string): void {
    this.controlChecks.noteHeartbeat(nodeId, by);
  }

  noteMarkedDown(nodeId: string, graceUs: number, by: string): void {
    this.controlChecks.noteMarkedDown(nodeId, graceUs, by);
  }

  onLeadershipStarted(engine: Engine): void {
    const raft = engine.raft;
    const leadership = engine.leadership;
    if (raft === undefined || leadership === undefined || raft.app.store.cluster !== undefined) return;
    const init = this.pendingInits.get(engine.hostname);
    if (init === undefined) return;
    const cluster = this.newCluster(newCaDigest(this.ids), init.spec, init.unlockKey);
    engine.membership.clusterId = cluster.id;
    const node: Node = {
      id: engine.membership.nodeId,
      version: 0,
      createdAt: this.sim.now,
      updatedAt: this.sim.now,
      spec: { labels: engine.config.labels, role: 'manager', availability: init.availability },
      role: 'manager',
      status: { state: 'unknown', message: '', addr: '' },
    };
    leadership.control.write('init', [{ kind: 'put-cluster', cluster }, { kind: 'put-node', node }], () => undefined);
  }

  // ---- Raft views (scenario kinds, bench, tests) ----

  /** Raft members of managers, in engine order (crashed ones included, stopped ones not). */
  get managers(): readonly RaftHost[] {
    const hosts: RaftHost[] = [];
    for (const engine of this.engines) if (engine.raft !== undefined) hosts.push(engine.raft);
    return hosts;
  }

  manager(name: string): RaftHost | undefined {
    return this.byName.get(name)?.raft;
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

  /** Propose one bare entry on `on`, or on the current leader when `on` is absent. */
  propose(on: string | undefined): ProposeResult {
    const n = this.proposals.length + 1;
    const host = on !== undefined ? this.manager(on) : this.leader();
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
