/** Dynamic published ports (swarm-services.md §1: 30000-32767). */
import { describe, expect, it } from 'vitest';
import { allocateEndpoint, DYNAMIC_PORT_END } from '../../../src/model/mesh/ports.js';
import type { PortConfig } from '../../../src/model/store/objects.js';

const port = (published: number, target = 80, mode: 'ingress' | 'host' = 'ingress', protocol: 'tcp' | 'udp' = 'tcp'): PortConfig => ({ protocol, targetPort: target, publishedPort: published, publishMode: mode });

describe('allocateEndpoint', () => {
  it('gives an unpublished ingress port the first free dynamic port and keeps given ones', () => {
    expect(allocateEndpoint([port(0), port(8080, 81)], [])?.ports.map((p) => p.publishedPort)).toEqual([30000, 8080]);
  });
  it('skips ports other services hold (same protocol only)', () => {
    const others = [{ ports: [port(30000), port(30001, 80, 'ingress', 'udp')] }];
    expect(allocateEndpoint([port(0), port(0, 81, 'ingress', 'udp')], others)?.ports.map((p) => p.publishedPort)).toEqual([30001, 30000]);
  });
  it('leaves host-mode ports alone', () => {
    expect(allocateEndpoint([port(0, 80, 'host')], [])?.ports).toEqual([port(0, 80, 'host')]);
  });
  it('keeps the port an update had for the same target', () => {
    expect(allocateEndpoint([port(0)], [{ ports: [port(30000, 90)] }], { ports: [port(30005)] })?.ports[0]?.publishedPort).toBe(30005);
  });
  it('fails when the range is exhausted', () => {
    const all = [];
    for (let p = 30000; p <= DYNAMIC_PORT_END; p++) all.push(port(p));
    expect(allocateEndpoint([port(0)], [{ ports: all }])).toBeUndefined();
  });
});
