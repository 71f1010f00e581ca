/**
 * `swarmctl task ls|inspect` and `swarmctl cluster inspect|ls`
 * (`swarmctl/task/*.go`, `swarmctl/cluster/*.go`). A task is found by its
 * full ID only (`GetTask`, a gRPC NotFound without usage); the cluster by ID
 * or by name (`default`).
 */
import { renderClusterInspect, namesFrom, renderTaskLs, renderTaskSummary, renderTaskTable } from './render.js';
import { flagBool } from './flags.js';
import { tasksById } from '../store/store.js';
import { type Session, controlNodeRecord, grpcError, ok, userError, withLeader } from './session.js';
import { tabwrite } from '../docker/tabwriter.js';

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
    const task = store.tasks[id];
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
