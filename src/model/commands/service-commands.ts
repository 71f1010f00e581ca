/**
 * `docker service create|ls|inspect|ps|scale|rm` and `docker node ps`'s task
 * table, served by the leader (swarm-services.md §11, §12; docker-cli.md §1.6,
 * §4). Writes are one store transaction each through the leader's Control
 * (Raft), answered once applied on the leader; reads render the leader's store.
 *
 * Modelling choices (docs/scheduling.md):
 * - A new service's ID is drawn from the world's seeded `ids` stream, its name
 *   (no `--name`) from the same stream by `generateServiceName`.
 * - The registry-digest warning is printed only for images the scenario marks
 *   `pull: fail` (the simulated registry resolves every other image), and not
 *   with `--no-resolve-image`.
 * - Without `-d`, `service create` and `service scale` show the CLI's
 *   progress (`progress-wait.ts`: frames in a script, the final screen on a
 *   TTY); the 20 s control-API deadline covers the write only, not the wait.
 */
import { formatServiceLs, formatTasks, withFormat } from '../docker/render/formatted.js';
import { formatInspect } from '../docker/render/inspect-format.js';
import type { Micros } from '../../sim/types.js';
import { normalizeImageRef, stripDigest } from '../agent/images.js';
import { newId } from '../control/ids.js';
import { type CliOutput, EXIT_OK, joinErrors, lostLeadership, noLeader } from '../docker/errors.js';
import { renderServiceInspectJson, renderServiceInspectPrettyAll, serviceJson } from '../docker/render/service-inspect.js';
import {
  renderDigestWarning,
  renderServiceCreated,
  renderServiceEcho,
  renderServiceLs,
  renderServiceLsQuiet,
  renderServiceScaled,
  renderTaskTable,
  renderTaskTableQuiet,
  serviceListRow,
} from '../docker/render/services.js';
import { filterTasks, generateServiceName, resolveService, resolveServiceForPs, validateServiceSpec } from '../docker/service-daemon.js';
import { invalidFilter, scaleNotReplicated, noSuchService } from '../docker/index.js';
import type { NodePsRequest, ServiceCreateRequest, ServiceInspectRequest, ServiceLsRequest, ServicePsRequest, ServiceRmRequest, ServiceScaleRequest } from '../docker/requests.js';
import type { Engine } from '../engine/engine.js';
import type { WriteResult } from '../manager/control.js';
import { nodeViews } from '../manager/views.js';
import type { Node, Service, StoreObjects, Task } from '../store/objects.js';
import { servicesById, tasksById } from '../store/store.js';
import { resolveNodeRef } from '../docker/validate.js';
import { type CommandContext, withLeader } from './context.js';
import { waitForService } from './progress-wait.js';

const ok = (stdout: string, stderr = ''): CliOutput => ({ stdout, stderr, exitCode: EXIT_OK });


function writeError(result: WriteResult): CliOutput {
  return result === 'no-leader' ? noLeader() : lostLeadership();
}

function storeOfLeader(leader: Engine): StoreObjects | undefined {
  return leader.raft?.app.store;
}

function serviceRecord(store: StoreObjects): Readonly<Record<string, Service>> {
  return store.services;
}

export function serviceCreate(ctx: CommandContext, request: ServiceCreateRequest): void {
  withLeader(ctx, (leader) => {
    const store = storeOfLeader(leader);
    const leadership = leader.leadership;
    if (store === undefined || leadership === undefined) return ctx.finish(lostLeadership());
    const others = servicesById(store);
    const name =
      request.spec.name !== ''
        ? request.spec.name
        : generateServiceName(
            (n) => ctx.world.ids.intBelow(n),
            (candidate) => others.some((s) => s.spec.name === candidate),
          );
    // The CLI pins the image it resolved (`nginx` → `nginx:latest@sha256:…`); the simulated registry has no digests.
    const spec = { ...request.spec, name, task: { ...request.spec.task, image: normalizeImageRef(request.spec.task.image) } };
    const invalid = validateServiceSpec({ spec, others });
    if (invalid !== undefined) return ctx.finish(invalid);
    const now = ctx.sim.now;
    const service: Service = { id: newId(ctx.world.ids), version: 0, createdAt: now, updatedAt: now, spec, specVersion: 0 };
    const warning = !request.noResolveImage && ctx.world.imageUnpullable(spec.task.image) ? renderDigestWarning(stripDigest(spec.task.image)) : '';
    leadership.control.write('control/service-create', [{ kind: 'put-service', service, specChanged: true }], (result) => {
      if (result !== 'ok') return ctx.finish(writeError(result));
      const stdout = renderServiceCreated(service.id);
      if (request.detach) return ctx.finish(ok(stdout, warning));
      ctx.clearDeadline();
      waitForService(ctx, { serviceId: service.id, arg: service.id, quiet: request.quiet, tty: ctx.tty === true, stdout, stderr: warning });
    });
  });
}

export function serviceLs(ctx: CommandContext, request: ServiceLsRequest): void {
  withLeader(ctx, (leader) => {
    const store = storeOfLeader(leader);
    if (store === undefined) return ctx.finish(lostLeadership());
    const unknown = request.filters.find((term) => !['id', 'name', 'label', 'mode'].includes(term.key));
    if (unknown !== undefined) return ctx.finish(invalidFilter(unknown.key));
    const tasks = tasksById(store);
    const services = servicesById(store).filter((service) => matchesServiceFilters(service, request.filters));
    const rows = services.map((service) => serviceListRow(service, tasks));
    ctx.finish(withFormat(request.format, () => (request.quiet ? renderServiceLsQuiet(rows) : renderServiceLs(rows)), (format) => formatServiceLs(rows, format)));
  });
}

export function matchesServiceFilters(service: Service, filters: ServiceLsRequest['filters']): boolean {
  const byKey = new Map<string, string[]>();
  for (const { key, value } of filters) byKey.set(key, [...(byKey.get(key) ?? []), value]);
  const any = (key: string, test: (value: string) => boolean): boolean => {
    const values = byKey.get(key);
    return values === undefined || values.some(test);
  };
  return (
    any('id', (value) => service.id.startsWith(value)) &&
    any('name', (value) => service.spec.name.startsWith(value)) &&
    any('mode', (value) => value === service.spec.mode.kind) &&
    any('label', (value) => {
      const [key = '', wanted] = value.split('=');
      const actual = service.spec.labels[key];
      return actual !== undefined && (wanted === undefined || wanted === actual);
    })
  );
}

export function serviceInspect(ctx: CommandContext, request: ServiceInspectRequest): void {
  withLeader(ctx, (leader) => {
    const store = storeOfLeader(leader);
    if (store === undefined) return ctx.finish(lostLeadership());
    const services = servicesById(store);
    const found: Service[] = [];
    const errors: CliOutput[] = [];
    for (const ref of request.refs) {
      const resolved = resolveService(services, ref);
      if (resolved.ok) found.push(resolved.service);
      else errors.push(noSuchService(ref));
    }
    const context = { nowUs: ctx.sim.now };
    if (!request.pretty && request.format !== undefined && request.format !== '' && request.format !== 'json') {
      return ctx.finish(formatInspect(found.map((service) => serviceJson(service, context)), request.format, errors));
    }
    const body = request.pretty ? renderServiceInspectPrettyAll(found, context) : renderServiceInspectJson(found, context);
    if (errors.length > 0) return ctx.finish(joinErrors(errors, request.pretty ? body : body));
    ctx.finish(ok(body));
  });
}

/** One argument after another; errors collected and printed at the end. */
export function serviceRm(ctx: CommandContext, request: ServiceRmRequest): void {
  let stdout = '';
  const errors: CliOutput[] = [];
  const next = (i: number): void => {
    const ref = request.refs[i];
    if (ref === undefined) return ctx.finish(joinErrors(errors, stdout));
    withLeader({ ...ctx, finish: (out) => { errors.push(out); next(i + 1); } }, (leader) => {
      const store = storeOfLeader(leader);
      const resolved = resolveService(store === undefined ? [] : servicesById(store), ref);
      if (!resolved.ok) {
        errors.push(resolved.error);
        return next(i + 1);
      }
      const control = leader.leadership?.control;
      if (control === undefined) {
        errors.push(lostLeadership());
        return next(i + 1);
      }
      control.write('control/service-remove', [{ kind: 'delete-service', id: resolved.service.id }], (result) => {
        if (result === 'ok') stdout += renderServiceEcho(ref);
        else errors.push(writeError(result));
        next(i + 1);
      });
    });
  };
  next(0);
}

/** `service scale a=1 b=2`: one update per argument, in the order typed; then (without -d) each one's progress. */
export function serviceScale(ctx: CommandContext, request: ServiceScaleRequest): void {
  let stdout = '';
  const errors: string[] = [];
  const scaled: { serviceId: string; arg: string }[] = [];
  const done = (): void => {
    const stderr = errors.length === 0 ? '' : `${errors.join('\n')}\n`;
    const exitCode = errors.length === 0 ? EXIT_OK : 1;
    if (request.detach || scaled.length === 0) return ctx.finish({ stdout, stderr, exitCode });
    ctx.clearDeadline();
    const wait = (k: number): void => {
      const item = scaled[k];
      if (item === undefined) return ctx.finish({ stdout, stderr, exitCode });
      waitForService(
        { ...ctx, finish: (out) => { stdout = out.stdout; wait(k + 1); } },
        { serviceId: item.serviceId, arg: item.arg, quiet: false, tty: ctx.tty === true, stdout, stderr: '' },
      );
    };
    wait(0);
  };
  const next = (i: number): void => {
    const item = request.scales[i];
    if (item === undefined) return done();
    if ('invalid' in item) {
      errors.push(item.invalid);
      return next(i + 1);
    }
    withLeader({ ...ctx, finish: (out) => { errors.push(out.stderr.replace(/\n$/, '')); next(i + 1); } }, (leader) => {
      const store = storeOfLeader(leader);
      const resolved = resolveService(store === undefined ? [] : servicesById(store), item.ref);
      if (!resolved.ok) {
        errors.push(resolved.error.stderr.replace(/\n$/, ''));
        return next(i + 1);
      }
      const service = resolved.service;
      if (service.spec.mode.kind !== 'replicated') {
        errors.push(scaleNotReplicated(item.ref));
        return next(i + 1);
      }
      const control = leader.leadership?.control;
      if (control === undefined) {
        errors.push(lostLeadership().stderr.replace(/\n$/, ''));
        return next(i + 1);
      }
      const updated: Service = {
        ...service,
        updatedAt: ctx.sim.now,
        spec: { ...service.spec, mode: { kind: 'replicated', replicas: item.replicas } },
        previousSpec: service.spec,
        previousSpecVersion: service.specVersion,
      };
      const { updateStatus: _dropped, ...withoutStatus } = updated;
      control.write('control/service-update', [{ kind: 'put-service', service: withoutStatus, specChanged: true }], (result) => {
        if (result === 'ok') {
          stdout += renderServiceScaled(item.ref, item.replicas);
          scaled.push({ serviceId: service.id, arg: item.ref });
        } else errors.push(writeError(result).stderr.replace(/\n$/, ''));
        next(i + 1);
      });
    });
  };
  next(0);
}

export function taskTableContext(ctx: CommandContext, leader: Engine, store: StoreObjects, options: { noTrunc: boolean; noResolve: boolean }) {
  const nodes: Record<string, Node> = {};
  for (const node of nodeViews(leader)) nodes[node.id] = node;
  return { nowUs: ctx.sim.now as Micros, services: serviceRecord(store), nodes, noTrunc: options.noTrunc, noResolve: options.noResolve };
}

export function servicePs(ctx: CommandContext, request: ServicePsRequest): void {
  withLeader(ctx, (leader) => {
    const store = storeOfLeader(leader);
    if (store === undefined) return ctx.finish(lostLeadership());
    const services = servicesById(store);
    const wanted = new Set<string>();
    const errors: CliOutput[] = [];
    for (const ref of request.refs) {
      const resolved = resolveServiceForPs(services, ref);
      if (resolved.ok) wanted.add(resolved.service.id);
      else errors.push(resolved.error);
    }
    if (wanted.size === 0) return ctx.finish(joinErrors(errors));
    const context = taskTableContext(ctx, leader, store, { noTrunc: request.noTrunc, noResolve: request.noResolve });
    const filtered = filterTasks(
      tasksById(store).filter((task) => wanted.has(task.serviceId)),
      request.filters,
      context,
    );
    if (!Array.isArray(filtered)) return ctx.finish(filtered as CliOutput);
    const out = withFormat(request.format, () => (request.quiet ? renderTaskTableQuiet(filtered, context) : renderTaskTable(filtered, context)), (format) => formatTasks(filtered, context, format));
    ctx.finish(errors.length > 0 && out.exitCode === 0 ? joinErrors(errors, out.stdout) : out);
  });
}

/** `node ps [NODE...]` (default `self`): the tasks on those nodes, one table. */
export function nodePsTasks(ctx: CommandContext, request: NodePsRequest): void {
  withLeader(ctx, (leader) => {
    const store = storeOfLeader(leader);
    if (store === undefined) return ctx.finish(lostLeadership());
    const nodes = nodeViews(leader);
    const wanted = new Set<string>();
    const errors: CliOutput[] = [];
    const refs = request.refs.length === 0 ? ['self'] : request.refs;
    for (const ref of refs) {
      const id = ref === 'self' ? ctx.engine.membership.nodeId : ref;
      const resolved = resolveNodeRef(nodes, id);
      if (resolved.ok) wanted.add(resolved.value.id);
      else errors.push(resolved.error);
    }
    if (errors.length > 0) return ctx.finish(joinErrors(errors));
    const context = taskTableContext(ctx, leader, store, { noTrunc: request.noTrunc, noResolve: request.noResolve });
    const tasks: Task[] = tasksById(store).filter((task) => wanted.has(task.nodeId));
    const filtered = filterTasks(tasks, request.filters, context);
    if (!Array.isArray(filtered)) return ctx.finish(filtered as CliOutput);
    ctx.finish(withFormat(request.format, () => (request.quiet ? renderTaskTableQuiet(filtered, context) : renderTaskTable(filtered, context)), (format) => formatTasks(filtered, context, format)));
  });
}
