/**
 * `docker stack ls`, `stack deploy` / `stack rm` progress lines and notices
 * (docker-cli.md §6; swarm-services.md §12). `stack services` and `stack ps`
 * reuse the service and task tables (render/services.ts) over the services
 * labelled `com.docker.stack.namespace=<stack>`.
 *
 * Go-map orders (creation order of networks and services) become name order.
 */
import { compareNatural, compareStrings } from '../../../sim/order.js';
import type { Service } from '../../store/objects.js';
import { renderTable } from '../tabwriter.js';

export const STACK_NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const STACK_IMAGE_LABEL = 'com.docker.stack.image';

/** The stack a service belongs to ('' when none). */
export function serviceStack(service: Service): string {
  return service.spec.labels[STACK_NAMESPACE_LABEL] ?? '';
}

export function servicesOfStack(services: readonly Service[], stack: string): Service[] {
  return services.filter((service) => serviceStack(service) === stack);
}

/** `stack ls`: NAME, SERVICES; natural name order; header alone when empty. */
export function renderStackLs(services: readonly Service[]): string {
  const counts = new Map<string, number>();
  for (const service of services) {
    const stack = serviceStack(service);
    if (stack !== '') counts.set(stack, (counts.get(stack) ?? 0) + 1);
  }
  const rows = [...counts.entries()].sort(([a], [b]) => compareNatural(a, b)).map(([name, count]) => [name, String(count)]);
  return renderTable([['NAME', 'SERVICES'], ...rows]);
}

/** stderr when `-d/--detach` was not given explicitly. */
export const STACK_DETACH_NOTICE = 'Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.\n';

export interface StackDeployPlan {
  readonly stack: string;
  /** Network short names to create (those used by services and absent), e.g. `default`. */
  readonly createNetworks: readonly string[];
  /** Service short names, each created or updated (with the existing full ID). */
  readonly services: readonly ({ readonly name: string; readonly create: true } | { readonly name: string; readonly create: false; readonly id: string })[];
  /** `--prune`: full names of stack services no longer in the file. */
  readonly prune?: readonly string[];
}

/** stdout of `stack deploy`: prune, networks, then services, each kind in name order. */
export function renderStackDeploy(plan: StackDeployPlan): string {
  const lines: string[] = [];
  for (const name of [...(plan.prune ?? [])].sort(compareStrings)) lines.push(`Removing service ${name}`);
  for (const network of [...plan.createNetworks].sort(compareStrings)) lines.push(`Creating network ${plan.stack}_${network}`);
  for (const service of [...plan.services].sort((a, b) => compareStrings(a.name, b.name))) {
    lines.push(service.create ? `Creating service ${plan.stack}_${service.name}` : `Updating service ${plan.stack}_${service.name} (id: ${service.id})`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** stdout of `stack rm` for one stack: services (sorted by name), then networks (sorted). */
export function renderStackRm(options: { services: readonly string[]; networks: readonly string[] }): string {
  const services = [...options.services].sort(compareStrings).map((name) => `Removing service ${name}\n`);
  const networks = [...options.networks].sort(compareStrings).map((name) => `Removing network ${name}\n`);
  return [...services, ...networks].join('');
}
