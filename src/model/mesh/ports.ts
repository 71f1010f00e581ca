/**
 * SwarmKit's port allocator (`manager/allocator/portallocator.go`), pure: a
 * service's `Endpoint.Ports` are its spec's ports with every ingress port
 * that has no published number given one from the dynamic range 30000-32767
 * (swarm-services.md §1). A service update keeps the port it had for the same
 * protocol and target port. Host-mode ports are not allocated by the manager.
 *
 * Modelling choice: the first free port from 30000 (SwarmKit allocates
 * serially, the next free port after the last one it gave, so a port freed by
 * `service rm` is not reused at once there; the two agree until a service
 * with a dynamic port is removed). Allocation happens when the store applies
 * the service, so every manager computes the same ports.
 */
import type { EndpointSpec, PortConfig, PortProtocol, Service } from '../store/objects.js';

export const DYNAMIC_PORT_START = 30000;
export const DYNAMIC_PORT_END = 32767;

function key(protocol: PortProtocol, port: number): string {
  return `${protocol}/${port}`;
}

/**
 * The endpoint of a service with `ports` in its spec, given the ingress ports
 * other services hold and this service's previous endpoint (an update).
 * Undefined when the range is exhausted (SwarmKit fails the allocation).
 */
export function allocateEndpoint(
  ports: readonly PortConfig[],
  others: readonly (EndpointSpec | undefined)[],
  previous?: EndpointSpec,
): EndpointSpec | undefined {
  const used = new Set<string>();
  for (const endpoint of others) {
    for (const port of endpoint?.ports ?? []) if (port.publishMode === 'ingress' && port.publishedPort !== 0) used.add(key(port.protocol, port.publishedPort));
  }
  for (const port of ports) if (port.publishMode === 'ingress' && port.publishedPort !== 0) used.add(key(port.protocol, port.publishedPort));
  const allocated: PortConfig[] = [];
  for (const port of ports) {
    if (port.publishMode !== 'ingress' || port.publishedPort !== 0) {
      allocated.push(port);
      continue;
    }
    const kept = previous?.ports.find(
      (old) => old.publishMode === 'ingress' && old.protocol === port.protocol && old.targetPort === port.targetPort && old.publishedPort >= DYNAMIC_PORT_START,
    );
    let published = kept !== undefined && !used.has(key(port.protocol, kept.publishedPort)) ? kept.publishedPort : 0;
    for (let candidate = DYNAMIC_PORT_START; published === 0 && candidate <= DYNAMIC_PORT_END; candidate++) {
      if (!used.has(key(port.protocol, candidate))) published = candidate;
    }
    if (published === 0) return undefined;
    used.add(key(port.protocol, published));
    allocated.push({ ...port, publishedPort: published });
  }
  return { ports: allocated };
}

/**
 * The `Endpoint` the store keeps for a service being written: allocated from
 * its spec, keeping what the stored version (or the written one) had. With
 * the range exhausted the ports stay unallocated (SwarmKit would leave the
 * service unallocated and retry).
 */
export function serviceEndpoint(service: Service, stored: Service | undefined, others: readonly Service[]): EndpointSpec {
  const ports = service.spec.endpoint.ports;
  if (ports.length === 0) return { ports: [] };
  return allocateEndpoint(ports, others.map((other) => other.endpoint ?? other.spec.endpoint), stored?.endpoint ?? service.endpoint) ?? { ports };
}
