/**
 * Typed requests of `docker service …` and `docker stack …` (docker-cli.md §4,
 * §6): what the user gave, already checked the way the docker client checks
 * it. `service create` carries a whole `ServiceSpec` built as the CLI builds
 * it (`service-spec.ts`); `service update` carries the changes, applied to the
 * current spec by `applyServiceChanges`.
 */
import type { PlacementPreference, PortConfig, RestartPolicy, ServiceSpec, UpdateConfig } from '../store/objects.js';
import type { FilterTerm } from './requests.js';

export interface ServiceCreateRequest {
  readonly command: 'service create';
  /** `name` is '' when `--name` was not given: the daemon picks one. */
  readonly spec: ServiceSpec;
  readonly detach: boolean;
  readonly quiet: boolean;
  /** `--no-resolve-image`: no registry lookup, so no digest warning. */
  readonly noResolveImage: boolean;
}

/** `--limit-*` / `--reserve-*` values given (nano-CPUs, bytes). */
export interface ResourceChanges {
  readonly nanoCPUs?: number;
  readonly memoryBytes?: number;
}

/** What `service update` changes; each field present only when its flag was given. */
export interface ServiceChanges {
  readonly image?: string;
  readonly args?: readonly string[];
  readonly replicas?: number;
  readonly maxReplicas?: number;
  readonly restart?: Partial<RestartPolicy>;
  readonly update?: Partial<UpdateConfig>;
  readonly rollback?: Partial<UpdateConfig>;
  readonly limits?: ResourceChanges;
  readonly reservations?: ResourceChanges;
  readonly envAdd: readonly string[];
  readonly envRm: readonly string[];
  readonly labelAdd: readonly string[];
  readonly labelRm: readonly string[];
  readonly constraintAdd: readonly string[];
  readonly constraintRm: readonly string[];
  readonly placementPrefAdd: readonly PlacementPreference[];
  readonly placementPrefRm: readonly PlacementPreference[];
  readonly publishAdd: readonly PortConfig[];
  /** `--publish-rm` entries, matched on target port + protocol + mode. */
  readonly publishRm: readonly PortConfig[];
  /** `--force`: bump ForceUpdate so every task is replaced. */
  readonly force: boolean;
}

export interface ServiceUpdateRequest {
  readonly command: 'service update';
  readonly ref: string;
  readonly changes: ServiceChanges;
  /** `--rollback` (alone, or with -d/-q). */
  readonly rollback: boolean;
  readonly detach: boolean;
  readonly quiet: boolean;
}

export interface ServiceRollbackRequest {
  readonly command: 'service rollback';
  readonly ref: string;
  readonly detach: boolean;
  readonly quiet: boolean;
}

export interface ServiceLsRequest {
  readonly command: 'service ls';
  readonly quiet: boolean;
  readonly filters: readonly FilterTerm[];
  readonly format?: string;
}

export interface ServicePsRequest {
  readonly command: 'service ps';
  readonly refs: readonly string[];
  readonly filters: readonly FilterTerm[];
  readonly noResolve: boolean;
  readonly noTrunc: boolean;
  readonly quiet: boolean;
  readonly format?: string;
}

export interface ServiceInspectRequest {
  readonly command: 'service inspect';
  readonly refs: readonly string[];
  readonly pretty: boolean;
  readonly format?: string;
}

export interface ServiceScaleRequest {
  readonly command: 'service scale';
  /** In the order typed; `ref` as typed (it is echoed). `invalid`: that argument's whole error line (`web: invalid replicas value x: …`). */
  readonly scales: readonly ({ readonly ref: string; readonly replicas: number } | { readonly ref: string; readonly invalid: string })[];
  readonly detach: boolean;
}

export interface ServiceRmRequest {
  readonly command: 'service rm';
  readonly refs: readonly string[];
}

export interface ServiceLogsRequest {
  readonly command: 'service logs';
  readonly ref: string;
}

export type ResolveImage = 'always' | 'changed' | 'never';

export interface StackDeployRequest {
  readonly command: 'stack deploy';
  readonly stack: string;
  /** `-c` paths in order (`-` = stdin); never empty. */
  readonly composeFiles: readonly string[];
  readonly detach: boolean;
  /** Whether `-d/--detach` was given (else the "Since --detach=false…" notice is printed). */
  readonly detachGiven: boolean;
  readonly prune: boolean;
  readonly quiet: boolean;
  readonly resolveImage: ResolveImage;
}

export interface StackLsRequest {
  readonly command: 'stack ls';
  readonly format?: string;
}

export interface StackServicesRequest {
  readonly command: 'stack services';
  readonly stack: string;
  readonly filters: readonly FilterTerm[];
  readonly quiet: boolean;
  readonly format?: string;
}

export interface StackPsRequest {
  readonly command: 'stack ps';
  readonly stack: string;
  readonly filters: readonly FilterTerm[];
  readonly noResolve: boolean;
  readonly noTrunc: boolean;
  readonly quiet: boolean;
  readonly format?: string;
}

export interface StackRmRequest {
  readonly command: 'stack rm';
  readonly stacks: readonly string[];
  readonly detach: boolean;
}

export type ServiceRequest =
  | ServiceCreateRequest
  | ServiceUpdateRequest
  | ServiceRollbackRequest
  | ServiceLsRequest
  | ServicePsRequest
  | ServiceInspectRequest
  | ServiceScaleRequest
  | ServiceRmRequest
  | ServiceLogsRequest
  | StackDeployRequest
  | StackLsRequest
  | StackServicesRequest
  | StackPsRequest
  | StackRmRequest;
