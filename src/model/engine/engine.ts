/**
 * One simulated Docker engine (a kernel node): identity (hostname, address,
 * engine version, labels, resources), its swarm membership (LocalNodeState,
 * node ID, role), its agent, and on managers its Raft member plus, while it
 * leads, the leader-only components (control, dispatcher, role manager).
 *
 * Messages on 2377: Raft messages go to the Raft member they name; requests
 * are served here when this engine leads, relayed to the leader when it is a
 * manager that knows one (SwarmKit's raft proxy), refused otherwise. An RPC's
 * response travels back on the caller's own connection (the caller's
 * ephemeral port, `RPC_REPLY_PORT`), so inbound port rules on the caller do
 * not apply to it (an established connection); a cut or a partition does.
 * Persistence: the swarm membership and the Raft durable state survive a
 * crash or a daemon stop; the agent, relays, pending calls and leader
 * components do not. A stop (`stopDaemon`) differs from a crash in what the
 * containers show (stopped: Exited (0); killed: Exited (255)). A manager of an
 * autolocked swarm comes back locked (membership `locked`, nothing running)
 * until `unlock()`.
 */
import type { Envelope, Rng, TimerId } from '../../sim/types.js';
import type { EngineConfig } from '../cluster/config.js';
import { Control } from '../manager/control.js';
import { Dispatcher } from '../manager/dispatcher.js';
import type { LeaderEnv, WorldServices } from '../manager/env.js';
import { RoleManager } from '../manager/role-manager.js';
import type { Message, RaftConfig } from '../raft/index.js';
import { RAFT_PORT, RaftHost, type RaftHostListener, hostOf } from '../raft-host/host.js';
import type { LocalNodeState, NodeDescription, NodeRole, StoreObjects } from '../store/objects.js';
import { Agent } from './agent.js';
import { TaskRunner } from './tasks.js';
import type { ImageCatalogue } from '../agent/images.js';
import { ServiceComponents } from '../manager/services.js';
import { type Request, type Response, type RpcPayload, describeRequestPayload, describeResponsePayload, isRpc } from './rpc.js';

export interface Membership {
  state: LocalNodeState;
  nodeId: string;
  clusterId: string;
  /** The role this engine runs as (a manager has a Raft member). */
  role: NodeRole;
  /** `docker info` Error line. */
  error: string;
  /** Advertise IP. */
  addr: string;
}

export interface Leadership {
  readonly control: Control;
  readonly dispatcher: Dispatcher;
  readonly roleManager: RoleManager;
  /** Allocator, orchestrators, scheduler and reaper (manager/services.ts). */
  readonly services: ServiceComponents;
}

export interface EngineWorld extends WorldServices {
  readonly raftConfig: RaftConfig;
  readonly raftListener: RaftHostListener;
  readonly genesisStore: StoreObjects;
  /** The scenario's `images:` table. */
  readonly images: ImageCatalogue;
  engine(hostname: string): Engine | undefined;
  engineOfNode(nodeId: string): string | undefined;
  /** The first leader of a new swarm creates the cluster and its own node object (manager.go#becomeLeader). */
  onLeadershipStarted(engine: Engine): void;
}

/** The caller's side of an RPC connection: responses arrive here, never on 2377. */
export const RPC_REPLY_PORT = 32768;

interface PendingCall {
  readonly reply: (response: Response) => void;
  readonly timer: TimerId;
}

export class Engine {
  readonly hostname: string;
  readonly address: string;
  readonly agent: Agent;
  /** The node's containers: the agent core's driver (engine/tasks.ts). */
  readonly tasks: TaskRunner;
  membership: Membership;
  raft: RaftHost | undefined;
  /** The Raft member has joined the group (control API serving). */
  raftJoined = false;
  leadership: Leadership | undefined;
  private readonly calls = new Map<number, PendingCall>();
  private readonly relays = new Map<number, { to: string; id: number }>();
  private nextCall = 1;
  /** `swarm join` commands started on this engine (names each join's tries, see Control.join). */
  joins = 0;
  private readonly sessionWaiters: (() => void)[] = [];
  /** Why the daemon is down: `crash` (a fault) or `stop` (systemctl stop docker); undefined while it runs. */
  downBy: 'crash' | 'stop' | undefined;
  /**
   * The unlock key this manager's encrypted state needs (autolock was on when
   * the daemon went down; '' otherwise). A manager restarted with one is
   * locked: nothing of the swarm node runs until `docker swarm unlock`.
   */
  lockKey = '';
  private stopping = false;
  private readonly leaderRng: Rng;
  private leaderCheck: TimerId | undefined;

  constructor(
    readonly world: EngineWorld,
    readonly config: EngineConfig,
  ) {
    this.hostname = config.hostname;
    this.address = config.address;
    this.membership = { state: 'inactive', nodeId: '', clusterId: '', role: 'worker', error: '', addr: '' };
    this.leaderRng = world.sim.rng.fork(`dispatcher/${config.hostname}`);
    this.agent = new Agent(
      {
        sim: world.sim,
        hostname: this.hostname,
        nodeId: () => this.membership.nodeId,
        call: (to, body, timeoutUs, reply) => this.call(to, body, timeoutUs, reply),
        onRole: (role) => this.onRole(role),
        onSession: () => this.onSession(),
      },
      world.sim.rng.fork(`agent/${config.hostname}`),
    );
    this.tasks = new TaskRunner({
      sim: world.sim,
      hostname: this.hostname,
      images: world.images,
      nodeId: () => this.membership.nodeId,
      manager: () => (this.agent.state === 'connected' ? this.agent.current : undefined),
      call: (to, body, timeoutUs, reply) => this.call(to, body, timeoutUs, reply),
    });
  }

  get up(): boolean {
    return this.world.sim.isUp(this.hostname);
  }

  description(): NodeDescription {
    return {
      hostname: this.hostname,
      platform: { os: this.config.platform.os, architecture: this.config.platform.architecture },
      resources: { nanoCPUs: this.config.nanoCPUs, memoryBytes: this.config.memoryBytes },
      engine: { engineVersion: this.config.engineVersion, labels: this.config.engineLabels },
    };
  }

  // ---- kernel handlers ----

  onMessage(envelope: Envelope): void {
    const payload = envelope.payload;
    if (envelope.port === RPC_REPLY_PORT) {
      // Answers, and the dispatcher's assignment pushes on the agent's session stream.
      if (isRpc(payload) && payload.rpc !== 'req') this.onRpc(envelope.from, payload);
      return;
    }
    if (envelope.port !== RAFT_PORT) return;
    if (isRpc(payload)) return payload.rpc === 'req' ? this.onRpc(envelope.from, payload) : undefined;
    const message = payload as Message;
    if (this.raft !== undefined && message.to === this.raft.id) this.raft.onMessage(message);
  }

  onCrash(): void {
    this.downBy = this.stopping ? 'stop' : 'crash';
    if (this.membership.state !== 'locked') this.lockKey = this.autolockKey();
    this.stopLeadership();
    this.raft?.onCrash();
    this.agent.onCrash();
    // A clean stop stops the containers (they exit on the stop signal); a crash kills them.
    this.tasks.onCrash(this.stopping ? 0 : 255);
    this.calls.clear();
    this.relays.clear();
    this.leaderCheck = undefined;
    this.sessionWaiters.length = 0;
  }

  onRestart(): void {
    this.downBy = undefined;
    const m = this.membership;
    if (m.state === 'locked' || (m.state === 'active' && m.role === 'manager' && this.lockKey !== '')) {
      this.membership.state = 'locked';
      this.world.sim.trace.emit({ kind: 'swarm.locked', node: this.hostname, fields: [] });
      return;
    }
    this.startSwarmNode();
  }

  /** The swarm node starts: the Raft member from its durable state, then the agent. */
  private startSwarmNode(): void {
    if (this.raft !== undefined && !this.raft.isStopped) this.raft.onRestart();
    if (this.membership.state === 'active') this.startAgent();
  }

  /** `systemctl stop docker`: the daemon shuts the swarm node down and stops its containers, then exits. */
  stopDaemon(): void {
    this.stopping = true;
    try {
      this.world.sim.crash(this.hostname);
    } finally {
      this.stopping = false;
    }
  }

  /** The unlock key a manager's state is encrypted with now ('' when autolock is off). */
  private autolockKey(): string {
    if (this.membership.role !== 'manager') return '';
    const cluster = this.raft?.app.store.cluster;
    return cluster !== undefined && cluster.spec.encryption.autoLockManagers ? cluster.unlockKey : '';
  }

  /** `docker swarm unlock` with the right key: the locked manager starts. */
  unlock(): void {
    if (this.membership.state !== 'locked') return;
    this.membership.state = 'active';
    this.lockKey = '';
    this.world.sim.trace.emit({ kind: 'swarm.unlocked', node: this.hostname, fields: [] });
    this.startSwarmNode();
  }

  // ---- RPC ----

  call(to: string, body: Request, timeoutUs: number, reply: (response: Response) => void): void {
    const sim = this.world.sim;
    const id = this.nextCall++;
    const timer = sim.schedule({ after: timeoutUs as never, owner: this.hostname, label: 'rpc/timeout' }, () => {
      if (this.calls.delete(id)) reply({ kind: 'error', text: 'timeout', retry: true });
    });
    this.calls.set(id, { reply, timer });
    const sent = sim.net.send({ from: this.hostname, to, port: RAFT_PORT, protocol: 'tcp', payload: { rpc: 'req', id, body }, describe: describeRequestPayload });
    if (sent.kind === 'rejected') {
      this.calls.delete(id);
      sim.cancel(timer);
      sim.schedule({ after: 0 as never, owner: this.hostname, label: 'rpc/rejected' }, () => reply({ kind: 'error', text: 'rejected', retry: true }));
    }
  }

  private respond(to: string, id: number, body: Response): void {
    this.world.sim.net.send({ from: this.hostname, to, port: RPC_REPLY_PORT, protocol: 'tcp', payload: { rpc: 'resp', id, body }, describe: describeResponsePayload });
  }

  private onRpc(from: string, payload: RpcPayload): void {
    if (payload.rpc === 'push') {
      if (this.membership.state === 'active') this.tasks.onAssignments(payload.stamp, payload.tasks);
      return;
    }
    if (payload.rpc === 'managers') {
      if (this.membership.state === 'active') this.agent.learnManagers(payload.managers);
      return;
    }
    if (payload.rpc === 'resp') {
      const relay = this.relays.get(payload.id);
      if (relay !== undefined) {
        this.relays.delete(payload.id);
        return this.respond(relay.to, relay.id, payload.body);
      }
      const call = this.calls.get(payload.id);
      if (call === undefined) return;
      this.calls.delete(payload.id);
      this.world.sim.cancel(call.timer);
      return call.reply(payload.body);
    }
    this.serve(from, payload.id, payload.body);
  }

  private serve(from: string, id: number, body: Request): void {
    if (this.membership.role !== 'manager' || this.raft === undefined || !this.raft.up) {
      return this.respond(from, id, { kind: 'error', text: 'connection refused', retry: true });
    }
    const leadership = this.leadership;
    // The hot path (every node heartbeats every ~5 s): answered at once, no reply closure.
    if (leadership !== undefined && body.kind === 'heartbeat') return this.respond(from, id, leadership.dispatcher.heartbeat(body.nodeId, body.sessionId));
    const reply = (response: Response): void => this.respond(from, id, response);
    if (leadership !== undefined) return this.serveLocally(leadership, from, body, reply);
    const leader = this.raft.raft?.leader;
    if (leader === undefined || leader === this.raft.id) return reply({ kind: 'error', text: 'no leader', retry: true });
    const relayId = this.nextCall++;
    this.relays.set(relayId, { to: from, id });
    this.world.sim.net.send({ from: this.hostname, to: hostOf(leader), port: RAFT_PORT, protocol: 'tcp', payload: { rpc: 'req', id: relayId, body }, describe: describeRequestPayload });
  }

  private serveLocally(leadership: Leadership, from: string, body: Request, reply: (response: Response) => void): void {
    switch (body.kind) {
      case 'join':
        return leadership.control.join(body, reply);
      case 'raft-join':
        return leadership.control.raftJoin({ nodeId: body.nodeId, raftId: body.raftId, hostname: hostOf(body.raftId) }, reply);
      case 'session': {
        const engine = this.world.engine(this.originOf(from, body.nodeId));
        const description = engine?.description() ?? this.description();
        return leadership.dispatcher.session({ nodeId: body.nodeId, addr: engine?.address ?? '', description }, reply);
      }
      case 'heartbeat':
        return reply(leadership.dispatcher.heartbeat(body.nodeId, body.sessionId));
      case 'task-status':
        return reply(leadership.dispatcher.taskStatus(body.nodeId, body.updates));
    }
  }

  /** The engine a relayed session comes from: the node object's owner (the world knows nodes by ID). */
  private originOf(from: string, nodeId: string): string {
    for (const name of [from]) {
      const engine = this.world.engine(name);
      if (engine?.membership.nodeId === nodeId) return name;
    }
    return this.world.engineOfNode(nodeId) ?? from;
  }

  // ---- swarm lifecycle ----

  /** Start a Raft member: a brand-new group of one (`voters: [id]`), or a joining member (`[]`). */
  startRaft(raftId: string, voters: readonly string[], genesis?: StoreObjects): void {
    this.raft = new RaftHost({
      sim: this.world.sim,
      id: raftId,
      node: this.hostname,
      voters,
      config: this.world.raftConfig,
      listener: this.world.raftListener,
      transactions: this.world.transactions,
      genesis: genesis ?? this.world.genesisStore,
    });
    this.raft.start();
  }

  /**
   * A manager's agent talks to its own manager first, then to the managers it
   * learned of (so a manager removed from Raft while it was down still reaches
   * the leader, learns its role is worker and stops its manager, §1.7).
   */
  startAgent(preferred?: string): void {
    const known = this.agent.managers.filter((name) => name !== this.hostname);
    const managers = this.membership.role === 'manager' ? [this.hostname, ...known] : this.agent.managers;
    this.agent.start(managers.length > 0 ? managers : [preferred ?? this.hostname], this.membership.role === 'manager' ? this.hostname : (preferred ?? this.agent.current ?? managers[0] ?? this.hostname));
  }

  whenSession(callback: () => void): void {
    this.sessionWaiters.push(callback);
  }

  private onSession(): void {
    const waiting = this.sessionWaiters.splice(0);
    for (const callback of waiting) callback();
  }

  /** The dispatcher says what role the node holds: start or stop the manager. */
  onRole(role: NodeRole): void {
    if (this.membership.state !== 'active' || role === this.membership.role) return;
    if (role === 'manager') this.becomeManager();
    else this.stopManager();
  }

  private becomeManager(): void {
    this.membership.role = 'manager';
    this.raftJoined = false;
    const raftId = this.world.newRaftId(this.hostname);
    this.startRaft(raftId, []);
    this.joinRaft(raftId, this.agent.current ?? this.agent.managers[0] ?? this.hostname, 0);
  }

  /**
   * RaftMembership.Join through a manager; retried every 2 s until it succeeds or the role changes.
   * `swarm join` passes `done`: told of the success, or of an error the leader will not retry
   * (the dial-back check, §1.5), which ends the join instead of a retry.
   */
  joinRaft(raftId: string, via: string, attempt: number, done?: (error: string | undefined) => void): void {
    this.call(via, { kind: 'raft-join', nodeId: this.membership.nodeId, raftId }, 25_000_000, (response) => {
      if (this.raft?.id !== raftId) return;
      if (response.kind === 'raft-joined') {
        this.raftJoined = true;
        return done?.(undefined);
      }
      if (done !== undefined && response.kind === 'error' && !response.retry) return done(response.text);
      const managers = this.agent.managers.filter((m) => m !== this.hostname);
      const next = managers.length === 0 ? via : (managers[attempt % managers.length] ?? via);
      this.world.sim.schedule({ after: 2_000_000 as never, owner: this.hostname, label: 'raft/join-retry' }, () => this.joinRaft(raftId, next, attempt + 1, done));
    });
  }

  /** Demoted (or left): the Raft member stops for good; the agent goes on as a worker's. */
  stopManager(): void {
    this.stopLeadership();
    this.raft?.stop();
    this.raft = undefined;
    this.raftJoined = false;
    this.membership.role = 'worker';
  }

  /** Leave the swarm: stop everything, forget the membership. */
  leave(): void {
    this.lockKey = '';
    this.stopManager();
    this.agent.stop();
    this.tasks.stop();
    this.membership = { state: 'inactive', nodeId: '', clusterId: '', role: 'worker', error: '', addr: '' };
  }

  // ---- leader-only components ----

  /** Called after every Raft step on this engine's member: start or stop the leader's components. */
  onRaftChanged(): void {
    const ready = this.raft?.readyLeader === true;
    if (!ready && this.leadership !== undefined) this.stopLeadership();
    if (ready && this.leadership === undefined && this.leaderCheck === undefined) {
      this.leaderCheck = this.world.sim.schedule({ after: 0 as never, owner: this.hostname, label: 'leader/start' }, () => {
        this.leaderCheck = undefined;
        if (this.raft?.readyLeader === true && this.leadership === undefined) this.startLeadership();
      });
    }
  }

  private startLeadership(): void {
    const raft = this.raft as RaftHost;
    const env: LeaderEnv = { world: this.world, host: raft, hostname: this.hostname, rng: this.leaderRng };
    const control = new Control(env);
    const leadership: Leadership = {
      control,
      dispatcher: new Dispatcher(env, control),
      roleManager: new RoleManager(env, control),
      services: new ServiceComponents(env, control),
    };
    this.leadership = leadership;
    this.world.sim.trace.emit({ kind: 'swarm.leader-started', node: this.hostname, fields: [['raft', raft.id]] });
    this.world.onLeadershipStarted(this);
    leadership.dispatcher.start();
    leadership.roleManager.reconcile();
    leadership.services.start();
  }

  private stopLeadership(): void {
    const leadership = this.leadership;
    if (leadership === undefined) return;
    this.leadership = undefined;
    this.world.sim.trace.emit({ kind: 'swarm.leader-stopped', node: this.hostname, fields: [] });
    leadership.dispatcher.stop();
    leadership.services.stop();
    leadership.roleManager.stop();
    leadership.control.stop();
  }

  /** A store change was applied on this engine's member. */
  onEntryApplied(index: number, term: number): void {
    const leadership = this.leadership;
    if (leadership === undefined) return;
    leadership.control.onEntryApplied(index, term);
    leadership.roleManager.reconcile();
    leadership.dispatcher.onStoreChanged();
    leadership.services.onApplied();
  }
}
