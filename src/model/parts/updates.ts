/**
 * Rolling updates and rollback (issue 7): the `update` view and the updater
 * invariants (update-checks.ts).
 *
 *   show: update web
 *
 * prints the service's UpdateStatus as the leader's store holds it, then, if
 * the leader runs an updater for it, the phase, the settings in force, each
 * worker's stage (the batch) and the counts of updated, failed and remaining
 * slots.
 */
import { compareStrings } from '../../sim/order.js';
import { formatDuration } from '../../sim/time.js';
import type { Micros } from '../../sim/types.js';
import { leaderEngine } from '../commands/kinds.js';
import { resolveService } from '../docker/service-daemon.js';
import { servicesById } from '../store/store.js';
import { UPDATE_INVARIANTS, updateViolation } from '../update-checks.js';
import { describeWorker } from '../updater/updater.js';
import { type UpdaterState, remainingSlots } from '../updater/types.js';
import type { SwarmWorld } from '../world.js';
import type { ModelPart } from './part.js';

function describeUpdater(updater: UpdaterState): string[] {
  const s = updater.settings;
  const lines = [`phase: ${updater.phase}`];
  if (s !== undefined) {
    const parallelism = s.parallelism === 0 ? `0 (all ${s.workers} at once)` : String(s.parallelism);
    lines.push(
      `settings: parallelism ${parallelism}, delay ${formatDuration(s.delayUs)}, monitor ${formatDuration(s.monitorUs)} (after the last slot ${formatDuration(s.finalMonitorUs)}), on failure ${s.failureAction}, max failure ratio ${s.maxFailureRatio}, ${s.order}`,
    );
  }
  updater.workers.forEach((worker, i) => lines.push(`worker ${i + 1}: ${describeWorker(worker)}`));
  const inFlight = updater.workers.filter((w) => w.stage === 'stopping' || w.stage === 'starting').length;
  lines.push(
    `slots: ${updater.dirtySlots} dirty, ${updater.updatedSlots} updated (${inFlight} in flight), ${updater.failures.length} failed, ${remainingSlots(updater)} remaining`,
  );
  if (updater.stopMessage !== undefined) lines.push(`stopped: ${updater.stopMessage}`);
  return lines;
}

export function renderUpdateView(world: SwarmWorld, args: string): string {
  const ref = args.trim();
  const leader = leaderEngine(world);
  const store = leader?.raft?.app.store;
  if (leader === undefined || store === undefined) return 'no leader\n';
  const services = servicesById(store);
  const refs = ref === '' ? services.map((s) => s.spec.name).sort(compareStrings) : [ref];
  const out: string[] = [];
  for (const name of refs) {
    const resolved = resolveService(services, name);
    if (!resolved.ok) {
      out.push(`${name}: no such service`);
      continue;
    }
    const service = resolved.service;
    const status = service.updateStatus;
    const now = world.sim.now;
    const since = (at: Micros): string => `${formatDuration((now - at) as Micros)} ago`;
    out.push(
      status === undefined
        ? `service ${service.spec.name}: no update status`
        : `service ${service.spec.name}: ${status.state} "${status.message}" started ${since(status.startedAt)}${status.completedAt === undefined ? '' : `, completed ${since(status.completedAt)}`}`,
    );
    const updater = leader.leadership?.services.updates.active.get(service.id);
    if (updater === undefined) out.push('  no updater running');
    else out.push(...describeUpdater(updater).map((line) => `  ${line}`));
  }
  return `${out.join('\n')}\n`;
}

export const updatesPart: ModelPart = {
  views: {
    update: {
      description: "A service's rolling update: UpdateStatus, the updater's phase, settings, workers and slot counts (`show: update web`; no name: every service).",
      render: renderUpdateView,
    },
  },
  invariants: UPDATE_INVARIANTS.map(([name, description]) => ({ name, description, check: (world: SwarmWorld) => updateViolation(world, name) })),
};
