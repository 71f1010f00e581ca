/**
 * The agent every swarm node runs (SwarmKit `agent/session.go`, `agent.go`):
 * a session with the dispatcher through one manager on 2377, heartbeats at the
 * period the dispatcher returns, and reconnection with backoff
 * `min(0.1 s + 2 × previous, 8 s)`, the actual delay uniform below it, drawn
 * from the agent's own stream (swarm-behaviour.md §2.1, §2.3, §7 #4).
 *
 * Which manager: the one the node joined through (a manager's agent: itself)
 * first; after a failure, the next known manager in hostname order
 * (SwarmKit picks by weighted random over a Go map, §7 #8).
 */
import type { Micros, Rng, Sim, TimerId } from '../../sim/types.js';
import type { NodeRole } from '../store/objects.js';
import type { Request, Response } from './rpc.js';

export const AGENT_RPC_TIMEOUT_US = 5_000_000;
const BACKOFF_BASE_US = 100_000;
const BACKOFF_MAX_US = 8_000_000;

export interface AgentHost {
  readonly sim: Sim;
  readonly hostname: string;
  nodeId(): string;
  call(to: string, body: Request, timeoutUs: number, reply: (response: Response) => void): void;
  /** The node's role as the dispatcher sees it (a promotion or demotion to act on). */
  onRole(role: NodeRole): void;
  /** Each time a session is established. */
  onSession(): void;
}

export type AgentState = 'stopped' | 'connecting' | 'connected';

export class Agent {
  state: AgentState = 'stopped';
  /** Hostnames of the managers this node knows (sorted). */
  managers: string[] = [];
  current: string | undefined;
  /** Heartbeats answered so far (for benchmarks and tests). */
  heartbeats = 0;
  private sessionId = '';
  private learnedFrom: readonly string[] | undefined;
  private heartbeatEpoch = -1;
  private heartbeatRequest: Request | undefined;
  private onHeartbeatReply: (response: Response) => void = () => undefined;
  private readonly nextHeartbeat = (): void => {
    this.timer = undefined;
    this.heartbeat();
  };
  private backoffUs = 0;
  private timer: TimerId | undefined;
  /** Bumped on stop/crash so that late answers are ignored. */
  private epoch = 0;

  constructor(
    private readonly host: AgentHost,
    private readonly rng: Rng,
  ) {}

  start(managers: readonly string[], preferred: string): void {
    this.stop();
    this.managers = [...managers].sort();
    this.current = preferred;
    this.backoffUs = 0;
    this.connect();
  }

  stop(): void {
    this.epoch++;
    if (this.timer !== undefined) this.host.sim.cancel(this.timer);
    this.timer = undefined;
    this.state = 'stopped';
    this.sessionId = '';
  }

  /** The kernel cancelled our timers already. */
  onCrash(): void {
    this.timer = undefined;
    this.epoch++;
    this.state = 'stopped';
    this.sessionId = '';
  }

  private later(afterUs: number, label: string, fn: () => void): void {
    this.timer = this.host.sim.schedule({ after: afterUs as never, owner: this.host.hostname, label }, () => {
      this.timer = undefined;
      fn();
    });
  }

  private connect(): void {
    const to = this.current ?? this.managers[0];
    if (to === undefined) return;
    this.current = to;
    this.state = 'connecting';
    const epoch = this.epoch;
    this.host.call(to, { kind: 'session', nodeId: this.host.nodeId() }, AGENT_RPC_TIMEOUT_US, (response) => {
      if (epoch !== this.epoch) return;
      if (response.kind !== 'session') return this.fail();
      this.state = 'connected';
      this.sessionId = response.sessionId;
      this.backoffUs = 0;
      this.learnManagers(response.managers);
      this.host.onRole(response.role);
      this.host.onSession();
      if (epoch === this.epoch) this.heartbeat();
    });
  }

  /**
   * One heartbeat of the current session. The request and the reply handler
   * are made once per session (the hot path: every node, every ~5 s).
   */
  private heartbeat(): void {
    const to = this.current;
    if (to === undefined) return;
    if (this.heartbeatEpoch !== this.epoch || this.heartbeatRequest === undefined) {
      this.heartbeatEpoch = this.epoch;
      this.heartbeatRequest = { kind: 'heartbeat', nodeId: this.host.nodeId(), sessionId: this.sessionId };
      this.onHeartbeatReply = this.heartbeatReplyFor(this.epoch);
    }
    this.host.call(to, this.heartbeatRequest, AGENT_RPC_TIMEOUT_US, this.onHeartbeatReply);
  }

  private heartbeatReplyFor(epoch: number): (response: Response) => void {
    return (response) => {
      if (epoch !== this.epoch) return;
      if (response.kind !== 'heartbeat') return this.fail();
      this.heartbeats += 1;
      this.learnManagers(response.managers);
      if (response.role !== undefined) this.host.onRole(response.role);
      if (epoch === this.epoch && this.state === 'connected') {
        this.timer = this.host.sim.schedule({ after: response.periodUs as Micros, owner: this.host.hostname, label: 'agent/heartbeat' }, this.nextHeartbeat);
      }
    };
  }

  /** The dispatcher shares one sorted array per voter set: a heartbeat usually brings the same one back. */
  learnManagers(managers: readonly string[]): void {
    if (managers === this.learnedFrom || managers.length === 0) return;
    this.learnedFrom = managers;
    this.managers = [...managers].sort();
  }

  /** Session lost: back off, then try the next manager. */
  private fail(): void {
    this.epoch++;
    this.state = 'connecting';
    this.sessionId = '';
    this.backoffUs = Math.min(BACKOFF_BASE_US + 2 * this.backoffUs, BACKOFF_MAX_US);
    const delay = this.rng.intBelow(this.backoffUs);
    const list = this.managers;
    if (list.length > 0) {
      const at = this.current === undefined ? -1 : list.indexOf(this.current);
      this.current = list[(at + 1) % list.length];
    }
    this.later(delay, 'agent/reconnect', () => this.connect());
  }
}
