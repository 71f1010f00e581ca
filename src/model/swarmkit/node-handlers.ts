/**
 * `swarmctl node ls|inspect|promote|demote|activate|pause|drain|update|rm`
 * (`swarmctl/node/*.go`): nodes by ascending ID; a node argument is its full
 * ID or its exact hostname; role and availability changes print nothing and
 * go through the same store update as `docker node update|promote|demote`,
 * with the control API's demotion checks.
 */
import { demoteLastManager, demoteNotInMemberlist, demoteQuorumLoss, nodeIsRaftMember, nodeNotDown } from '../docker/errors.js';
import type { Engine } from '../engine/engine.js';
import { canRemoveMember, memberOf } from '../manager/role-manager.js';
import { nodeViews, storedNode } from '../manager/views.js';
import type { Node, NodeAvailability, NodeRole } from '../store/objects.js';
import { tasksById } from '../store/store.js';
import { flagBool, flagStrings } from './flags.js';
import { namesFrom, renderNodeLs, renderNodeSummary, renderTaskTable } from './render.js';
import { type Session, controlNodeRecord, controlNodes, grpcErrorFrom, ok, userError, withLeader, write } from './session.js';

type Resolved = { readonly ok: true; readonly node: Node } | { readonly ok: false; readonly message: string };

/** `node/common.go#getNode`: full ID, else exact hostname. */
export function findNode(nodes: readonly Node[], ref: string): Resolved {
  const byId = nodes.find((node) => node.id === ref);
  if (byId !== undefined) return { ok: true, node: byId };
  const matches = nodes.filter((node) => node.description?.hostname === ref);
  if (matches.length === 0) return { ok: false, message: `node ${ref} not found` };
  if (matches.length > 1) return { ok: false, message: `node ${ref} is ambiguous (${matches.length} matches found)` };
  return { ok: true, node: matches[0] as Node };
}

export function nodeLs(session: Session): void {
  if (session.args.length !== 0) return userError(session, 'ls command takes no arguments');
  withLeader(session, (leader) => ok(session, renderNodeLs(controlNodes(session, leader), flagBool(session.flags, 'quiet'))));
}

export function nodeInspect(session: Session): void {
  if (session.args.length === 0) return userError(session, 'node ID missing');
  if (session.args.length > 1) return userError(session, 'inspect command takes exactly 1 argument');
  withLeader(session, (leader) => {
    const store = leader.raft?.app.store;
    const found = findNode(controlNodes(session, leader), session.args[0] as string);
    if (!found.ok || store === undefined) return userError(session, found.ok ? 'node not found' : found.message);
    const tasks = tasksById(store).filter((task) => task.nodeId === found.node.id);
    let text = renderNodeSummary(found.node);
    if (tasks.length > 0) {
      const names = namesFrom(controlNodeRecord(session, leader), store.services, session.noResolve);
      text += `\n${renderTaskTable(tasks, { all: flagBool(session.flags, 'all'), nowUs: session.nowUs, names, serviceNames: (task) => store.services[task.serviceId]?.spec.name ?? '' })}`;
    }
    ok(session, text);
  });
}

/** Shared shape of `changeNodeRole` / `changeNodeAvailability`: argument checks, lookup, no-op message, update. */
function changeNode(session: Session, change: { apply: (node: Node) => Node['spec'] | undefined; noChange: (ref: string) => string }): void {
  if (session.args.length === 0) return userError(session, 'missing node ID');
  if (session.args.length > 1) return userError(session, 'command takes exactly 1 argument');
  const ref = session.args[0] as string;
  withLeader(session, (leader) => {
    const found = findNode(controlNodes(session, leader), ref);
    if (!found.ok) return userError(session, found.message);
    const stored = leader.raft?.app.store.nodes[found.node.id];
    if (stored === undefined) return userError(session, `node ${ref} not found`);
    const spec = change.apply(found.node);
    if (spec === undefined) return userError(session, change.noChange(ref));
    const refused = demotionRefused(leader, found.node, spec.role);
    if (refused !== undefined) return grpcErrorFrom(session, refused);
    const next: Node = { ...storedNode(stored), spec, updatedAt: session.nowUs as Node['updatedAt'] };
    write(session, leader, 'control/node-update', [{ kind: 'put-node', node: next }], () => ok(session, ''));
  });
}

/** The control API's UpdateNode checks before a demotion (`controlapi/node.go`). */
function demotionRefused(leader: Engine, node: Node, role: NodeRole) {
  if (node.spec.role !== 'manager' || role !== 'worker') return undefined;
  const managers = nodeViews(leader).filter((n) => n.role === 'manager');
  if (managers.length === 1 && managers[0]?.id === node.id) return demoteLastManager();
  const raft = leader.raft;
  if (raft === undefined) return undefined;
  const env = { world: leader.world, host: raft, hostname: leader.hostname, rng: leader.world.sim.rng };
  const member = memberOf(env, node.id);
  if (member === undefined && node.role === 'manager') return demoteNotInMemberlist();
  if (member !== undefined && !canRemoveMember(env, member)) return demoteQuorumLoss();
  return undefined;
}

export function nodeRole(session: Session, role: NodeRole): void {
  changeNode(session, {
    apply: (node) => (node.spec.role === role ? undefined : { ...node.spec, role }),
    noChange: (ref) => (role === 'manager' ? `Node ${ref} is already a manager` : `Node ${ref} is already a worker`),
  });
}

const NO_CHANGE: Readonly<Record<NodeAvailability, (ref: string) => string>> = {
  active: (ref) => `Node ${ref} is already active`,
  drain: (ref) => `Node ${ref} was already drained`,
  pause: (ref) => `Node ${ref} was already paused`,
};

export function nodeAvailability(session: Session, availability: NodeAvailability): void {
  changeNode(session, {
    apply: (node) => (node.spec.availability === availability ? undefined : { ...node.spec, availability }),
    noChange: NO_CHANGE[availability],
  });
}

/** `node update <node> --label k=v`: the labels given replace all the node's labels. */
export function nodeUpdate(session: Session): void {
  if (session.args.length === 0) return userError(session, 'node ID missing');
  if (session.args.length > 1) return userError(session, 'command takes exactly 1 argument');
  const ref = session.args[0] as string;
  const entries = flagStrings(session.flags, 'label');
  withLeader(session, (leader) => {
    const found = findNode(controlNodes(session, leader), ref);
    if (!found.ok) return userError(session, found.message);
    const stored = leader.raft?.app.store.nodes[found.node.id];
    if (stored === undefined) return userError(session, `node ${ref} not found`);
    let labels = found.node.spec.labels;
    if (entries !== undefined) {
      const next: Record<string, string> = {};
      for (const entry of entries) {
        const eq = entry.indexOf('=');
        if (eq < 0) return userError(session, `malformed label for node ${entry}`);
        next[entry.slice(0, eq).trim()] = entry.slice(eq + 1).trim();
      }
      labels = next;
    }
    const before = Object.entries(found.node.spec.labels).sort().join('\n');
    if (Object.entries(labels).sort().join('\n') === before) return userError(session, `No change for node ${ref}`);
    const next: Node = { ...storedNode(stored), spec: { ...stored.spec, labels }, updatedAt: session.nowUs as Node['updatedAt'] };
    write(session, leader, 'control/node-update', [{ kind: 'put-node', node: next }], () => ok(session, ''));
  });
}

/** `node rm [-f] <node>`: the control API refuses a Raft member, and a node that is not down without --force. */
export function nodeRm(session: Session): void {
  if (session.args.length === 0) return userError(session, 'missing node ID');
  if (session.args.length > 1) return userError(session, 'remove command takes exactly 1 argument');
  withLeader(session, (leader) => {
    const found = findNode(controlNodes(session, leader), session.args[0] as string);
    if (!found.ok) return userError(session, found.message);
    const node = found.node;
    if (node.managerStatus !== undefined) return grpcErrorFrom(session, nodeIsRaftMember(node.id));
    if (!flagBool(session.flags, 'force') && node.status.state === 'ready') return grpcErrorFrom(session, nodeNotDown(node.id));
    write(session, leader, 'control/node-remove', [{ kind: 'delete-node', id: node.id }], () => ok(session, ''));
  });
}
