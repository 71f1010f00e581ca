/**
 * The cluster objects as SwarmKit's control API holds them and the docker CLI
 * reads them (`moby/swarmkit api/objects.proto`, `moby api/types/swarm`).
 * Plain readonly data: the store keeps immutable snapshots of these, every
 * change goes through Raft, and the docker layer renders them.
 *
 * Times are integer microseconds of simulated time (`Micros`); durations in a
 * spec are integer microseconds too (SwarmKit keeps nanoseconds; no Docker
 * default needs a finer unit). Enum values are the API's lower-case strings,
 * which the CLI PrettyPrints (`ready` → `Ready`).
 *
 * Networks are not modelled.
 */
import type { Micros } from '../../sim/types.js';

/** Role of a node: as desired (`spec.role`) and as currently held (`role`). */
export type NodeRole = 'worker' | 'manager';
export type NodeAvailability = 'active' | 'pause' | 'drain';
/** `disconnected` exists in the API but SwarmKit never persists it (swarm-behaviour.md §2.2). */
export type NodeState = 'unknown' | 'down' | 'ready' | 'disconnected';
/** `unknown` exists in the API but is never produced (swarm-behaviour.md §1.8). */
export type Reachability = 'reachable' | 'unreachable' | 'unknown';
/** `docker info` ` Swarm:` values (LocalNodeState). */
export type LocalNodeState = 'inactive' | 'pending' | 'active' | 'error' | 'locked';

/** Labels as a plain record; renderers always iterate them in sorted key order. */
export type Labels = Readonly<Record<string, string>>;

/** Object metadata every stored object has (`api.Meta`). */
export interface Meta {
  /** Raft index of the last write (`Version.Index`). */
  readonly version: number;
  readonly createdAt: Micros;
  readonly updatedAt: Micros;
}

export interface OrchestrationConfig {
  /** `--task-history-limit`, default 5. */
  readonly taskHistoryRetentionLimit: number;
}

export interface RaftConfig {
  readonly snapshotInterval: number;
  readonly keepOldSnapshots: number;
  readonly logEntriesForSlowFollowers: number;
  readonly heartbeatTick: number;
  readonly electionTick: number;
}

export interface DispatcherConfig {
  readonly heartbeatPeriodUs: Micros;
}

export interface CaConfig {
  readonly nodeCertExpiryUs: Micros;
  readonly forceRotate: number;
}

export interface EncryptionConfig {
  readonly autoLockManagers: boolean;
}

export interface ClusterSpec {
  readonly orchestration: OrchestrationConfig;
  readonly raft: RaftConfig;
  readonly dispatcher: DispatcherConfig;
  readonly caConfig: CaConfig;
  readonly encryption: EncryptionConfig;
}

export interface JoinTokens {
  readonly worker: string;
  readonly manager: string;
}

/** The one cluster object (`name: default`). */
export interface Cluster extends Meta {
  readonly id: string;
  readonly name: 'default';
  readonly spec: ClusterSpec;
  /** Digest part of the join tokens stands for the root CA; the CA itself is not modelled. */
  readonly rootCaDigest: string;
  readonly joinTokens: JoinTokens;
  /** `docker info` Default Address Pool entries (CIDR strings) and SubnetSize. */
  readonly defaultAddressPool: readonly string[];
  readonly subnetSize: number;
  readonly dataPathPort: number;
  readonly rootRotationInProgress: boolean;
  /** Unlock key (`SWMKEY-1-...`) when autolock is on, else ''. */
  readonly unlockKey: string;
}

const SECOND_US = 1_000_000;
const DAY_US = 24 * 60 * 60 * SECOND_US;

/** SwarmKit's defaults for a new cluster (swarm-behaviour.md §1.1, §5; docker-cli.md §2). */
export const DEFAULT_CLUSTER_SPEC: ClusterSpec = {
  orchestration: { taskHistoryRetentionLimit: 5 },
  raft: {
    snapshotInterval: 10_000,
    keepOldSnapshots: 0,
    logEntriesForSlowFollowers: 500,
    heartbeatTick: 1,
    electionTick: 10,
  },
  dispatcher: { heartbeatPeriodUs: (5 * SECOND_US) as Micros },
  caConfig: { nodeCertExpiryUs: (90 * DAY_US) as Micros, forceRotate: 0 },
  encryption: { autoLockManagers: false },
};

export const DEFAULT_ADDRESS_POOL: readonly string[] = ['10.0.0.0/8'];
export const DEFAULT_SUBNET_SIZE = 24;
export const DEFAULT_DATA_PATH_PORT = 4789;

export interface NodeSpec {
  /** `Spec.Name` (`Annotations.Name`); usually unset, distinct from the hostname. */
  readonly name?: string;
  readonly labels: Labels;
  /** Desired role (`DesiredRole`). */
  readonly role: NodeRole;
  readonly availability: NodeAvailability;
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
}

export interface Resources {
  readonly nanoCPUs: number;
  readonly memoryBytes: number;
}

export interface EngineDescription {
  readonly engineVersion: string;
  readonly labels: Labels;
}

/** What the agent reports on registration; absent until then (empty hostname in `node ls`). */
export interface NodeDescription {
  readonly hostname: string;
  readonly platform: Platform;
  readonly resources: Resources;
  readonly engine: EngineDescription;
}

export interface NodeStatus {
  readonly state: NodeState;
  /** e.g. `heartbeat failure`; '' when none. */
  readonly message: string;
  /** IP the dispatcher saw the node connect from; '' until registration. */
  readonly addr: string;
}

/** Attached on read from the Raft member list; absent for non-members. */
export interface ManagerStatus {
  readonly leader: boolean;
  readonly reachability: Reachability;
  /** Raft member address `<ip>:2377`. */
  readonly addr: string;
}

export interface Node extends Meta {
  readonly id: string;
  readonly spec: NodeSpec;
  /** Role currently held (`Role`), changed by the role manager after Raft membership. */
  readonly role: NodeRole;
  readonly description?: NodeDescription;
  readonly status: NodeStatus;
  readonly managerStatus?: ManagerStatus;
}

/**
 * What the store holds (networks are not modelled). Maps are keyed by ID;
 * iterate through a sorted view. Tasks are a `Map` (in creation order): with
 * 20,000 of them a transaction copies a Map many times faster than a
 * dictionary-mode object.
 */
export interface StoreObjects {
  readonly cluster?: Cluster;
  readonly nodes: Readonly<Record<string, Node>>;
  readonly services: Readonly<Record<string, Service>>;
  readonly tasks: TaskMap;
}

/** The store's tasks by ID. */
export type TaskMap = ReadonlyMap<string, Task>;

// ---------------------------------------------------------------------------
// Services and tasks (issue 6). Shapes follow `swarmkit api/specs.proto` and
// `api/objects.proto`, reduced to what the simulator models.
// ---------------------------------------------------------------------------

/**
 * SwarmKit's task states in their proto order (`api/types.proto#TaskState`);
 * `src/model/tasks/states.ts` holds the numeric values and the ordering.
 */
export type TaskState =
  | 'new'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

export type RestartCondition = 'none' | 'on-failure' | 'any';

export interface RestartPolicy {
  readonly condition: RestartCondition;
  /** Delay before a replacement starts; SwarmKit's default 5 s. */
  readonly delayUs: Micros;
  /** 0 = unlimited. */
  readonly maxAttempts: number;
  /** 0 = unbounded. */
  readonly windowUs: Micros;
}

/** CPU in nano-CPUs (1e9 = one CPU), memory in bytes, as SwarmKit keeps them. */
export interface ResourceRequirements {
  readonly limits: Resources;
  readonly reservations: Resources;
}

/** Only `spread` exists in SwarmKit; the descriptor is e.g. `node.labels.zone`. */
export interface PlacementPreference {
  readonly spread: string;
}

export interface Placement {
  /** Raw expressions as given (`node.role==manager`); parsed by the scheduler. */
  readonly constraints: readonly string[];
  readonly preferences: readonly PlacementPreference[];
  /** Empty: any platform. An empty field in an entry is a wildcard. */
  readonly platforms: readonly Platform[];
  /** `--replicas-max-per-node`; 0 = no limit. */
  readonly maxReplicas: number;
}

export type PortProtocol = 'tcp' | 'udp' | 'sctp';
export type PublishMode = 'ingress' | 'host';

export interface PortConfig {
  readonly protocol: PortProtocol;
  readonly targetPort: number;
  /** 0 = not published (or not yet allocated). */
  readonly publishedPort: number;
  readonly publishMode: PublishMode;
}

export type UpdateFailureAction = 'pause' | 'continue' | 'rollback';
export type UpdateOrder = 'stop-first' | 'start-first';

/** `UpdateConfig` / `RollbackConfig`, read by the rolling updater (src/model/updater). */
export interface UpdateConfig {
  readonly parallelism: number;
  readonly delayUs: Micros;
  readonly failureAction: UpdateFailureAction;
  readonly monitorUs: Micros;
  /** SwarmKit keeps a float32; the updater compares it in one isolated place. */
  readonly maxFailureRatio: number;
  readonly order: UpdateOrder;
}

export interface TaskSpec {
  readonly image: string;
  /** `ContainerSpec.Args` (`service create IMAGE ARG...`, compose `command`); absent: none. */
  readonly args?: readonly string[];
  /** `ContainerSpec.Env` (`KEY=value`, or `KEY` alone); absent: none. */
  readonly env?: readonly string[];
  readonly resources: ResourceRequirements;
  readonly restartPolicy: RestartPolicy;
  readonly placement: Placement;
  /** `TaskTemplate.ForceUpdate`, bumped by `service update --force` so every task is dirty; absent: 0. */
  readonly forceUpdate?: number;
}

export type ServiceMode =
  | { readonly kind: 'replicated'; readonly replicas: number }
  | { readonly kind: 'global' };

export interface EndpointSpec {
  readonly ports: readonly PortConfig[];
}

export interface ServiceSpec {
  readonly name: string;
  readonly labels: Labels;
  readonly task: TaskSpec;
  readonly mode: ServiceMode;
  readonly endpoint: EndpointSpec;
  readonly update?: UpdateConfig;
  readonly rollback?: UpdateConfig;
}

export type UpdateState =
  | 'updating'
  | 'paused'
  | 'completed'
  | 'rollback_started'
  | 'rollback_paused'
  | 'rollback_completed';

export interface UpdateStatus {
  readonly state: UpdateState;
  readonly startedAt: Micros;
  readonly completedAt?: Micros;
  readonly message: string;
}

export interface Service extends Meta {
  readonly id: string;
  readonly spec: ServiceSpec;
  /** Raft index of the last spec change (`SpecVersion.Index`); tasks carry the one they were made from. */
  readonly specVersion: number;
  readonly previousSpec?: ServiceSpec;
  readonly previousSpecVersion?: number;
  /** Absent: no update ever, or reset by the last `service update`. */
  readonly updateStatus?: UpdateStatus;
  /** `Endpoint`: the spec's ports with dynamic ingress ports allocated (src/model/mesh/ports.ts); absent before the store applied it. */
  readonly endpoint?: EndpointSpec;
}

export interface TaskStatus {
  readonly state: TaskState;
  /** When this status was written (SwarmKit's `Timestamp`; the manager's `AppliedAt` is the same clock here). */
  readonly timestamp: Micros;
  /** e.g. `created`, `scheduler assigned task to node`, `started`. */
  readonly message: string;
  /** '' when none; e.g. `no suitable node (...)`, `No such image: web:2`. */
  readonly err: string;
  /** Container exit code when it exited. */
  readonly exitCode?: number;
}

export interface Task extends Meta {
  readonly id: string;
  readonly serviceId: string;
  /** Replicated: 1..N; global: 0 (the node ID names the instance). */
  readonly slot: number;
  /** '' until the scheduler assigns it (global tasks carry it from creation). */
  readonly nodeId: string;
  readonly spec: TaskSpec;
  readonly specVersion: number;
  /** Ports of the service endpoint at creation (host-mode ports matter to the scheduler). */
  readonly endpoint: EndpointSpec;
  readonly desiredState: TaskState;
  readonly status: TaskStatus;
}
