/**
 * What engines say to each other on port 2377 besides Raft: requests and
 * responses of SwarmKit's gRPC services (CA join, raft membership join,
 * dispatcher session and heartbeat), each a value with a canonical one-line
 * description for the trace. A manager that is not the leader relays a
 * request to the leader and the answer back (SwarmKit's raft proxy).
 */
import type { Labels, NodeAvailability, NodeRole, Task, TaskState, TaskStatus } from '../store/objects.js';

/** One task as the dispatcher hands it to an agent (`api.Assignment`). */
export interface TaskAssignment {
  readonly id: string;
  readonly image: string;
  readonly desiredState: TaskState;
  /** The observed state the store holds: an agent that knows better reports again (a report lost with a leader). */
  readonly state: TaskState;
  /** The stored task and its service's name and labels: what the engine names and labels the container with (engine/containers.ts). */
  readonly task?: Task;
  readonly serviceName?: string;
  readonly serviceLabels?: Labels;
}

/** The agent's status reports for its tasks (`UpdateTaskStatus`). */
export interface TaskStatusUpdate {
  readonly taskId: string;
  readonly status: TaskStatus;
}

export type Request =
  /** `joinId` names one `swarm join` of one host: its retries reuse one node object. */
  | { readonly kind: 'join'; readonly token: string; readonly hostname: string; readonly joinId: string; readonly availability: NodeAvailability | undefined }
  | { readonly kind: 'raft-join'; readonly nodeId: string; readonly raftId: string }
  | { readonly kind: 'session'; readonly nodeId: string }
  | { readonly kind: 'heartbeat'; readonly nodeId: string; readonly sessionId: string }
  | { readonly kind: 'task-status'; readonly nodeId: string; readonly updates: readonly TaskStatusUpdate[] };

export type Response =
  | { readonly kind: 'joined'; readonly nodeId: string; readonly role: NodeRole; readonly clusterId: string; readonly managers: readonly string[] }
  | { readonly kind: 'raft-joined' }
  | { readonly kind: 'session'; readonly sessionId: string; readonly periodUs: number; readonly managers: readonly string[]; readonly role: NodeRole }
  | { readonly kind: 'heartbeat'; readonly periodUs: number; readonly role: NodeRole | undefined; readonly managers: readonly string[] }
  | { readonly kind: 'ack' }
  /** `text` is the daemon message a CLI would show (for joins); `retry` says a later try may succeed. */
  | { readonly kind: 'error'; readonly text: string; readonly retry: boolean };

export interface RpcRequest {
  readonly rpc: 'req';
  readonly id: number;
  readonly body: Request;
}

export interface RpcResponse {
  readonly rpc: 'resp';
  readonly id: number;
  readonly body: Response;
}

/**
 * The dispatcher's assignment stream to one node: the node's whole task set
 * each time it changes (`stamp` orders pushes: send time, then a counter; an
 * agent ignores a push not newer than the last it applied).
 */
export interface RpcPush {
  readonly rpc: 'push';
  readonly stamp: readonly [number, number];
  readonly tasks: readonly TaskAssignment[];
}

/**
 * The session stream's manager list (SessionMessage.Managers): SwarmKit sends
 * it to every session as soon as the set of managers changes, so an agent
 * never depends on a manager it last heard of before a promotion or demotion.
 */
export interface RpcManagers {
  readonly rpc: 'managers';
  readonly managers: readonly string[];
}

export type RpcPayload = RpcRequest | RpcResponse | RpcPush | RpcManagers;

export function isRpc(payload: unknown): payload is RpcPayload {
  return typeof payload === 'object' && payload !== null && 'rpc' in payload;
}

export function describeRequest(id: number, body: Request): string {
  switch (body.kind) {
    case 'join':
      return `req ${id} join hostname=${body.hostname}`;
    case 'raft-join':
      return `req ${id} raft-join node=${body.nodeId} raft=${body.raftId}`;
    case 'session':
      return `req ${id} session node=${body.nodeId}`;
    case 'heartbeat':
      return `req ${id} heartbeat node=${body.nodeId}`;
    case 'task-status':
      return `req ${id} task-status node=${body.nodeId} ${body.updates.map((u) => `${u.taskId}=${u.status.state}`).join(',')}`;
  }
}

/** Lazy describers for envelopes: the text is built only when the message's outcome is traced. */
export const describeRequestPayload = (payload: RpcRequest): string => describeRequest(payload.id, payload.body);
export const describeResponsePayload = (payload: RpcResponse): string => describeResponse(payload.id, payload.body);

export function describeResponse(id: number, body: Response): string {
  switch (body.kind) {
    case 'joined':
      return `resp ${id} joined node=${body.nodeId} role=${body.role}`;
    case 'raft-joined':
      return `resp ${id} raft-joined`;
    case 'session':
      return `resp ${id} session period=${body.periodUs}`;
    case 'heartbeat':
      return `resp ${id} heartbeat period=${body.periodUs}`;
    case 'ack':
      return `resp ${id} ack`;
    case 'error':
      return `resp ${id} error retry=${String(body.retry)}`;
  }
}

export function describeManagers(message: RpcManagers): string {
  return `session managers=${message.managers.join(',')}`;
}

export function describePush(push: RpcPush): string {
  return `push assignments stamp=${push.stamp[0]}.${push.stamp[1]} ${push.tasks.map((t) => `${t.id}=${t.desiredState}`).join(',')}`;
}
