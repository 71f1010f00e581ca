/**
 * Recent task failures per node and (service, spec version), as
 * `swarmkit manager/scheduler/nodeinfo.go#taskFailed` / `#countRecentFailures`
 * keep them: a failure is recorded when a tracked, non-preassigned task goes
 * to FAILED or REJECTED; it weighs on ranking while it is at most 5 minutes
 * old, and only once a node has 5 of them (`maxFailures`, `monitorFailures`).
 *
 * Boundaries as in Go: counting drops timestamps strictly older than 5 min;
 * recording prunes those at least 5 min old.
 */
import { compareStrings } from '../../sim/order.js';
import type { Micros } from '../../sim/types.js';

export const MAX_FAILURES = 5;
export const MONITOR_FAILURES_US = (5 * 60 * 1_000_000) as Micros;

/** nodeId → `<serviceId>@<specVersion>` → failure times, oldest first. */
export type RecentFailures = Readonly<Record<string, Readonly<Record<string, readonly Micros[]>>>>;

export function failureKey(serviceId: string, specVersion: number): string {
  return `${serviceId}@${specVersion}`;
}

export function recordFailure(
  failures: RecentFailures,
  at: { readonly nodeId: string; readonly serviceId: string; readonly specVersion: number; readonly nowUs: Micros },
): RecentFailures {
  const key = failureKey(at.serviceId, at.specVersion);
  const byKey = failures[at.nodeId] ?? {};
  const kept = (byKey[key] ?? []).filter((t) => at.nowUs - t < MONITOR_FAILURES_US);
  return { ...failures, [at.nodeId]: { ...byKey, [key]: [...kept, at.nowUs] } };
}

export function countRecentFailures(
  failures: RecentFailures,
  nodeId: string,
  key: string,
  nowUs: Micros,
): number {
  const times = failures[nodeId]?.[key];
  if (!times) return 0;
  let count = times.length;
  for (let i = times.length - 1; i >= 0; i--) {
    if (nowUs - (times[i] as Micros) > MONITOR_FAILURES_US) {
      count -= i + 1;
      break;
    }
  }
  return count;
}

/** Drop entries whose every failure is at least 5 min old (`nodeinfo.go#cleanupFailures`); no effect on ranking. */
export function pruneFailures(failures: RecentFailures, nowUs: Micros): RecentFailures {
  const out: Record<string, Record<string, readonly Micros[]>> = {};
  for (const nodeId of Object.keys(failures).sort(compareStrings)) {
    const byKey = failures[nodeId] ?? {};
    for (const key of Object.keys(byKey).sort(compareStrings)) {
      const times = byKey[key] ?? [];
      if (times.some((t) => nowUs - t < MONITOR_FAILURES_US)) (out[nodeId] ??= {})[key] = times;
    }
  }
  return out;
}
