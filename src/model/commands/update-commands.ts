/**
 * `docker service update` and `docker service rollback`, served by the
 * leader through the control API (`swarmkit manager/controlapi/
 * service.go#UpdateService`; swarm-services.md §6; docker-cli.md §4.3, §4.4):
 * - update: the changes applied to the current spec; the daemon's checks;
 *   `PreviousSpec = Spec`, a new spec version, UpdateStatus cleared (every
 *   update, even a scale or an identical spec); `--force` bumps the task
 *   template's ForceUpdate so every task is dirty;
 * - rollback (`service rollback`, `update --rollback`): Spec and PreviousSpec
 *   swapped (so a second rollback goes forward again), their spec versions
 *   too, status `rollback_started` "manually requested rollback"; without a
 *   previous spec `service <id> does not have a previous spec`.
 * Output: any warning on stderr, the argument as typed, then the progress
 * (`progress-wait.ts`) unless `-d`.
 */
import { normalizeImageRef, stripDigest } from '../agent/images.js';
import { type CliOutput, EXIT_OK, lostLeadership, noLeader } from '../docker/errors.js';
import { renderDigestWarning, renderServiceEcho } from '../docker/render/services.js';
import { resolveService, updatedServiceSpec, validateServiceSpec } from '../docker/service-daemon.js';
import { noPreviousSpec } from '../docker/service-errors.js';
import type { ServiceRollbackRequest, ServiceUpdateRequest } from '../docker/service-requests.js';
import type { Engine } from '../engine/engine.js';
import type { WriteResult } from '../manager/control.js';
import type { Service, ServiceSpec } from '../store/objects.js';
import { servicesById } from '../store/store.js';
import { MANUAL_ROLLBACK } from '../updater/status.js';
import { type CommandContext, withLeader } from './context.js';
import { waitForService } from './progress-wait.js';

function writeError(result: WriteResult): CliOutput {
  return result === 'no-leader' ? noLeader() : lostLeadership();
}

interface Written {
  readonly service: Service;
  readonly arg: string;
  readonly detach: boolean;
  readonly quiet: boolean;
  readonly warning: string;
}

/** Write the service; answer with the argument, then wait for it unless detached. */
function writeService(ctx: CommandContext, leader: Engine, change: { service: Service; specChanged: boolean }, done: Written): void {
  const control = leader.leadership?.control;
  if (control === undefined) return ctx.finish(lostLeadership());
  control.write('control/service-update', [{ kind: 'put-service', service: change.service, specChanged: change.specChanged }], (result) => {
    if (result !== 'ok') return ctx.finish(writeError(result));
    const stdout = renderServiceEcho(done.arg);
    if (done.detach) return ctx.finish({ stdout, stderr: done.warning, exitCode: EXIT_OK });
    ctx.clearDeadline();
    waitForService(ctx, { serviceId: done.service.id, arg: done.arg, quiet: done.quiet, tty: ctx.tty === true, stdout, stderr: done.warning });
  });
}

/** controlapi's rollback: swap Spec and PreviousSpec (and their versions), status rollback_started. */
export function rolledBack(service: Service, nowUs: number): Service | undefined {
  if (service.previousSpec === undefined) return undefined;
  return {
    ...service,
    updatedAt: nowUs as Service['updatedAt'],
    spec: service.previousSpec,
    specVersion: service.previousSpecVersion ?? service.specVersion,
    previousSpec: service.spec,
    previousSpecVersion: service.specVersion,
    updateStatus: { state: 'rollback_started', startedAt: nowUs as Service['updatedAt'], message: MANUAL_ROLLBACK },
  };
}

/** controlapi's update: previous = current, status cleared; the entry's index becomes the spec version. */
export function updatedService(service: Service, spec: ServiceSpec, nowUs: number): Service {
  const { updateStatus: _cleared, ...rest } = service;
  return { ...rest, updatedAt: nowUs as Service['updatedAt'], spec, previousSpec: service.spec, previousSpecVersion: service.specVersion };
}

function rollback(ctx: CommandContext, request: { ref: string; detach: boolean; quiet: boolean }): void {
  withLeader(ctx, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return ctx.finish(lostLeadership());
    const resolved = resolveService(servicesById(store), request.ref);
    if (!resolved.ok) return ctx.finish(resolved.error);
    const next = rolledBack(resolved.service, ctx.sim.now);
    if (next === undefined) return ctx.finish(noPreviousSpec(resolved.service.id));
    writeService(ctx, leader, { service: next, specChanged: false }, { service: next, arg: request.ref, detach: request.detach, quiet: request.quiet, warning: '' });
  });
}

export function serviceUpdate(ctx: CommandContext, request: ServiceUpdateRequest): void {
  if (request.rollback) return rollback(ctx, request);
  withLeader(ctx, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return ctx.finish(lostLeadership());
    const services = servicesById(store);
    const resolved = resolveService(services, request.ref);
    if (!resolved.ok) return ctx.finish(resolved.error);
    const service = resolved.service;
    const changed = updatedServiceSpec(service, request.changes);
    if ('exitCode' in changed) return ctx.finish(changed);
    const image = request.changes.image === undefined ? changed.task.image : normalizeImageRef(changed.task.image);
    const force = request.changes.force ? { forceUpdate: (service.spec.task.forceUpdate ?? 0) + 1 } : {};
    const spec: ServiceSpec = { ...changed, task: { ...changed.task, image, ...force } };
    const invalid = validateServiceSpec({ spec, others: services.filter((s) => s.id !== service.id), previous: service.spec });
    if (invalid !== undefined) return ctx.finish(invalid);
    const warning = request.changes.image !== undefined && ctx.world.imageUnpullable(image) ? renderDigestWarning(stripDigest(image)) : '';
    const next = updatedService(service, spec, ctx.sim.now);
    writeService(ctx, leader, { service: next, specChanged: true }, { service: next, arg: request.ref, detach: request.detach, quiet: request.quiet, warning });
  });
}

export function serviceRollback(ctx: CommandContext, request: ServiceRollbackRequest): void {
  rollback(ctx, request);
}
