/**
 * `swarmctl task ls|inspect` and `swarmctl cluster inspect|ls|update`
 * (`swarmctl/task/*.go`, `swarmctl/cluster/*.go`). A task is found by its
 * full ID only (`GetTask`, a gRPC NotFound without usage); the cluster by ID
 * or by name (`default`). `cluster update` changes the settings
 * `docker swarm update` changes, through the same `put-cluster` write, and
 * rotates join tokens (`--rotate-join-token worker|manager`).
 */
import { renderClusterInspect, namesFrom, renderTaskLs, renderTaskSummary, renderTaskTable } from './render.js';
import { tasksById } from '../store/store.js';
import { type Session, controlNodeRecord, grpcError, grpcErrorFrom, notModelled, ok, userError, withLeader, write } from './session.js';
import { tabwrite } from '../docker/tabwriter.js';
import { newJoinToken } from '../control/ids.js';
import { certExpiryTooShort, negativeHeartbeat } from '../docker/errors.js';
import type { Cluster } from '../store/objects.js';
import { flagBool, flagNumber, flagString } from './flags.js';

export function taskLs(session: Session): void {
  if (session.args.length !== 0) return userError(session, 'ls command takes no arguments');
  withLeader(session, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return;
    const names = namesFrom(controlNodeRecord(session, leader), store.services, session.noResolve);
    ok(session, renderTaskLs(tasksById(store), { all: flagBool(session.flags, 'all'), quiet: flagBool(session.flags, 'quiet'), nowUs: session.nowUs, names }));
  });
}

export function taskInspect(session: Session): void {
  if (session.args.length === 0) return userError(session, 'task ID missing');
  if (session.args.length > 1) return userError(session, 'inspect command takes exactly 1 argument');
  const id = session.args[0] as string;
  withLeader(session, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return;
    const task = store.tasks.get(id);
    if (task === undefined) return grpcError(session, `task ${id} not found`);
    const names = namesFrom(controlNodeRecord(session, leader), store.services, session.noResolve);
    const parents = tasksById(store).filter((t) => t.serviceId === task.serviceId && t.slot === task.slot);
    let text = renderTaskSummary(task, names);
    if (parents.length > 0) {
      text += `\n===> Task Parents\n${renderTaskTable(parents, { all: true, nowUs: session.nowUs, names, serviceNames: (t) => store.services[t.serviceId]?.spec.name ?? '' })}`;
    }
    ok(session, text);
  });
}

export function clusterInspect(session: Session): void {
  if (session.args.length === 0) return userError(session, 'cluster name missing');
  if (session.args.length > 1) return userError(session, 'inspect command takes exactly 1 argument');
  const ref = session.args[0] as string;
  withLeader(session, (leader) => {
    const cluster = leader.raft?.app.store.cluster;
    if (cluster === undefined || (cluster.id !== ref && cluster.name !== ref)) return userError(session, `cluster ${ref} not found`);
    ok(session, renderClusterInspect(cluster));
  });
}

export function clusterLs(session: Session): void {
  if (session.args.length !== 0) return userError(session, 'ls command takes no arguments');
  withLeader(session, (leader) => {
    const cluster = leader.raft?.app.store.cluster;
    const clusters = cluster === undefined ? [] : [cluster];
    if (flagBool(session.flags, 'quiet')) return ok(session, clusters.map((c) => `${c.id}\n`).join(''));
    const rows = clusters.map((c) => `${c.id}\t${c.name}\n`).join('');
    ok(session, tabwrite(`ID\tName\n--\t----\n${rows}`, { minwidth: 0, tabwidth: 4, padding: 2, padchar: ' ' }));
  });
}

const MIN_CERT_EXPIRY_US = 3_600_000_000;
const CLUSTER_NOT_MODELLED = ['autolock', 'rotate-unlock-key', 'log-driver', 'log-opt', 'external-ca'];

export function clusterUpdate(session: Session): void {
  if (session.args.length === 0) return userError(session, 'cluster name missing');
  if (session.args.length > 1) return userError(session, 'update command takes exactly 1 argument');
  const refused = CLUSTER_NOT_MODELLED.find((name) => session.flags.changed.has(name));
  if (refused !== undefined) return notModelled(session, `swarmctl cluster update --${refused}`);
  const ref = session.args[0] as string;
  withLeader(session, (leader) => {
    const cluster = leader.raft?.app.store.cluster;
    if (cluster === undefined || (cluster.id !== ref && cluster.name !== ref)) return userError(session, `cluster ${ref} not found`);
    const rotate = flagString(session.flags, 'rotate-join-token')?.toLowerCase();
    if (rotate !== undefined && rotate !== 'worker' && rotate !== 'manager') return userError(session, "--rotate-join-token flag must be followed by 'worker' or 'manager'");
    const spec = cluster.spec;
    const certExpiryUs = flagNumber(session.flags, 'certexpiry') ?? spec.caConfig.nodeCertExpiryUs;
    const heartbeatUs = flagNumber(session.flags, 'heartbeatperiod') ?? spec.dispatcher.heartbeatPeriodUs;
    if (certExpiryUs < MIN_CERT_EXPIRY_US) return grpcErrorFrom(session, certExpiryTooShort());
    if (heartbeatUs < 0) return grpcErrorFrom(session, negativeHeartbeat());
    const joinTokens = rotate === undefined ? cluster.joinTokens : { ...cluster.joinTokens, [rotate]: newJoinToken(session.world.ids, cluster.rootCaDigest) };
    const next: Cluster = {
      ...cluster,
      spec: {
        ...spec,
        orchestration: { taskHistoryRetentionLimit: flagNumber(session.flags, 'taskhistory') ?? spec.orchestration.taskHistoryRetentionLimit },
        dispatcher: { heartbeatPeriodUs: heartbeatUs as Cluster['spec']['dispatcher']['heartbeatPeriodUs'] },
        caConfig: { ...spec.caConfig, nodeCertExpiryUs: certExpiryUs as Cluster['spec']['caConfig']['nodeCertExpiryUs'] },
      },
      joinTokens,
      updatedAt: session.world.sim.now as Cluster['updatedAt'],
    };
    write(session, leader, 'control/cluster-update', [{ kind: 'put-cluster', cluster: next }], () => ok(session, `${cluster.id}\n`));
  });
}
