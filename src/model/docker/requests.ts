/**
 * The typed requests the docker command layer hands to the cluster: one per
 * command, holding only what the user gave (flags not given are absent, as
 * the CLI sends only `Changed` flags), already checked for everything the
 * docker client itself checks. Daemon-side checks (roles, filters, node
 * lookup) stay with the cluster, using the helpers in `validate.ts`.
 */
import type { Micros } from '../../sim/types.js';
import type { NodeAvailability, NodeRole } from '../store/objects.js';
import type { ServiceRequest } from './service-requests.js';

export type * from './service-requests.js';

/** `swarm init` / `swarm update` spec flags; each present only when given. */
export interface SwarmSpecFlags {
  readonly taskHistoryLimit?: number;
  readonly dispatcherHeartbeatUs?: Micros;
  readonly certExpiryUs?: Micros;
  readonly maxSnapshots?: number;
  readonly snapshotInterval?: number;
  readonly autolock?: boolean;
  readonly externalCa?: readonly string[];
}

export interface SwarmInitRequest {
  readonly command: 'swarm init';
  /** `<ip|interface>[:port]` as typed; absent → auto-detect. */
  readonly advertiseAddr?: string;
  /** Normalised `<host>:<port>`, default `0.0.0.0:2377`. */
  readonly listenAddr: string;
  readonly availability?: NodeAvailability;
  readonly forceNewCluster: boolean;
  readonly dataPathAddr?: string;
  readonly dataPathPort?: number;
  readonly defaultAddrPool: readonly string[];
  readonly defaultAddrPoolMaskLength?: number;
  readonly spec: SwarmSpecFlags;
}

export interface SwarmJoinRequest {
  readonly command: 'swarm join';
  /** `HOST[:PORT]` as typed; the daemon defaults the port to 2377 (`remoteAddrWithPort`). */
  readonly remoteAddr: string;
  /** '' when `--token` was not given. */
  readonly token: string;
  readonly advertiseAddr?: string;
  readonly listenAddr: string;
  readonly availability?: NodeAvailability;
  readonly dataPathAddr?: string;
}

export interface SwarmJoinTokenRequest {
  readonly command: 'swarm join-token';
  readonly role: NodeRole;
  readonly quiet: boolean;
  readonly rotate: boolean;
}

export interface SwarmLeaveRequest {
  readonly command: 'swarm leave';
  readonly force: boolean;
}

export interface SwarmUpdateRequest {
  readonly command: 'swarm update';
  readonly spec: SwarmSpecFlags;
}

export interface SwarmUnlockRequest {
  readonly command: 'swarm unlock';
}

export interface SwarmUnlockKeyRequest {
  readonly command: 'swarm unlock-key';
  readonly quiet: boolean;
  readonly rotate: boolean;
}

/** One `--filter key=value`, key lower-cased and both trimmed (docker's FilterOpt). */
export interface FilterTerm {
  readonly key: string;
  readonly value: string;
}

export interface NodeLsRequest {
  readonly command: 'node ls';
  readonly quiet: boolean;
  readonly filters: readonly FilterTerm[];
  readonly format?: string;
}

export interface NodeInspectRequest {
  readonly command: 'node inspect';
  /** As typed; `self` means the current node. */
  readonly refs: readonly string[];
  readonly pretty: boolean;
  readonly format?: string;
}

export interface NodeUpdateRequest {
  readonly command: 'node update';
  readonly ref: string;
  /** Raw: the daemon validates (case-insensitively) and answers `invalid Role: "x"`. */
  readonly role?: string;
  readonly availability?: string;
  readonly labelAdd: readonly string[];
  readonly labelRm: readonly string[];
}

export interface NodeRefsRequest {
  readonly command: 'node promote' | 'node demote';
  readonly refs: readonly string[];
}

export interface NodeRmRequest {
  readonly command: 'node rm';
  readonly refs: readonly string[];
  readonly force: boolean;
}

export interface NodePsRequest {
  readonly command: 'node ps';
  /** Default `['self']`. */
  readonly refs: readonly string[];
  readonly filters: readonly FilterTerm[];
  readonly format?: string;
  readonly noResolve: boolean;
  readonly noTrunc: boolean;
  readonly quiet: boolean;
}

export interface InfoRequest {
  readonly command: 'info';
  readonly format?: string;
}

/** `docker ps` / `docker container ls|list|ps`. */
export interface ContainerLsRequest {
  readonly command: 'container ls';
  readonly all: boolean;
  readonly quiet: boolean;
  readonly noTrunc: boolean;
  readonly size: boolean;
  /** `-n`; `-l` makes it 1 when not given; -1 = no limit. */
  readonly last: number;
  readonly filters: readonly FilterTerm[];
  readonly format?: string;
}

export type DockerRequest =
  | SwarmInitRequest
  | SwarmJoinRequest
  | SwarmJoinTokenRequest
  | SwarmLeaveRequest
  | SwarmUpdateRequest
  | SwarmUnlockRequest
  | SwarmUnlockKeyRequest
  | NodeLsRequest
  | NodeInspectRequest
  | NodeUpdateRequest
  | NodeRefsRequest
  | NodeRmRequest
  | NodePsRequest
  | InfoRequest
  | ContainerLsRequest
  | ServiceRequest;

export type DockerCommandName = DockerRequest['command'];
