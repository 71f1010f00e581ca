/**
 * The role manager, on the leader only (SwarmKit `manager/role_manager.go`,
 * swarm-behaviour.md §1.6): reconciles a node's desired role with its role
 * and its Raft membership, on every applied change and every 5 s while work
 * is pending. Nodes in node ID order (§7 #10).
 * - promotion: role := manager at once; the node's agent sees it and joins Raft.
 * - demotion: the leader itself → transfer leadership to the lowest-ID active
 *   member (§7 #7); another member → remove it from Raft when the quorum
 *   check allows; once not a member, role := worker.
 */
import type { TimerId } from '../../sim/types.js';
import type { Node } from '../store/objects.js';
import type { Control } from './control.js';
import { type LeaderEnv, storeOf } from './env.js';

export const RECONCILE_RETRY_US = 5_000_000;

/** SwarmKit's CanRemoveMember, evaluated on the leader. */
export function canRemoveMember(env: LeaderEnv, target: string): boolean {
  const members = env.host.raft?.voters ?? [];
  let reachable = 0;
  for (const id of members) if (id !== target && env.host.peerActive(id)) reachable++;
  const quorum = Math.floor((members.length - 1) / 2) + 1;
  return reachable >= quorum;
}

/** The raft id of a node's current membership, if it is a member. */
export function memberOf(env: LeaderEnv, nodeId: string): string | undefined {
  for (const id of env.host.raft?.voters ?? []) if (env.world.member(id)?.nodeId === nodeId) return id;
  return undefined;
}

export class RoleManager {
  private retry: TimerId | undefined;
  private busy = false;
  private stopped = false;
  /** The last nodes record in which every node held its desired role: nothing to do until the record changes. */
  private settled: object | undefined;

  constructor(
    private readonly env: LeaderEnv,
    private readonly control: Control,
  ) {}

  stop(): void {
    this.stopped = true;
    if (this.retry !== undefined) this.env.world.sim.cancel(this.retry);
    this.retry = undefined;
  }

  /** Look at every node; act on the first one that needs work (one change in flight at a time). */
  reconcile(): void {
    if (this.stopped || this.busy) return;
    const store = storeOf(this.env);
    if (store.nodes === this.settled) return;
    let pending = false;
    for (const id of Object.keys(store.nodes).sort()) {
      const node = store.nodes[id] as Node;
      if (node.spec.role === node.role) continue;
      pending = true;
      if (this.reconcileNode(node)) break;
    }
    if (!pending) this.settled = store.nodes;
    if (pending && this.retry === undefined) {
      this.retry = this.env.world.sim.schedule({ after: RECONCILE_RETRY_US as never, owner: this.env.hostname, label: 'role-manager/retry' }, () => {
        this.retry = undefined;
        this.reconcile();
      });
    }
  }

  /** True when it started a change. */
  private reconcileNode(node: Node): boolean {
    const env = this.env;
    if (node.spec.role === 'manager') return this.setRole(node, 'manager');
    const member = memberOf(env, node.id);
    if (member === undefined) return this.setRole(node, 'worker');
    if (member === env.host.id) {
      const target = (env.host.raft?.voters ?? []).filter((id) => id !== member && env.host.peerActive(id)).sort()[0];
      if (target !== undefined) env.host.transfer(target);
      return false;
    }
    if (!canRemoveMember(env, member)) return false;
    const result = env.host.proposeConfChange({ type: 'remove-node', node: member });
    return result.kind === 'proposed';
  }

  private setRole(node: Node, role: Node['role']): boolean {
    this.busy = true;
    this.control.write('role-manager', [{ kind: 'put-node', node: { ...node, role, updatedAt: this.env.world.sim.now } }], () => {
      this.busy = false;
    });
    return true;
  }
}
