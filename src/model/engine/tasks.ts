/**
 * The driver of one node's agent core (`src/model/agent`): it applies the
 * dispatcher's assignment pushes as `assign` / `desiredState` / `forget`
 * inputs, owns the agent's timers (kernel timers owned by this node, so a
 * crash cancels them), and sends status reports to the dispatcher through the
 * node's current manager (relayed to the leader like any request).
 *
 * Reports: every `reportStatus` of one instant goes in one `task-status`
 * request (the latest status per task); a failed request is queued again
 * (unless a newer status replaced it) and retried after 1 s. A push whose
 * task state is behind the agent's (a report accepted by a dispatcher that
 * lost leadership before committing it) makes the agent report again. A crash loses
 * the containers and the unsent reports; the image cache stays.
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros, Sim, TimerId } from '../../sim/types.js';
import { type AgentInput, type AgentState, agentRestarted, agentTask, newAgentState, step } from '../agent/agent.js';
import type { AgentEffect } from '../agent/effects.js';
import type { ImageCatalogue } from '../agent/images.js';
import type { TaskStatus } from '../store/objects.js';
import { stateBefore } from '../tasks/states.js';
import { AGENT_RPC_TIMEOUT_US } from './agent.js';
import { ContainerBook } from './containers.js';
import type { Request, Response, TaskAssignment } from './rpc.js';

const REPORT_RETRY_US = 1_000_000;

export interface TaskRunnerHost {
  readonly sim: Sim;
  readonly hostname: string;
  readonly images: ImageCatalogue;
  nodeId(): string;
  /** The manager the agent's session goes through, if any. */
  manager(): string | undefined;
  call(to: string, body: Request, timeoutUs: number, reply: (response: Response) => void): void;
}

export class TaskRunner {
  private state: AgentState | undefined;
  private readonly timers = new Map<string, TimerId>();
  private readonly outbox = new Map<string, TaskStatus>();
  private flushTimer: TimerId | undefined;
  private lastStamp: readonly [number, number] = [-1, -1];
  private epoch = 0;
  /** The node's task containers (`docker ps -a`). */
  readonly containers: ContainerBook;

  constructor(private readonly host: TaskRunnerHost) {
    this.containers = new ContainerBook(host.sim.rng.fork(`containers/${host.hostname}`));
  }

  /** Task IDs this node runs (for views and tests), sorted. */
  get taskIds(): string[] {
    return (this.state?.tasks ?? []).map((task) => task.id);
  }

  get cachedImages(): readonly string[] {
    return this.state?.cache ?? [];
  }

  private agent(): AgentState {
    const nodeId = this.host.nodeId();
    if (this.state === undefined || this.state.nodeId !== nodeId) this.state = newAgentState({ nodeId, images: this.host.images, cache: this.state?.cache ?? [] });
    return this.state;
  }

  /** The dispatcher's whole task set for this node. */
  onAssignments(stamp: readonly [number, number], tasks: readonly TaskAssignment[]): void {
    if (stamp[0] < this.lastStamp[0] || (stamp[0] === this.lastStamp[0] && stamp[1] <= this.lastStamp[1])) return;
    this.lastStamp = stamp;
    const now = this.host.sim.now as Micros;
    this.containers.onAssignments(tasks);
    const listed = new Set(tasks.map((t) => t.id));
    for (const id of this.agent().tasks.map((task) => task.id)) if (!listed.has(id)) this.run({ kind: 'forget', taskId: id });
    for (const task of [...tasks].sort((a, b) => compareStrings(a.id, b.id))) {
      const known = agentTask(this.agent(), task.id);
      if (known === undefined) this.run({ kind: 'assign', nowUs: now, task });
      else if (known.desiredState !== task.desiredState) this.run({ kind: 'desiredState', nowUs: now, taskId: task.id, desiredState: task.desiredState });
      // The store is behind what this agent reported (a report lost with a leader): report the current status again.
      const current = agentTask(this.agent(), task.id);
      if (current !== undefined && stateBefore(task.state, current.status.state) && !this.outbox.has(task.id)) {
        this.outbox.set(task.id, current.status);
        this.armFlush(0);
      }
    }
  }

  /** The daemon crashed (exit 255) or was stopped (0): the kernel cancelled our timers; containers and unsent reports are gone. */
  onCrash(exitCode = 255): void {
    this.containers.onCrash(this.host.sim.now as Micros, exitCode);
    this.epoch++;
    this.timers.clear();
    this.outbox.clear();
    this.flushTimer = undefined;
    this.lastStamp = [-1, -1];
    if (this.state !== undefined) this.state = agentRestarted(this.state);
  }

  /** The node left the swarm: stop every container. */
  stop(): void {
    for (const timer of this.timers.values()) this.host.sim.cancel(timer);
    if (this.flushTimer !== undefined) this.host.sim.cancel(this.flushTimer);
    this.onCrash();
    this.containers.clear();
  }

  private run(input: AgentInput): void {
    const result = step(this.agent(), input);
    this.state = result.state;
    for (const effect of result.effects) this.apply(effect);
  }

  private apply(effect: AgentEffect): void {
    switch (effect.kind) {
      case 'reportStatus':
        this.containers.onStatus(effect.taskId, effect.status);
        this.outbox.set(effect.taskId, effect.status);
        this.armFlush(0);
        return;
      case 'startTimer': {
        const key = `${effect.timer}|${effect.taskId}`;
        const previous = this.timers.get(key);
        if (previous !== undefined) this.host.sim.cancel(previous);
        const { taskId } = effect;
        const kind = effect.timer === 'pull' ? 'pullTimeout' : effect.timer === 'start' ? 'startTimeout' : 'exitTimeout';
        this.timers.set(
          key,
          this.host.sim.schedule({ after: effect.afterUs, owner: this.host.hostname, label: `agent/${effect.timer}` }, () => {
            this.timers.delete(key);
            this.run({ kind, nowUs: this.host.sim.now as Micros, taskId });
          }),
        );
        return;
      }
      case 'cancelTimer': {
        const key = `${effect.timer}|${effect.taskId}`;
        const timer = this.timers.get(key);
        if (timer !== undefined) this.host.sim.cancel(timer);
        this.timers.delete(key);
        return;
      }
      case 'cacheImage':
        return;
    }
  }

  private armFlush(afterUs: number): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = this.host.sim.schedule({ after: afterUs as Micros, owner: this.host.hostname, label: 'agent/report' }, () => {
      this.flushTimer = undefined;
      this.flush();
    });
  }

  private flush(): void {
    if (this.outbox.size === 0) return;
    const to = this.host.manager();
    if (to === undefined) return this.armFlush(REPORT_RETRY_US);
    const updates = [...this.outbox.keys()].sort(compareStrings).map((taskId) => ({ taskId, status: this.outbox.get(taskId) as TaskStatus }));
    this.outbox.clear();
    const epoch = this.epoch;
    this.host.call(to, { kind: 'task-status', nodeId: this.host.nodeId(), updates }, AGENT_RPC_TIMEOUT_US, (response) => {
      if (epoch !== this.epoch || response.kind === 'ack') return;
      for (const update of updates) if (!this.outbox.has(update.taskId)) this.outbox.set(update.taskId, update.status);
      this.armFlush(REPORT_RETRY_US);
    });
  }
}
