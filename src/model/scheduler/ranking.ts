/**
 * Spread ranking (`swarmkit manager/scheduler/scheduler.go#scheduleTaskGroup`
 * `nodeLess`; swarm-services.md §9.3):
 *
 *   1. if either node has ≥ 5 recent failures of this (service, spec version):
 *      fewer failures first;
 *   2. fewer active tasks of this service;
 *   3. fewer active tasks in total.
 *
 * SwarmKit leaves the remaining ties to Go's map iteration. Ours: node ID
 * ascending (`compareNodes`), docs/scheduling.md. `nodeLess` is SwarmKit's
 * strict comparison; the water-filling step uses it without the tie-break.
 */
import type { Micros } from '../../sim/types.js';
import { compareStrings } from '../../sim/order.js';
import { MAX_FAILURES, type RecentFailures, countRecentFailures, failureKey } from './failures.js';
import { type NodeInfo, activeCountOf } from './node-info.js';

export interface RankingContext {
  readonly serviceId: string;
  readonly specVersion: number;
  readonly failures: RecentFailures;
  readonly nowUs: Micros;
}

export type NodeLess = (a: NodeInfo, b: NodeInfo) => boolean;

export function makeNodeLess(context: RankingContext): NodeLess {
  const key = failureKey(context.serviceId, context.specVersion);
  const failuresOf = (info: NodeInfo): number =>
    countRecentFailures(context.failures, info.node.id, key, context.nowUs);
  return (a, b) => {
    const fa = failuresOf(a);
    const fb = failuresOf(b);
    if ((fa >= MAX_FAILURES || fb >= MAX_FAILURES) && fa !== fb) return fa < fb;
    const sa = activeCountOf(a, context.serviceId);
    const sb = activeCountOf(b, context.serviceId);
    if (sa !== sb) return sa < sb;
    return a.activeTasksCount < b.activeTasksCount;
  };
}

/** A total order: `nodeLess`, then node ID ascending. */
export function makeCompareNodes(nodeLess: NodeLess): (a: NodeInfo, b: NodeInfo) => number {
  return (a, b) => {
    if (nodeLess(a, b)) return -1;
    if (nodeLess(b, a)) return 1;
    return compareStrings(a.node.id, b.node.id);
  };
}
