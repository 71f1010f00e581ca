/**
 * `swarmctl service create|ls|inspect|update|rm` (`swarmctl/service/*.go`).
 * A service is the same store object whichever front end made it: create and
 * update are one `put-service` through the leader's Raft, as `docker service
 * create|scale` write it (commands/service-commands.ts), checked by the same
 * control-API validation; the orchestrators, scheduler and updater then
 * treat it alike. A service argument is its full ID or its exact name.
 */
import { updatedService } from '../commands/update-commands.js';
import { newId } from '../control/ids.js';
import { validateServiceSpec } from '../docker/service-daemon.js';
import type { Service } from '../store/objects.js';
import { servicesById, tasksById } from '../store/store.js';
import { flagBool } from './flags.js';
import { namesFrom, renderServiceLs, renderServiceSummary, renderTaskTable } from './render.js';
import { createBaseSpec, mergeServiceFlags } from './service-spec.js';
import { type Session, controlNodeRecord, grpcErrorFrom, notModelled, ok, userError, withLeader, write } from './session.js';

type Resolved = { readonly ok: true; readonly service: Service } | { readonly ok: false; readonly message: string };

/** `service/common.go#getService`: full ID, else exact name. */
export function findService(services: readonly Service[], ref: string): Resolved {
  const byId = services.find((service) => service.id === ref);
  if (byId !== undefined) return { ok: true, service: byId };
  const matches = services.filter((service) => service.spec.name === ref);
  if (matches.length === 0) return { ok: false, message: `service ${ref} not found` };
  if (matches.length > 1) return { ok: false, message: `service ${ref} is ambiguous (${matches.length} matches found)` };
  return { ok: true, service: matches[0] as Service };
}

export function serviceCreate(session: Session): void {
  if (session.args.length !== 0) return userError(session, 'create command takes no arguments');
  if (!session.flags.changed.has('name') || !session.flags.changed.has('image')) return userError(session, '--name and --image are mandatory');
  const merged = mergeServiceFlags(createBaseSpec(), session.flags);
  if (!merged.ok) return merged.notModelled === true ? notModelled(session, merged.message.replace(/ is not modelled by swarmsim$/, '')) : userError(session, merged.message);
  withLeader(session, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return;
    const invalid = validateServiceSpec({ spec: merged.spec, others: servicesById(store) });
    if (invalid !== undefined) return grpcErrorFrom(session, invalid);
    const now = session.world.sim.now;
    const service: Service = { id: newId(session.world.ids), version: 0, createdAt: now, updatedAt: now, spec: merged.spec, specVersion: 0 };
    write(session, leader, 'control/service-create', [{ kind: 'put-service', service, specChanged: true }], () => ok(session, `${service.id}\n`));
  });
}

export function serviceLs(session: Session): void {
  if (session.args.length !== 0) return userError(session, 'ls command takes no arguments');
  withLeader(session, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return;
    ok(session, renderServiceLs(servicesById(store), tasksById(store), controlNodeRecord(session, leader), flagBool(session.flags, 'quiet')));
  });
}

export function serviceInspect(session: Session): void {
  if (session.args.length === 0) return userError(session, 'service ID missing');
  if (session.args.length > 1) return userError(session, 'inspect command takes exactly 1 argument');
  withLeader(session, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return;
    const found = findService(servicesById(store), session.args[0] as string);
    if (!found.ok) return userError(session, found.message);
    const tasks = tasksById(store).filter((task) => task.serviceId === found.service.id);
    const running = tasks.filter((task) => task.status.state === 'running').length;
    let text = renderServiceSummary(found.service, running, session.nowUs);
    if (tasks.length > 0) {
      const names = namesFrom(controlNodeRecord(session, leader), store.services, session.noResolve);
      text += `\n${renderTaskTable(tasks, { all: flagBool(session.flags, 'all'), nowUs: session.nowUs, names, serviceNames: () => found.service.spec.name })}`;
    }
    ok(session, text);
  });
}

/** Structural equality of two specs (`reflect.DeepEqual`), absent fields ignored. */
function sameSpec(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (o: object): string[] => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);
  const ka = keys(a);
  const kb = keys(b);
  return ka.length === kb.length && ka.every((k) => sameSpec((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function serviceUpdate(session: Session): void {
  if (session.args.length === 0) return userError(session, 'service ID missing');
  if (session.args.length > 1) return userError(session, 'update command takes exactly 1 argument');
  withLeader(session, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return;
    const services = servicesById(store);
    const found = findService(services, session.args[0] as string);
    if (!found.ok) return userError(session, found.message);
    const service = found.service;
    const merged = mergeServiceFlags(service.spec, session.flags);
    if (!merged.ok) return merged.notModelled === true ? notModelled(session, merged.message.replace(/ is not modelled by swarmsim$/, '')) : userError(session, merged.message);
    if (sameSpec(merged.spec, service.spec)) return userError(session, 'no changes detected');
    const invalid = validateServiceSpec({ spec: merged.spec, others: services.filter((s) => s.id !== service.id), previous: service.spec });
    if (invalid !== undefined) return grpcErrorFrom(session, invalid);
    // controlapi UpdateService, as docker's update writes it: the old spec becomes PreviousSpec, the status is reset.
    const updated = updatedService(service, merged.spec, session.world.sim.now);
    write(session, leader, 'control/service-update', [{ kind: 'put-service', service: updated, specChanged: true }], () => ok(session, `${service.id}\n`));
  });
}

export function serviceRm(session: Session): void {
  if (session.args.length === 0) return userError(session, 'service ID missing');
  if (session.args.length > 1) return userError(session, 'remove command takes exactly 1 argument');
  const ref = session.args[0] as string;
  withLeader(session, (leader) => {
    const store = leader.raft?.app.store;
    if (store === undefined) return;
    const found = findService(servicesById(store), ref);
    if (!found.ok) return userError(session, found.message);
    write(session, leader, 'control/service-remove', [{ kind: 'delete-service', id: found.service.id }], () => ok(session, `${ref}\n`));
  });
}
