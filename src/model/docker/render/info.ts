/**
 * The Swarm block of `docker info` (docker/cli `cli/command/system/info.go#printSwarmInfo`;
 * docker-cli.md §9, swarm-behaviour.md §5). Lines are Go `Println`s: label,
 * one space, value — so an empty NodeID leaves a trailing space, and each
 * address pool entry is followed by two spaces. Only the ` Swarm:` part of
 * the Server section is rendered; the rest of `docker info` is not modelled.
 */
import { sortedStrings } from '../../../sim/order.js';
import type { Cluster, LocalNodeState } from '../../store/objects.js';
import { humanDuration } from '../humanize.js';

export interface SwarmInfo {
  readonly localNodeState: LocalNodeState;
  readonly nodeId: string;
  /** Advertise IP (no port). */
  readonly nodeAddr: string;
  /** True on a manager whose control API is up (`Is Manager`). */
  readonly controlAvailable: boolean;
  /** e.g. the lost-quorum text; '' when none. */
  readonly error: string;
  /** The cluster object, when this node could read it (managers with a leader). */
  readonly cluster?: Cluster;
  /** Nodes with a ManagerStatus (raft members). */
  readonly managers: number;
  readonly nodes: number;
  /** `<ip>:2377` of every manager this node knows, itself included. */
  readonly remoteManagers: readonly string[];
}

function line(label: string, value: string | number | boolean): string {
  return `${label} ${String(value)}\n`;
}

function clusterBlock(cluster: Cluster, info: SwarmInfo): string {
  const spec = cluster.spec;
  let text = line('  ClusterID:', cluster.id) + line('  Managers:', info.managers) + line('  Nodes:', info.nodes);
  text += line('  Default Address Pool:', cluster.defaultAddressPool.map((pool) => `${pool}  `).join(''));
  text += line('  SubnetSize:', cluster.subnetSize);
  if (cluster.dataPathPort > 0) text += line('  Data Path Port:', cluster.dataPathPort);
  text += '  Orchestration:\n' + line('   Task History Retention Limit:', spec.orchestration.taskHistoryRetentionLimit);
  text += '  Raft:\n' + line('   Snapshot Interval:', spec.raft.snapshotInterval);
  text += `   Number of Old Snapshots to Retain: ${spec.raft.keepOldSnapshots}\n`;
  text += line('   Heartbeat Tick:', spec.raft.heartbeatTick) + line('   Election Tick:', spec.raft.electionTick);
  text += '  Dispatcher:\n' + line('   Heartbeat Period:', humanDuration(spec.dispatcher.heartbeatPeriodUs));
  text += '  CA Configuration:\n' + line('   Expiry Duration:', humanDuration(spec.caConfig.nodeCertExpiryUs));
  text += line('   Force Rotate:', spec.caConfig.forceRotate);
  text += line('  Autolock Managers:', spec.encryption.autoLockManagers);
  text += line('  Root Rotation In Progress:', cluster.rootRotationInProgress);
  return text;
}

/** ` Swarm: <state>` and what follows it, as printed under `Server:`. */
export function renderInfoSwarm(info: SwarmInfo): string {
  let text = line(' Swarm:', info.localNodeState);
  if (info.localNodeState === 'inactive' || info.localNodeState === 'locked') return text;
  text += line('  NodeID:', info.nodeId);
  if (info.error !== '') text += line('  Error:', info.error);
  text += line('  Is Manager:', info.controlAvailable);
  if (info.cluster !== undefined && info.controlAvailable && info.error === '' && info.localNodeState !== 'error') {
    text += clusterBlock(info.cluster, info);
  }
  text += line('  Node Address:', info.nodeAddr);
  if (info.remoteManagers.length > 0) {
    text += '  Manager Addresses:\n' + sortedStrings(info.remoteManagers).map((addr) => `   ${addr}\n`).join('');
  }
  return text;
}

/** The daemon's warning for two managers, on stderr after the info output (swarm-behaviour.md §5). */
export function renderTwoManagerWarning(): string {
  return (
    'WARNING: Running Swarm in a two-manager configuration. This configuration provides\n' +
    '         no fault tolerance, and poses a high risk to lose control over the cluster.\n' +
    '         Refer to https://docs.docker.com/engine/swarm/admin_guide/ to configure the\n' +
    '         Swarm for fault-tolerance.\n'
  );
}
