/**
 * The leader's write path (SwarmKit `raft.ProposeValue` + the wait registry):
 * one store transaction per proposal, the caller answered when the entry is
 * committed and applied on the leader, or told the leader lost leadership
 * (swarm-behaviour.md §1.3). Also the CA's join (node object creation) and the
 * raft membership join (§1.5) that a joining manager calls.
 */
import type { Node, NodeAvailability, NodeRole } from '../store/objects.js';
import { MAX_CHANGES_PER_TRANSACTION, type Change, type Transaction } from '../store/store.js';
import { parseJoinToken } from '../docker/validate.js';
import { joinCaMismatch, joinTokenMalformed, joinTokenRejected } from '../docker/errors.js';
import { newId } from '../control/ids.js';
import type { Response } from '../engine/rpc.js';
import { type LeaderEnv, storeOf } from './env.js';

export type WriteResult = 'ok' | 'lost-leadership' | 'no-leader';

const RAFT_JOIN_RETRY_US = 1_000_000;
const RAFT_JOIN_TIMEOUT_US = 25_000_000;
/** `raft.go#Join`: the leader health-checks the newcomer's advertised address for 5 s. */
const DIAL_BACK_TIMEOUT_US = 5_000_000;
const DIAL_BACK_FAILED =
  'could not connect to prospective new cluster member using its advertised address: rpc error: code = DeadlineExceeded desc = context deadline exceeded';

/**
 * Node IDs issued per join (`joinId`), per world: a retry of the same join
 * (its answer was lost) gets the same node object back, also from a new
 * leader, instead of a phantom Unknown row with an empty hostname.
 */
const issuedJoins = new WeakMap<object, Map<string, string>>();

function issuedJoinsOf(world: object): Map<string, string> {
  let joins = issuedJoins.get(world);
  if (joins === undefined) issuedJoins.set(world, (joins = new Map()));
  return joins;
}

function stderrText(output: { stderr: string }): string {
  return output.stderr.replace(/^Error response from daemon: /, '').replace(/\n$/, '');
}

export class Control {
  private readonly waiters = new Map<number, { term: number; reply: (result: WriteResult) => void }>();
  private stopped = false;

  constructor(private readonly env: LeaderEnv) {}

  /** Propose one transaction; larger change lists are split (store.Batch) and answered after the last. */
  write(origin: string, changes: readonly Change[], reply: (result: WriteResult) => void): void {
    if (changes.length === 0) return reply('ok');
    let remaining = Math.ceil(changes.length / MAX_CHANGES_PER_TRANSACTION);
    let failed: WriteResult | undefined;
    for (let at = 0; at < changes.length; at += MAX_CHANGES_PER_TRANSACTION) {
      const tx: Transaction = { origin, changes: changes.slice(at, at + MAX_CHANGES_PER_TRANSACTION) };
      this.proposeOne(tx, (result) => {
        if (result !== 'ok') failed ??= result;
        remaining -= 1;
        if (remaining === 0) reply(failed ?? 'ok');
      });
    }
  }

  private proposeOne(tx: Transaction, reply: (result: WriteResult) => void): void {
    if (this.stopped) return reply('lost-leadership');
    const data = this.env.world.transactions.add(tx);
    const result = this.env.host.propose(data);
    if (result.kind === 'dropped') return reply('no-leader');
    // A group of one commits and applies inside propose.
    if (this.env.host.app.index >= result.index) return reply('ok');
    this.waiters.set(result.index, { term: result.term, reply });
  }

  onEntryApplied(index: number, term: number): void {
    const waiter = this.waiters.get(index);
    if (waiter === undefined) return;
    this.waiters.delete(index);
    waiter.reply(waiter.term === term ? 'ok' : 'lost-leadership');
  }

  stop(): void {
    this.stopped = true;
    const waiting = [...this.waiters.entries()].sort(([a], [b]) => a - b);
    this.waiters.clear();
    for (const [, waiter] of waiting) waiter.reply('lost-leadership');
  }

  /** CA `IssueNodeCertificate`: check the token, create the node object (Unknown, no description). */
  join(request: { token: string; hostname: string; joinId: string; availability: NodeAvailability | undefined }, reply: (response: Response) => void): void {
    const cluster = storeOf(this.env).cluster;
    if (cluster === undefined) return reply({ kind: 'error', text: 'cluster not ready', retry: true });
    const parts = parseJoinToken(request.token);
    if (parts === null && request.token !== '') return reply({ kind: 'error', text: stderrText(joinTokenMalformed()), retry: false });
    if (parts !== null && parts.digest !== cluster.rootCaDigest) {
      // Like a wrong secret, the joiner's CA client retries: the error comes after the join's tries (≈10 s, §3.4).
      return reply({ kind: 'error', text: stderrText(joinCaMismatch(fingerprint(parts.digest))), retry: true });
    }
    const role: NodeRole | undefined =
      request.token === cluster.joinTokens.manager ? 'manager' : request.token === cluster.joinTokens.worker ? 'worker' : undefined;
    if (role === undefined) return reply({ kind: 'error', text: stderrText(joinTokenRejected()), retry: true });
    const joins = issuedJoinsOf(this.env.world);
    const issued = joins.get(request.joinId);
    const existing = issued === undefined ? undefined : storeOf(this.env).nodes[issued];
    if (existing !== undefined) return reply({ kind: 'joined', nodeId: existing.id, role: existing.role, clusterId: cluster.id, managers: managerHostnames(this.env) });
    const now = this.env.world.sim.now;
    const id = issued ?? newId(this.env.world.ids);
    joins.set(request.joinId, id);
    const node: Node = {
      id,
      version: 0,
      createdAt: now,
      updatedAt: now,
      spec: { labels: {}, role, availability: request.availability ?? 'active' },
      role,
      status: { state: 'unknown', message: '', addr: '' },
    };
    this.write('ca/join', [{ kind: 'put-node', node }], (result) => {
      if (result !== 'ok') return reply({ kind: 'error', text: 'raft: failed to process the request: node lost leader status', retry: true });
      reply({ kind: 'joined', nodeId: node.id, role, clusterId: cluster.id, managers: managerHostnames(this.env) });
    });
  }

  /** RaftMembership.Join: dial back the newcomer, then add it as a voter. */
  raftJoin(request: { nodeId: string; raftId: string; hostname: string }, reply: (response: Response) => void): void {
    const { world, host } = this.env;
    const started = world.sim.now;
    const attempt = (): void => {
      if (this.stopped) return reply({ kind: 'error', text: 'raft: failed to process the request: node lost leader status', retry: true });
      if (host.raft?.voters.includes(request.raftId) === true) return reply({ kind: 'raft-joined' });
      if (!world.sim.net.reachable(this.env.hostname, request.hostname, 2377, 'tcp')) {
        // The dial-back health check (5 s) fails: no member is added; the newcomer's manager stops (§1.5).
        world.sim.schedule({ after: DIAL_BACK_TIMEOUT_US as never, owner: this.env.hostname, label: 'control/dial-back' }, () => {
          if (this.stopped) return reply({ kind: 'error', text: 'raft: failed to process the request: node lost leader status', retry: true });
          reply({ kind: 'error', text: DIAL_BACK_FAILED, retry: false });
        });
        return;
      }
      // The cluster's port: 2377 for docker, 4242 for swarmd (the leader's own member address tells).
      const port = /:(\d+)$/.exec(world.member(host.id)?.addr ?? '')?.[1] ?? '2377';
      world.addMember({ raftId: request.raftId, nodeId: request.nodeId, hostname: request.hostname, addr: `${world.addressOf(request.hostname)}:${port}` });
      const result = host.proposeConfChange({ type: 'add-node', node: request.raftId });
      if (result.kind === 'proposed') {
        if (host.app.index >= result.index) return reply({ kind: 'raft-joined' });
        this.waiters.set(result.index, { term: result.term, reply: (r) => reply(r === 'ok' ? { kind: 'raft-joined' } : { kind: 'error', text: r, retry: true }) });
        return;
      }
      if (world.sim.now - started >= RAFT_JOIN_TIMEOUT_US) return reply({ kind: 'error', text: 'context deadline exceeded', retry: true });
      world.sim.schedule({ after: RAFT_JOIN_RETRY_US as never, owner: this.env.hostname, label: 'control/raft-join' }, attempt);
    };
    attempt();
  }
}

/**
 * The fingerprint the CA mismatch error prints: the token's digest part is the
 * root CA's SHA-256 as a base-36 number (swarm-behaviour.md §3.2), printed back
 * as `%064x`.
 */
function fingerprint(digest: string): string {
  let value = 0n;
  for (const c of digest) value = value * 36n + BigInt(parseInt(c, 36));
  return value.toString(16).padStart(64, '0');
}

/** Hostnames of the current raft members, as the leader knows them (sorted). */
export function managerHostnames(env: LeaderEnv): string[] {
  const voters = env.host.raft?.voters ?? [];
  const names: string[] = [];
  for (const raftId of voters) {
    const member = env.world.member(raftId);
    if (member !== undefined) names.push(member.hostname);
  }
  return names.sort();
}
