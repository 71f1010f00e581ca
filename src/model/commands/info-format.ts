/**
 * `docker info --format` (docker/cli `cli/command/system/info.go#formatInfo`):
 * the template runs on the daemon's info struct. Modelled: the container and
 * image counts of this node, its name, version, CPUs, memory, OS type and
 * architecture, and `.Swarm` (swarm.Info: NodeID, NodeAddr, LocalNodeState,
 * ControlAvailable, Error, RemoteManagers, Nodes, Managers, Cluster), in the
 * structs' field order for `{{json}}`. A template that does not parse exits
 * 64 with `template parsing error: …`; one that fails while running prints
 * what it wrote, a newline, and Go's error (exit 1).
 */
import { ENGINE_VERSION } from '../cluster/config.js';
import { type CliOutput } from '../docker/errors.js';
import { templateFailure } from '../docker/format.js';
import { goTimeJson } from '../docker/humanize.js';
import type { SwarmInfo } from '../docker/render/info.js';
import { jsonObject, type JsonObject } from '../docker/json.js';
import { GoStruct, type GoValue, TemplateError, executePartial, executeTemplate, parseTemplate } from '../docker/template.js';
import type { Engine } from '../engine/engine.js';
import type { Cluster } from '../store/objects.js';
import type { SwarmWorld } from '../world.js';
import { visibleContainers } from './container-commands.js';

const NS_PER_US = 1_000;

function struct(typeName: string, fields: Record<string, GoValue>): GoStruct {
  return new GoStruct(typeName, Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, () => value])), {}, 'declared');
}

function clusterJson(cluster: Cluster): JsonObject {
  const spec = cluster.spec;
  return jsonObject([
    ['ID', cluster.id],
    ['Version', jsonObject([['Index', cluster.version]])],
    ['CreatedAt', goTimeJson(cluster.createdAt)],
    ['UpdatedAt', goTimeJson(cluster.updatedAt)],
    [
      'Spec',
      jsonObject([
        ['Name', 'default'],
        ['Labels', jsonObject([])],
        ['Orchestration', jsonObject([['TaskHistoryRetentionLimit', spec.orchestration.taskHistoryRetentionLimit]])],
        [
          'Raft',
          jsonObject([
            ['SnapshotInterval', spec.raft.snapshotInterval],
            ['KeepOldSnapshots', spec.raft.keepOldSnapshots],
            ['LogEntriesForSlowFollowers', spec.raft.logEntriesForSlowFollowers],
            ['ElectionTick', spec.raft.electionTick],
            ['HeartbeatTick', spec.raft.heartbeatTick],
          ]),
        ],
        ['Dispatcher', jsonObject([['HeartbeatPeriod', spec.dispatcher.heartbeatPeriodUs * NS_PER_US]])],
        ['CAConfig', jsonObject([['NodeCertExpiry', spec.caConfig.nodeCertExpiryUs * NS_PER_US]])],
        ['TaskDefaults', jsonObject([])],
        ['EncryptionConfig', jsonObject([['AutoLockManagers', spec.encryption.autoLockManagers]])],
      ]),
    ],
    ['RootRotationInProgress', cluster.rootRotationInProgress],
    ['DefaultAddrPool', [...cluster.defaultAddressPool]],
    ['SubnetSize', cluster.subnetSize],
    ['DataPathPort', cluster.dataPathPort],
  ]);
}

/** `RemoteManagers`: node ID and address of each manager this node knows, by address. */
function remoteManagers(world: SwarmWorld, info: SwarmInfo): GoValue[] {
  const byAddr = new Map<string, string>();
  for (const other of world.engines) {
    const raft = other.raft;
    if (raft !== undefined) {
      const member = world.member(raft.id);
      if (member !== undefined) byAddr.set(member.addr, member.nodeId);
    }
    byAddr.set(`${other.address}:2377`, byAddr.get(`${other.address}:2377`) ?? other.membership.nodeId);
  }
  return [...info.remoteManagers].sort().map((addr) => struct('swarm.Peer', { NodeID: byAddr.get(addr) ?? '', Addr: addr }));
}

export function infoValue(world: SwarmWorld, engine: Engine, info: SwarmInfo): GoStruct {
  const containers = visibleContainers(world, engine);
  const count = (state: string): number => containers.filter((c) => c.state === state).length;
  const swarm = struct('swarm.Info', {
    NodeID: info.nodeId,
    NodeAddr: info.nodeAddr,
    LocalNodeState: info.localNodeState,
    ControlAvailable: info.controlAvailable,
    Error: info.error,
    RemoteManagers: remoteManagers(world, info),
    Nodes: info.nodes,
    Managers: info.managers,
    Cluster: info.cluster === undefined || !info.controlAvailable ? null : clusterJson(info.cluster),
  });
  return struct('system.dockerInfo', {
    Containers: containers.length,
    ContainersRunning: count('running'),
    ContainersPaused: 0,
    ContainersStopped: containers.length - count('running'),
    Images: engine.tasks.cachedImages.length,
    OSType: 'linux',
    Architecture: 'x86_64',
    NCPU: Math.trunc(engine.config.nanoCPUs / 1e9),
    MemTotal: engine.config.memoryBytes,
    Name: engine.hostname,
    ServerVersion: ENGINE_VERSION,
    Swarm: swarm,
  });
}

export function formatInfo(world: SwarmWorld, engine: Engine, info: SwarmInfo, format: string): CliOutput {
  let template;
  try {
    template = parseTemplate(format === 'json' ? '{{json .}}' : format);
  } catch (error) {
    if (error instanceof TemplateError) return templateFailure(error, 'template parsing error: ', 64);
    throw error;
  }
  const value = infoValue(world, engine, info);
  try {
    return { stdout: `${executeTemplate(template, value)}\n`, stderr: '', exitCode: 0 };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    if (error.kind === 'unsupported') return templateFailure(error);
    return { stdout: `${executePartial(template, value)}\n`, stderr: `${error.message}\n`, exitCode: 1 };
  }
}
