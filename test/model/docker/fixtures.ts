/** Store objects for renderer tests: a 3-manager, 2-worker swarm as the seed tutorials build it. */
import type { Micros } from '../../../src/sim/types.js';
import type { Cluster, Node } from '../../../src/model/store/objects.js';
import { DEFAULT_ADDRESS_POOL, DEFAULT_CLUSTER_SPEC, DEFAULT_DATA_PATH_PORT, DEFAULT_SUBNET_SIZE } from '../../../src/model/store/objects.js';

export const us = (n: number): Micros => n as Micros;

export const CLUSTER: Cluster = {
  id: 'v7d5tq4w1zdkh8ynzwt0q6yax',
  name: 'default',
  version: 11,
  createdAt: us(0),
  updatedAt: us(2_000_000),
  spec: DEFAULT_CLUSTER_SPEC,
  rootCaDigest: '0qwv4d6y8f9dgz3bcmxz8kqfsnw0l2v3q0w6r7c4v7k5m8x0pz',
  joinTokens: {
    worker: 'SWMTKN-1-0qwv4d6y8f9dgz3bcmxz8kqfsnw0l2v3q0w6r7c4v7k5m8x0pz-3n2vyq0dfxk5bx6t1m0nqz8e7',
    manager: 'SWMTKN-1-0qwv4d6y8f9dgz3bcmxz8kqfsnw0l2v3q0w6r7c4v7k5m8x0pz-8f1c0ayq5jg2u3t9ehk2tcdnm',
  },
  defaultAddressPool: DEFAULT_ADDRESS_POOL,
  subnetSize: DEFAULT_SUBNET_SIZE,
  dataPathPort: DEFAULT_DATA_PATH_PORT,
  rootRotationInProgress: false,
  unlockKey: '',
};

interface NodeOptions {
  id: string;
  hostname: string;
  ip: string;
  manager?: { leader: boolean; reachability: 'reachable' | 'unreachable' };
  state?: Node['status']['state'];
  message?: string;
  availability?: Node['spec']['availability'];
  labels?: Record<string, string>;
  engineLabels?: Record<string, string>;
  createdAt?: number;
}

export function makeNode(options: NodeOptions): Node {
  const role = options.manager !== undefined ? 'manager' : 'worker';
  return {
    id: options.id,
    version: 20,
    createdAt: us(options.createdAt ?? 1_250_000),
    updatedAt: us(5_000_000),
    spec: { labels: options.labels ?? {}, role, availability: options.availability ?? 'active' },
    role,
    description: {
      hostname: options.hostname,
      platform: { os: 'linux', architecture: 'x86_64' },
      resources: { nanoCPUs: 4_000_000_000, memoryBytes: 8_232_873_984 },
      engine: { engineVersion: '28.0.1', labels: options.engineLabels ?? {} },
    },
    status: { state: options.state ?? 'ready', message: options.message ?? '', addr: options.ip },
    ...(options.manager !== undefined ? { managerStatus: { ...options.manager, addr: `${options.ip}:2377` } } : {}),
  };
}

export const MANAGER_1 = makeNode({ id: 'x9k2m4n6p8r0t2v4w6y8z0a2b', hostname: 'manager-1', ip: '10.0.0.11', manager: { leader: true, reachability: 'reachable' }, createdAt: 0 });
export const MANAGER_2 = makeNode({ id: 'c3d5f7h9j1l3n5q7s9u1w3y5a', hostname: 'manager-2', ip: '10.0.0.12', manager: { leader: false, reachability: 'reachable' } });
export const MANAGER_10 = makeNode({
  id: 'e1g3i5k7m9o1q3s5u7w9y1a3c',
  hostname: 'manager-10',
  ip: '10.0.0.20',
  manager: { leader: false, reachability: 'unreachable' },
  state: 'down',
  message: 'heartbeat failure',
});
export const WORKER_1 = makeNode({
  id: 'b2d4f6h8j0l2n4p6r8t0v2x4z',
  hostname: 'worker-1',
  ip: '10.0.0.21',
  availability: 'drain',
  labels: { zone: 'a', ssd: '' },
  engineLabels: { region: 'eu' },
});
export const WORKER_2 = makeNode({ id: 'a1c3e5g7i9k1m3o5q7s9u1w3y', hostname: 'worker-2', ip: '10.0.0.22', state: 'unknown' });
/** A node the CA created before its agent registered: no description yet. */
export const JOINING: Node = {
  id: 'z0y9x8w7v6u5t4s3r2q1p0o9n',
  version: 3,
  createdAt: us(9_000_000),
  updatedAt: us(9_000_000),
  spec: { labels: {}, role: 'worker', availability: 'active' },
  role: 'worker',
  status: { state: 'unknown', message: '', addr: '' },
};

export const ALL_NODES: readonly Node[] = [MANAGER_1, MANAGER_2, MANAGER_10, WORKER_1, WORKER_2];
