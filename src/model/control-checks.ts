/**
 * The control plane's invariants, checked after every event:
 * - `storesAgree`: two managers of one Raft group that applied the same index
 *   hold the same store (several swarms can live in one world: indexes are per
 *   group, see RaftChecks.groupOf);
 * - `downOnlyAfterHeartbeatsStop`: a dispatcher marks a node down only when it
 *   has not accepted a heartbeat (or registration) from it for the grace it gave;
 * - `managerStatusAgreesWithRaft`: on the leader, the nodes with a manager
 *   status are exactly the Raft voters, the one marked Leader is the leader's
 *   own node (and the leader's own node is marked Leader), every voter's node
 *   holds the manager role, and Reachable/Unreachable agrees with the leader's
 *   transport view: the leader itself, or a peer heard from within the last
 *   2 s (`PEER_ACTIVE_US`, swarm-behaviour §1.8) is Reachable, any other
 *   member Unreachable.
 */
import { PEER_ACTIVE_US, type RaftHost } from './raft-host/host.js';
import type { SwarmWorld } from './world.js';
import { nodeViews } from './manager/views.js';

export const CONTROL_INVARIANTS = [
  ['storesAgree', 'Managers that applied the same Raft index hold the same store.'],
  ['downOnlyAfterHeartbeatsStop', 'A node is marked down only after its heartbeats stopped for the grace period.'],
  ['managerStatusAgreesWithRaft', "A node's manager status (Leader/Reachable/Unreachable) agrees with Raft."],
] as const;

const KEEP_INDEXES = 2000;

/** JSON.stringify replacer: a Map (tasks of a store built by hand) as its entries, in order, as the store's TaskTable writes itself. */
function mapsAsEntries(_key: string, value: unknown): unknown {
  return value instanceof Map ? [...(value as Map<unknown, unknown>)] : value;
}

export class ControlChecks {
  readonly current = new Map<string, string>();
  private readonly stores = new Map<string, { by: string; text: string }>();
  private readonly lastHeartbeat = new Map<string, number>();

  constructor(
    private readonly world: SwarmWorld,
    private readonly enabled: boolean,
  ) {}

  noteApplied(host: RaftHost): void {
    if (!this.enabled) return;
    const index = host.app.index;
    const group = this.world.checks.groupOf(host.id, host.raft?.voters ?? []) ?? `cluster:${host.app.store.cluster?.id ?? host.id}`;
    const text = JSON.stringify(host.app.store, mapsAsEntries);
    const seen = this.stores.get(`${group}/${index}`);
    if (seen === undefined) {
      this.stores.set(`${group}/${index}`, { by: host.id, text });
      this.stores.delete(`${group}/${index - KEEP_INDEXES}`);
    } else if (seen.text !== text && !this.current.has('storesAgree')) {
      this.current.set('storesAgree', `${host.id} and ${seen.by} hold different stores at index ${index}`);
    }
  }

  noteHeartbeat(nodeId: string, by: string): void {
    if (this.enabled) this.lastHeartbeat.set(`${by}/${nodeId}`, this.world.sim.now);
  }

  noteMarkedDown(nodeId: string, graceUs: number, by: string): void {
    if (!this.enabled) return;
    const last = this.lastHeartbeat.get(`${by}/${nodeId}`);
    if (last !== undefined && this.world.sim.now - last < graceUs && !this.current.has('downOnlyAfterHeartbeatsStop')) {
      this.current.set('downOnlyAfterHeartbeatsStop', `${by} marked node ${nodeId} down ${this.world.sim.now - last}us after a heartbeat (grace ${graceUs}us)`);
    }
  }

  afterEvent(): void {
    if (!this.enabled || this.current.has('managerStatusAgreesWithRaft')) return;
    const problem = this.checkManagerStatus();
    if (problem !== undefined) this.current.set('managerStatusAgreesWithRaft', problem);
  }

  private checkManagerStatus(): string | undefined {
    for (const engine of this.world.engines) {
      const raft = engine.raft;
      if (raft === undefined || engine.leadership === undefined || raft.raft === undefined) continue;
      const voters = raft.raft.voters;
      for (const node of nodeViews(engine)) {
        const raftIds = voters.filter((id) => this.world.member(id)?.nodeId === node.id);
        if ((node.managerStatus !== undefined) !== (raftIds.length > 0)) return `${raft.id}: node ${node.id} manager status ${node.managerStatus === undefined ? 'absent' : 'present'} but ${raftIds.length} raft members`;
        if (node.managerStatus?.leader === true && node.id !== engine.membership.nodeId) return `${raft.id}: node ${node.id} shown Leader but ${engine.hostname} leads`;
        if (raftIds.length > 0 && node.role !== 'manager') return `${raft.id}: raft member node ${node.id} has role ${node.role}`;
        if (node.id === engine.membership.nodeId && node.managerStatus?.leader !== true) return `${raft.id}: the leader's own node ${node.id} is not shown Leader`;
        const status = node.managerStatus;
        if (status !== undefined && raftIds.length > 0) {
          const expected = raftIds.some((id) => this.heardWithin(raft, id)) ? 'reachable' : 'unreachable';
          if (status.reachability !== expected) {
            return `${raft.id}: node ${node.id} (${raftIds.join(', ')}) shown ${status.reachability} but the leader's transport says ${expected}`;
          }
        }
      }
    }
    return undefined;
  }

  /** The leader's transport view of one member, read from its raw `lastHeardUs` (not through the view's code). */
  private heardWithin(leader: RaftHost, raftId: string): boolean {
    if (raftId === leader.id) return true;
    const heard = leader.lastHeardUs.get(raftId);
    return heard !== undefined && this.world.sim.now - heard <= PEER_ACTIVE_US;
  }
}
