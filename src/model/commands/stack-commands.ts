/**
 * `docker stack deploy|ls|services|ps|rm` (docker-cli.md §6; swarm-services.md
 * §12): a stack is the set of services labelled
 * `com.docker.stack.namespace=<stack>`. Compose files come from the scenario
 * (`files:`), loaded by `docker/compose.ts`.
 *
 * Modelling choices (docs/scheduling.md): networks are not store objects; the
 * world remembers which stack networks exist (`Creating network` is printed
 * once, `Removing network` by `stack rm`). A deploy is one store transaction
 * for all its services (Docker makes one API call per service). `stack deploy`
 * never waits for convergence (`--detach=false` is treated as detached).
 */
import { newId } from '../control/ids.js';
import { loadCompose } from '../docker/compose.js';
import { type CliOutput, EXIT_OK, lostLeadership, noLeader } from '../docker/errors.js';
import { STACK_DETACH_NOTICE, renderStackDeploy, renderStackLs, renderStackRm, servicesOfStack } from '../docker/render/stacks.js';
import { formatServiceLs, formatStackLs, formatTasks, withFormat } from '../docker/render/formatted.js';
import { renderServiceLs, renderServiceLsQuiet, renderTaskTable, renderTaskTableQuiet, serviceListRow } from '../docker/render/services.js';
import { filterTasks, validateServiceSpec } from '../docker/service-daemon.js';
import { composeFileMissing, failedToCreateService, nothingFoundInStack, nothingFoundInStackPs, stackNotSwarmManager } from '../docker/service-errors.js';
import type { StackDeployRequest, StackLsRequest, StackPsRequest, StackRmRequest, StackServicesRequest } from '../docker/requests.js';
import type { Service } from '../store/objects.js';
import { type Change, servicesById, tasksById } from '../store/store.js';
import { type CommandContext, managerError, withLeader } from './context.js';
import { matchesServiceFilters, taskTableContext } from './service-commands.js';

const ok = (stdout: string, stderr = ''): CliOutput => ({ stdout, stderr, exitCode: EXIT_OK });

export function stackDeploy(ctx: CommandContext, request: StackDeployRequest): void {
  if (managerError(ctx.engine) !== undefined) return ctx.finish(stackNotSwarmManager());
  const notice = request.detachGiven ? '' : STACK_DETACH_NOTICE;
  const files = [];
  for (const path of request.composeFiles) {
    const text = ctx.world.fileText(path);
    if (text === undefined) return ctx.finish({ ...composeFileMissing(path), stderr: notice + composeFileMissing(path).stderr });
    files.push({ path, text });
  }
  const compose = loadCompose(files, request.stack);
  if (!compose.ok) return ctx.finish({ stdout: '', stderr: notice + compose.stderr + compose.error, exitCode: 1 });
  withLeader(ctx, (leader) => {
    const store = leader.raft?.app.store;
    const control = leader.leadership?.control;
    if (store === undefined || control === undefined) return ctx.finish(lostLeadership());
    const all = servicesById(store);
    const existing = servicesOfStack(all, request.stack);
    const now = ctx.sim.now;
    const changes: Change[] = [];
    const planned: ({ name: string; create: true } | { name: string; create: false; id: string })[] = [];
    const created: Service[] = [];
    for (const service of compose.services) {
      const current = existing.find((s) => s.spec.name === service.spec.name);
      if (current !== undefined) {
        const { updateStatus: _reset, ...kept } = current;
        changes.push({ kind: 'put-service', service: { ...kept, spec: service.spec, previousSpec: current.spec, previousSpecVersion: current.specVersion, updatedAt: now }, specChanged: true });
        planned.push({ name: service.name, create: false, id: current.id });
        continue;
      }
      const invalid = validateServiceSpec({ spec: service.spec, others: [...all, ...created] });
      if (invalid !== undefined) {
        const cause = invalid.stderr.replace(/^Error response from daemon: /, '').replace(/\n$/, '');
        return ctx.finish({ ...failedToCreateService(service.spec.name, cause), stdout: renderStackDeploy({ stack: request.stack, createNetworks: [], services: planned }), stderr: notice + compose.stderr + failedToCreateService(service.spec.name, cause).stderr });
      }
      const fresh: Service = { id: newId(ctx.world.ids), version: 0, createdAt: now, updatedAt: now, spec: service.spec, specVersion: 0 };
      created.push(fresh);
      changes.push({ kind: 'put-service', service: fresh, specChanged: true });
      planned.push({ name: service.name, create: true });
    }
    const inFile = new Set(compose.services.map((s) => s.spec.name));
    const pruned = request.prune ? existing.filter((s) => !inFile.has(s.spec.name)) : [];
    for (const service of pruned) changes.push({ kind: 'delete-service', id: service.id });
    const createNetworks = compose.networks.filter((network) => !ctx.world.stackNetworks.has(`${request.stack}_${network}`));
    control.write('control/stack-deploy', changes, (result) => {
      if (result !== 'ok') return ctx.finish(result === 'no-leader' ? noLeader() : lostLeadership());
      for (const network of createNetworks) ctx.world.stackNetworks.add(`${request.stack}_${network}`);
      const stdout = renderStackDeploy({ stack: request.stack, createNetworks, services: planned, prune: pruned.map((s) => s.spec.name) });
      ctx.finish(ok(stdout, notice + compose.stderr));
    });
  });
}

export function stackLs(ctx: CommandContext, request: StackLsRequest): void {
  withLeader(ctx, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return ctx.finish(lostLeadership());
    ctx.finish(withFormat(request.format, () => renderStackLs(servicesById(store)), (format) => formatStackLs(servicesById(store), format)));
  });
}

export function stackServices(ctx: CommandContext, request: StackServicesRequest): void {
  withLeader(ctx, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return ctx.finish(lostLeadership());
    const services = servicesOfStack(servicesById(store), request.stack).filter((service) => matchesServiceFilters(service, request.filters));
    if (services.length === 0) return ctx.finish(nothingFoundInStack(request.stack));
    const tasks = tasksById(store);
    const rows = services.map((service) => serviceListRow(service, tasks));
    ctx.finish(withFormat(request.format, () => (request.quiet ? renderServiceLsQuiet(rows) : renderServiceLs(rows)), (format) => formatServiceLs(rows, format)));
  });
}

export function stackPs(ctx: CommandContext, request: StackPsRequest): void {
  withLeader(ctx, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return ctx.finish(lostLeadership());
    const ids = new Set(servicesOfStack(servicesById(store), request.stack).map((s) => s.id));
    const context = taskTableContext(ctx, leader, store, { noTrunc: request.noTrunc, noResolve: request.noResolve });
    const filtered = filterTasks(
      tasksById(store).filter((task) => ids.has(task.serviceId)),
      request.filters,
      context,
    );
    if (!Array.isArray(filtered)) return ctx.finish(filtered as CliOutput);
    if (filtered.length === 0) return ctx.finish(nothingFoundInStackPs(request.stack));
    ctx.finish(withFormat(request.format, () => (request.quiet ? renderTaskTableQuiet(filtered, context) : renderTaskTable(filtered, context)), (format) => formatTasks(filtered, context, format)));
  });
}

export function stackRm(ctx: CommandContext, request: StackRmRequest): void {
  let stdout = '';
  let stderr = '';
  const next = (i: number): void => {
    const stack = request.stacks[i];
    if (stack === undefined) return ctx.finish(ok(stdout, stderr));
    withLeader({ ...ctx, finish: (out) => ctx.finish({ ...out, stdout: stdout + out.stdout }) }, (leader) => {
      const store = leader.raft?.app.store;
      const control = leader.leadership?.control;
      if (store === undefined || control === undefined) return ctx.finish(lostLeadership());
      const services = servicesOfStack(servicesById(store), stack);
      const networks = [...ctx.world.stackNetworks].filter((name) => name.startsWith(`${stack}_`)).sort();
      if (services.length === 0 && networks.length === 0) {
        stderr += nothingFoundInStack(stack).stderr;
        return next(i + 1);
      }
      control.write('control/stack-remove', services.map((s) => ({ kind: 'delete-service' as const, id: s.id })), (result) => {
        if (result !== 'ok') return ctx.finish({ ...(result === 'no-leader' ? noLeader() : lostLeadership()), stdout });
        for (const name of networks) ctx.world.stackNetworks.delete(name);
        stdout += renderStackRm({ services: services.map((s) => s.spec.name), networks });
        next(i + 1);
      });
    });
  };
  next(0);
}
