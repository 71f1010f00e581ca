/**
 * The dispatcher, on the leader only (SwarmKit `manager/dispatcher`,
 * swarm-behaviour.md §2): agent sessions, heartbeats, node status.
 *
 * - Period p = heartbeat period ± 0.5 s (`Choose`), drawn from the
 *   dispatcher's seeded stream on each registration and heartbeat; a node
 *   not heard from for 3p is marked DOWN "heartbeat failure".
 * - On start every node that is not DOWN is marked UNKNOWN ("Node moved to
 *   "unknown" state due to leadership change in cluster") and gets 6p to
 *   register before DOWN "heartbeat failure for node in "unknown" state".
 * - Status writes are queued and committed every 100 ms in one batch (node ID
 *   order, split at 200 changes); a registration is answered after its batch
 *   is applied.
 * Expiry timers are lazy: one timer per node, re-armed to the current
 * deadline when it fires early, so a heartbeat does not cancel a timer.
 */
import type { TimerId } from '../../sim/types.js';
import { compareStrings } from '../../sim/order.js';
import type { Node, NodeDescription, NodeState, StoreObjects, Task, TaskStatus } from '../store/objects.js';
import { stateAfter, stateBefore } from '../tasks/states.js';
import { type Change, touchedTaskIds } from '../store/store.js';
import { newId } from '../control/ids.js';
import { RPC_REPLY_PORT } from '../engine/engine.js';
import { type Response, type RpcManagers, type RpcPush, type TaskAssignment, type TaskStatusUpdate, describeManagers, describePush } from '../engine/rpc.js';
import type { Control } from './control.js';
import { managerHostnames } from './control.js';
import { type LeaderEnv, storeOf } from './env.js';

export const HEARTBEAT_EPSILON_US = 500_000;
export const GRACE_MULTIPLIER = 3;
export const UNKNOWN_GRACE_MULTIPLIER = 6;
export const BATCH_INTERVAL_US = 100_000;
/** SwarmKit's assignment batching (`dispatcher.go`: batchingWaitTime, modificationBatchLimit). */
export const BATCHING_WAIT_US = 100_000;
export const MODIFICATION_BATCH_LIMIT = 100;

export const UNKNOWN_MESSAGE = 'Node moved to "unknown" state due to leadership change in cluster';
export const HEARTBEAT_FAILURE = 'heartbeat failure';
export const UNKNOWN_HEARTBEAT_FAILURE = 'heartbeat failure for node in "unknown" state';

interface Session {
  sessionId: string;
  deadlineUs: number;
  graceUs: number;
  unknown: boolean;
  timer: TimerId | undefined;
  timerAtUs: number;
}

interface StatusUpdate {
  state: NodeState;
  message: string;
  addr?: string;
  description?: NodeDescription;
  done: ((ok: boolean) => void)[];
}

export interface Registration {
  readonly nodeId: string;
  readonly addr: string;
  readonly description: NodeDescription;
}

/** Does the dispatcher hand this task to its node's agent? ASSIGNED up to RUNNING (`dispatcher.go#Assignments`). */
function assignmentOf(task: Task, store: StoreObjects): TaskAssignment {
  const spec = store.services[task.serviceId]?.spec;
  return { id: task.id, image: task.spec.image, desiredState: task.desiredState, state: task.status.state, task, serviceName: spec?.name ?? '', serviceLabels: spec?.labels ?? {} };
}

function assignable(task: Task): boolean {
  return task.nodeId !== '' && !stateBefore(task.status.state, 'assigned') && !stateAfter(task.status.state, 'running');
}

/** SwarmKit's `TasksEqualStable`: equal but for status and version (what the agent reported itself). */
function equalStable(a: Task, b: Task): boolean {
  return a.desiredState === b.desiredState && a.spec === b.spec && a.nodeId === b.nodeId && a.serviceId === b.serviceId && a.slot === b.slot;
}

/** In SwarmKit's assignment set for its node: assigned once (ASSIGNED or later), until deleted. */
function sentToAgent(task: Task): boolean {
  return task.nodeId !== '' && !stateBefore(task.status.state, 'assigned');
}

/**
 * The node whose agent must hear of this change (`assignments.go`
 * addOrUpdateTask / removeTask), if any: a task that joins the node's set
 * (reaches ASSIGNED), one still ASSIGNED (the scheduler's write), one
 * changed other than in status (its desired state), or one deleted. The
 * agent's own status reports are not sent back to it.
 */
function agentMustHear(old: Task | undefined, task: Task | undefined): string | undefined {
  const was = old !== undefined && sentToAgent(old);
  if (task === undefined) return was ? old.nodeId : undefined;
  if (!sentToAgent(task)) return undefined;
  if (!was || task.status.state === 'assigned' || !equalStable(old, task)) return task.nodeId;
  return undefined;
}

export class Dispatcher {
  private readonly sessions = new Map<string, Session>();
  private readonly pending = new Map<string, StatusUpdate>();
  /** Agent task status reports waiting for the next batch (latest per task). */
  private readonly pendingTasks = new Map<string, TaskStatus>();
  /** The tasks map the last assignment push was computed from. */
  private pushedFrom: StoreObjects['tasks'] | undefined;
  /** Node ID → IDs of its assignable tasks in `pushedFrom` (kept from the store's change log). */
  private readonly assignedByNode = new Map<string, Set<string>>();
  private pushCount = 0;
  /** Nodes with modifications waiting to be pushed: the batching timer and how many gathered. */
  private readonly batches = new Map<string, { timer: TimerId; count: number }>();
  private flushTimer: TimerId | undefined;
  private running = false;
  /** The manager list sent with every answer, recomputed only when the Raft voters change. */
  private managersFor: readonly string[] | undefined;
  private managerList: readonly string[] = [];

  constructor(
    private readonly env: LeaderEnv,
    private readonly control: Control,
  ) {}

  private get sim() {
    return this.env.world.sim;
  }

  /** Hostnames of the Raft members (SessionMessage.Managers), one shared array per voter set. */
  private managers(): readonly string[] {
    const voters = this.env.host.raft?.voters;
    if (voters !== this.managersFor) {
      this.managersFor = voters;
      this.managerList = managerHostnames(this.env);
    }
    return this.managerList;
  }

  periodUs(): number {
    return storeOf(this.env).cluster?.spec.dispatcher.heartbeatPeriodUs ?? 5_000_000;
  }

  /** SwarmKit's `Choose`: p + U[-epsilon, +epsilon). */
  private choose(): number {
    return this.periodUs() - HEARTBEAT_EPSILON_US + this.env.rng.intBelow(2 * HEARTBEAT_EPSILON_US);
  }

  start(): void {
    this.running = true;
    this.managers(); // the list sessions start with; announced again only when it changes
    const store = storeOf(this.env);
    for (const id of Object.keys(store.nodes).sort()) {
      const node = store.nodes[id] as Node;
      if (node.status.state === 'down') continue;
      const grace = UNKNOWN_GRACE_MULTIPLIER * this.choose();
      this.sessions.set(id, { sessionId: '', deadlineUs: this.sim.now + grace, graceUs: grace, unknown: true, timer: undefined, timerAtUs: 0 });
      this.arm(id);
      this.queue(id, { state: 'unknown', message: UNKNOWN_MESSAGE });
    }
  }

  stop(): void {
    this.running = false;
    for (const session of this.sessions.values()) if (session.timer !== undefined) this.sim.cancel(session.timer);
    this.sessions.clear();
    if (this.flushTimer !== undefined) this.sim.cancel(this.flushTimer);
    this.flushTimer = undefined;
    for (const batch of this.batches.values()) this.sim.cancel(batch.timer);
    this.batches.clear();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.pendingTasks.clear();
    for (const update of waiting) for (const done of update.done) done(false);
  }

  session(registration: Registration, reply: (response: Response) => void): void {
    const { nodeId } = registration;
    const node = storeOf(this.env).nodes[nodeId];
    if (node === undefined) return reply({ kind: 'error', text: 'node not found', retry: true });
    const period = this.choose();
    const session: Session = this.sessions.get(nodeId) ?? { sessionId: '', deadlineUs: 0, graceUs: 0, unknown: false, timer: undefined, timerAtUs: 0 };
    session.sessionId = newId(this.env.rng);
    session.deadlineUs = this.sim.now + GRACE_MULTIPLIER * period;
    session.graceUs = GRACE_MULTIPLIER * period;
    session.unknown = false;
    this.sessions.set(nodeId, session);
    this.arm(nodeId);
    this.env.world.noteHeartbeat(nodeId, this.env.hostname);
    this.queue(nodeId, { state: 'ready', message: '', addr: registration.addr, description: registration.description }, (ok) => {
      if (!ok) return reply({ kind: 'error', text: 'dispatcher is stopped', retry: true });
      const current = storeOf(this.env).nodes[nodeId];
      reply({ kind: 'session', sessionId: session.sessionId, periodUs: period, managers: this.managers(), role: current?.role ?? 'worker' });
      this.pushComplete(nodeId);
    });
  }

  heartbeat(nodeId: string, sessionId: string): Response {
    const session = this.sessions.get(nodeId);
    if (session === undefined || session.unknown) return { kind: 'error', text: 'node not registered', retry: true };
    if (session.sessionId !== sessionId) return { kind: 'error', text: 'session invalid', retry: true };
    const period = this.choose();
    session.deadlineUs = this.sim.now + GRACE_MULTIPLIER * period;
    session.graceUs = GRACE_MULTIPLIER * period;
    this.env.world.noteHeartbeat(nodeId, this.env.hostname);
    return { kind: 'heartbeat', periodUs: period, role: storeOf(this.env).nodes[nodeId]?.role, managers: this.managers() };
  }

  /** `UpdateTaskStatus`: an agent's reports, committed with the next batch. Only its own tasks count. */
  taskStatus(nodeId: string, updates: readonly TaskStatusUpdate[]): Response {
    const session = this.sessions.get(nodeId);
    if (session === undefined || session.unknown) return { kind: 'error', text: 'node not registered', retry: true };
    const tasks = storeOf(this.env).tasks;
    for (const update of updates) {
      if (tasks.get(update.taskId)?.nodeId !== nodeId) continue;
      this.pendingTasks.set(update.taskId, update.status);
    }
    this.armFlush();
    return { kind: 'ack' };
  }

  /**
   * After each commit on the leader: note, per node, the task changes its
   * agent must hear of (`modifications`), and push the node's task set once
   * they stop coming (`batchModification`).
   */
  onStoreChanged(): void {
    if (!this.running) return;
    this.announceManagers();
    const tasks = storeOf(this.env).tasks;
    const before = this.pushedFrom;
    if (before === tasks) return;
    this.pushedFrom = tasks;
    const modified = new Map<string, number>();
    const note = (nodeId: string): void => {
      if (nodeId !== '') modified.set(nodeId, (modified.get(nodeId) ?? 0) + 1);
    };
    const touched = before === undefined ? undefined : touchedTaskIds(before, tasks);
    if (touched === undefined) {
      // No log to follow (a new leader, or far behind): every difference counts; rebuild the per-node index.
      for (const [id, task] of tasks) {
        const old = before?.get(id);
        if (old === task) continue;
        note(task.nodeId);
        if (old !== undefined && old.nodeId !== task.nodeId) note(old.nodeId);
      }
      if (before !== undefined) for (const [id, old] of before) if (!tasks.has(id)) note(old.nodeId);
      this.assignedByNode.clear();
      for (const task of tasks.values()) if (assignable(task)) this.index(task);
    } else {
      for (const id of new Set(touched)) {
        const task = tasks.get(id);
        const old = before?.get(id);
        if (old === task) continue;
        if (old !== undefined && old.nodeId !== '') this.assignedByNode.get(old.nodeId)?.delete(id);
        if (task !== undefined && assignable(task)) this.index(task);
        const nodeId = agentMustHear(old, task);
        if (nodeId !== undefined) note(nodeId);
      }
    }
    for (const nodeId of [...modified.keys()].sort(compareStrings)) this.batchModification(nodeId, modified.get(nodeId) as number);
  }

  /**
   * SwarmKit's `Assignments` batching loop: a node's push waits until no
   * modification has come for 100 ms (each one restarts the wait), or goes
   * at once when 100 have gathered.
   */
  private batchModification(nodeId: string, count: number): void {
    const batch = this.batches.get(nodeId);
    if (batch !== undefined) this.sim.cancel(batch.timer);
    const total = (batch?.count ?? 0) + count;
    if (total >= MODIFICATION_BATCH_LIMIT) {
      this.batches.delete(nodeId);
      this.push(nodeId, this.tasksOfNode(nodeId));
      return;
    }
    const timer = this.sim.schedule({ after: BATCHING_WAIT_US as never, owner: this.env.hostname, label: 'dispatcher/assignments' }, () => {
      this.batches.delete(nodeId);
      this.push(nodeId, this.tasksOfNode(nodeId));
    });
    this.batches.set(nodeId, { timer, count: total });
  }

  /** A new session: its complete task set now, and no batch of the old stream pending. */
  private pushComplete(nodeId: string): void {
    const batch = this.batches.get(nodeId);
    if (batch !== undefined) this.sim.cancel(batch.timer);
    this.batches.delete(nodeId);
    this.push(nodeId, this.tasksOfNode(nodeId));
  }

  /**
   * When an applied entry changed the managers (a promotion's or demotion's
   * conf change), every session hears the new list at once, as SwarmKit's
   * session stream sends it, rather than at its next heartbeat: an agent
   * whose only known manager is demoted a moment later is not stranded.
   */
  private announceManagers(): void {
    if (this.env.host.raft?.voters === this.managersFor) return;
    const before = this.managerList;
    const managers = this.managers();
    if (managers.length === before.length && managers.every((name, i) => name === before[i])) return;
    const payload: RpcManagers = { rpc: 'managers', managers };
    const nodes = storeOf(this.env).nodes;
    for (const nodeId of [...this.sessions.keys()].sort(compareStrings)) {
      const to = nodes[nodeId]?.description?.hostname;
      if (this.sessions.get(nodeId)?.unknown !== false || to === undefined) continue;
      this.sim.net.send({ from: this.env.hostname, to, port: RPC_REPLY_PORT, protocol: 'tcp', payload, describe: describeManagers(payload) });
    }
  }

  private index(task: Task): void {
    let ids = this.assignedByNode.get(task.nodeId);
    if (ids === undefined) this.assignedByNode.set(task.nodeId, (ids = new Set()));
    ids.add(task.id);
  }

  /** The node's assignable tasks by ID: from the per-node index when it follows the current store, else by a walk. */
  private tasksOfNode(nodeId: string): TaskAssignment[] {
    const store = storeOf(this.env);
    const indexed = this.pushedFrom === store.tasks ? this.assignedByNode.get(nodeId) : undefined;
    const tasks = indexed === undefined ? [...store.tasks.values()].filter((task) => task.nodeId === nodeId && assignable(task)) : [...indexed].map((id) => store.tasks.get(id) as Task);
    return tasks.sort((a, b) => compareStrings(a.id, b.id)).map((task) => assignmentOf(task, store));
  }

  /**
   * The assignment stream: sent straight to the node's engine on the session's
   * connection (the reply port, so inbound firewall rules on the node do not
   * block it), only to nodes with a live session.
   */
  private push(nodeId: string, tasks: readonly TaskAssignment[]): void {
    const session = this.sessions.get(nodeId);
    const to = storeOf(this.env).nodes[nodeId]?.description?.hostname;
    if (session === undefined || session.unknown || to === undefined) return;
    const payload: RpcPush = { rpc: 'push', stamp: [this.sim.now, ++this.pushCount], tasks };
    this.sim.net.send({ from: this.env.hostname, to, port: RPC_REPLY_PORT, protocol: 'tcp', payload, describe: describePush(payload) });
  }

  private arm(nodeId: string): void {
    const session = this.sessions.get(nodeId);
    if (session === undefined) return;
    if (session.timer !== undefined) {
      if (session.timerAtUs <= session.deadlineUs) return;
      this.sim.cancel(session.timer);
    }
    session.timerAtUs = session.deadlineUs;
    session.timer = this.sim.schedule({ at: session.deadlineUs as never, owner: this.env.hostname, label: 'dispatcher/expire' }, () => {
      session.timer = undefined;
      if (this.sessions.get(nodeId) !== session) return;
      if (this.sim.now < session.deadlineUs) return this.arm(nodeId);
      this.sessions.delete(nodeId);
      this.env.world.noteMarkedDown(nodeId, session.graceUs, this.env.hostname);
      this.queue(nodeId, { state: 'down', message: session.unknown ? UNKNOWN_HEARTBEAT_FAILURE : HEARTBEAT_FAILURE });
    });
  }

  private queue(nodeId: string, update: Omit<StatusUpdate, 'done'>, done?: (ok: boolean) => void): void {
    const previous = this.pending.get(nodeId);
    const merged: StatusUpdate = { ...previous, ...update, done: previous?.done ?? [] };
    if (done !== undefined) merged.done.push(done);
    this.pending.set(nodeId, merged);
    this.armFlush();
  }

  private armFlush(): void {
    if (this.flushTimer === undefined && this.running) {
      this.flushTimer = this.sim.schedule({ after: BATCH_INTERVAL_US as never, owner: this.env.hostname, label: 'dispatcher/batch' }, () => {
        this.flushTimer = undefined;
        this.flush();
      });
    }
  }

  private flush(): void {
    const store = storeOf(this.env);
    const ids = [...this.pending.keys()].sort();
    const changes: Change[] = [];
    const callbacks: ((ok: boolean) => void)[] = [];
    for (const id of ids) {
      const update = this.pending.get(id) as StatusUpdate;
      callbacks.push(...update.done);
      const node = store.nodes[id];
      if (node === undefined) continue;
      const status = { state: update.state, message: update.message, addr: update.addr ?? node.status.addr };
      const description = update.description ?? node.description;
      const next: Node = description === undefined ? { ...node, status, updatedAt: this.sim.now } : { ...node, status, description, updatedAt: this.sim.now };
      changes.push({ kind: 'put-node' as const, node: next });
    }
    this.pending.clear();
    for (const id of [...this.pendingTasks.keys()].sort(compareStrings)) {
      changes.push({ kind: 'set-task-status', id, status: this.pendingTasks.get(id) as TaskStatus });
    }
    this.pendingTasks.clear();
    this.control.write('dispatcher', changes, (result) => {
      for (const done of callbacks) done(result === 'ok');
    });
  }
}
