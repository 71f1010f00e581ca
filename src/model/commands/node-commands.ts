/**
 * `docker node ls|inspect|ps|update|promote|demote|rm` and `docker info`,
 * served by the leader (docker-cli.md §3, §9; swarm-behaviour.md §4, §5).
 * Writes are one store transaction each, proposed on the leader and answered
 * once applied there; several arguments are handled one after another.
 */
import {
  type CliOutput,
  EXIT_OK,
  demoteLastManager,
  demoteNotInMemberlist,
  demoteQuorumLoss,
  joinErrors,
  lostLeadership,
  noLeader,
  nodeIdNotInInfo,
  nodeIsRaftMember,
  nodeNotDown,
} from '../docker/errors.js';
import { formatNodeLs, withFormat } from '../docker/render/formatted.js';
import { formatInspect } from '../docker/render/inspect-format.js';
import { formatInfo } from './info-format.js';
import { renderInfoSwarm, renderTwoManagerWarning, type SwarmInfo } from '../docker/render/info.js';
import { nodeJson, renderNodeInspectJson, renderNodeInspectPrettyAll, renderNodeLs, renderNodeLsQuiet } from '../docker/render/nodes.js';
import { renderAlreadyManager, renderAlreadyWorker, renderDemoted, renderNodeEcho, renderPromoted } from '../docker/render/swarm.js';
import type { InfoRequest, NodeInspectRequest, NodeLsRequest, NodeRefsRequest, NodeRmRequest, NodeUpdateRequest } from '../docker/requests.js';
import { applyNodeUpdate, filterNodes, nodeListFilter, resolveNodeRef } from '../docker/validate.js';
import type { Engine } from '../engine/engine.js';
import type { WriteResult } from '../manager/control.js';
import { canRemoveMember, memberOf } from '../manager/role-manager.js';
import { nodeViews, storedNode } from '../manager/views.js';
import type { Node, NodeSpec } from '../store/objects.js';
import { type CommandContext, managerError, route, withLeader } from './context.js';

const ok = (stdout: string): CliOutput => ({ stdout, stderr: '', exitCode: EXIT_OK });

export function nodeLs(ctx: CommandContext, request: NodeLsRequest): void {
  withLeader(ctx, (leader) => {
    const filter = nodeListFilter(request.filters);
    if (!filter.ok) return ctx.finish(filter.error);
    const nodes = filterNodes(nodeViews(leader), filter.value);
    const self = ctx.engine.membership.nodeId;
    ctx.finish(withFormat(request.format, () => (request.quiet ? renderNodeLsQuiet(nodes) : renderNodeLs(nodes, { selfNodeId: self })), (format) => formatNodeLs(nodes, self, format)));
  });
}

function resolveRefs(ctx: CommandContext, nodes: readonly Node[], refs: readonly string[]): { found: Node[]; errors: CliOutput[] } {
  const found: Node[] = [];
  const errors: CliOutput[] = [];
  for (const ref of refs) {
    const id = ref === 'self' ? ctx.engine.membership.nodeId : ref;
    if (ref === 'self' && id === '') {
      errors.push(nodeIdNotInInfo());
      continue;
    }
    const resolved = resolveNodeRef(nodes, id);
    if (resolved.ok) found.push(resolved.value);
    else errors.push(resolved.error);
  }
  return { found, errors };
}

export function nodeInspect(ctx: CommandContext, request: NodeInspectRequest): void {
  withLeader(ctx, (leader) => {
    const { found, errors } = resolveRefs(ctx, nodeViews(leader), request.refs);
    const context = { selfNodeId: ctx.engine.membership.nodeId };
    // docker-cli §1.1/§3: the JSON inspector prints the nodes it found (`[]` if none) before the joined misses;
    // the pretty template fails as a whole, so any miss leaves stdout empty.
    if (request.pretty) return ctx.finish(errors.length > 0 ? joinErrors(errors) : ok(renderNodeInspectPrettyAll(found, context)));
    if (request.format !== undefined && request.format !== '' && request.format !== 'json') return ctx.finish(formatInspect(found.map((node) => nodeJson(node)), request.format, errors));
    ctx.finish(joinErrors(errors, renderNodeInspectJson(found, context)));
  });
}

function writeError(result: WriteResult): CliOutput {
  return result === 'no-leader' ? noLeader() : lostLeadership();
}

/** Put one node spec through the demotion checks, then write it. */
function updateSpec(ctx: CommandContext, leader: Engine, node: Node, spec: NodeSpec, done: (error: CliOutput | undefined) => void): void {
  const leadership = leader.leadership;
  if (leadership === undefined) return done(lostLeadership());
  if (node.spec.role === 'manager' && spec.role === 'worker') {
    const managers = nodeViews(leader).filter((n) => n.role === 'manager');
    if (managers.length === 1 && managers[0]?.id === node.id) return done(demoteLastManager());
    const env = { world: ctx.world, host: leader.raft as NonNullable<Engine['raft']>, hostname: leader.hostname, rng: ctx.world.ids };
    const member = memberOf(env, node.id);
    if (member === undefined && node.role === 'manager') return done(demoteNotInMemberlist());
    if (member !== undefined && !canRemoveMember(env, member)) return done(demoteQuorumLoss());
  }
  const next: Node = { ...storedNode(node), spec, updatedAt: ctx.sim.now };
  leadership.control.write('control/node-update', [{ kind: 'put-node', node: next }], (result) => done(result === 'ok' ? undefined : writeError(result)));
}

export function nodeUpdate(ctx: CommandContext, request: NodeUpdateRequest): void {
  withLeader(ctx, (leader) => {
    const resolved = resolveNodeRef(nodeViews(leader), request.ref);
    if (!resolved.ok) return ctx.finish(resolved.error);
    const spec = applyNodeUpdate(resolved.value.spec, request);
    if (!spec.ok) return ctx.finish(spec.error);
    updateSpec(ctx, leader, resolved.value, spec.value, (error) => ctx.finish(error ?? ok(renderNodeEcho(request.ref))));
  });
}

/** promote/demote: one argument after another, stopping at the first error. */
export function nodePromoteDemote(ctx: CommandContext, request: NodeRefsRequest): void {
  const role = request.command === 'node promote' ? 'manager' : 'worker';
  let stdout = '';
  const next = (i: number): void => {
    const ref = request.refs[i];
    if (ref === undefined) return ctx.finish(ok(stdout));
    withLeader({ ...ctx, finish: (out) => ctx.finish({ ...out, stdout: stdout + out.stdout }) }, (leader) => {
      const resolved = resolveNodeRef(nodeViews(leader), ref);
      if (!resolved.ok) return ctx.finish({ ...resolved.error, stdout });
      const node = resolved.value;
      if (node.spec.role === role) {
        stdout += role === 'manager' ? renderAlreadyManager(node.id) : renderAlreadyWorker(node.id);
        return next(i + 1);
      }
      updateSpec(ctx, leader, node, { ...node.spec, role }, (error) => {
        if (error !== undefined) return ctx.finish({ ...error, stdout });
        stdout += role === 'manager' ? renderPromoted(ref) : renderDemoted(ref);
        next(i + 1);
      });
    });
  };
  next(0);
}

export function nodeRm(ctx: CommandContext, request: NodeRmRequest): void {
  let stdout = '';
  const errors: CliOutput[] = [];
  const next = (i: number): void => {
    const ref = request.refs[i];
    if (ref === undefined) return ctx.finish(joinErrors(errors, stdout));
    withLeader({ ...ctx, finish: (out) => { errors.push(out); next(i + 1); } }, (leader) => {
      const resolved = resolveNodeRef(nodeViews(leader), ref);
      if (!resolved.ok) {
        errors.push(resolved.error);
        return next(i + 1);
      }
      const node = resolved.value;
      if (node.managerStatus !== undefined) errors.push(nodeIsRaftMember(node.id));
      else if (!request.force && node.status.state === 'ready') errors.push(nodeNotDown(node.id));
      else {
        return leader.leadership?.control.write('control/node-remove', [{ kind: 'delete-node', id: node.id }], (result) => {
          if (result === 'ok') stdout += renderNodeEcho(ref);
          else errors.push(writeError(result));
          next(i + 1);
        });
      }
      next(i + 1);
    });
  };
  next(0);
}

function swarmInfoBase(engine: Engine): SwarmInfo {
  const m = engine.membership;
  const managers = engine.membership.role === 'manager' && engine.raft?.raft !== undefined
    ? engine.raft.raft.voters.map((id) => engine.world.member(id)?.addr ?? '').filter((a) => a !== '')
    : engine.agent.managers.map((name) => `${engine.world.addressOf(name)}:2377`);
  return {
    localNodeState: m.state,
    nodeId: m.nodeId,
    nodeAddr: m.addr,
    controlAvailable: managerError(engine) === undefined,
    error: m.error,
    managers: 0,
    nodes: 0,
    remoteManagers: m.state === 'active' ? managers : [],
  };
}

/** `docker info`: the Swarm block of the Server section only. */
export function info(ctx: CommandContext, request: InfoRequest): void {
  const engine = ctx.engine;
  const format = request.format ?? '';
  const reply = (data: SwarmInfo, stderr = ''): void => ctx.finish(format !== '' ? formatInfo(ctx.world, engine, data, format) : { stdout: renderInfoSwarm(data), stderr, exitCode: 0 });
  const base = swarmInfoBase(engine);
  if (!base.controlAvailable) return reply(base);
  const routed = route(ctx.world, engine);
  if (routed.kind === 'error' || (routed.kind === 'wait' && ctx.instant)) {
    const text = routed.kind === 'error' ? routed.output.stderr : 'rpc error: code = DeadlineExceeded desc = context deadline exceeded';
    return reply({ ...base, error: text.replace(/^Error response from daemon: /, '').replace(/\n$/, '') });
  }
  withLeader(ctx, (leader) => {
    const nodes = nodeViews(leader);
    const managers = nodes.filter((n) => n.managerStatus !== undefined).length;
    const cluster = leader.raft?.app.store.cluster;
    const full: SwarmInfo = cluster === undefined ? { ...base, managers, nodes: nodes.length } : { ...base, managers, nodes: nodes.length, cluster };
    reply(full, managers === 2 ? renderTwoManagerWarning() : '');
  });
}
