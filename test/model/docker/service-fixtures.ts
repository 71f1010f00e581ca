/** Services and tasks for renderer tests: a web service scaled to 3 with history, a global agent, a stack service. */
import type { Micros } from '../../../src/sim/types.js';
import type { Node, Service, ServiceSpec, Task, TaskState } from '../../../src/model/store/objects.js';
import { defaultTaskSpec } from '../../../src/model/docker/service-spec.js';
import { MANAGER_1, WORKER_1, WORKER_2 } from './fixtures.js';

const us = (n: number): Micros => n as Micros;
const S = 1_000_000;

export const NOW = us(100 * S);

function spec(overrides: Partial<ServiceSpec> & { name: string; image: string }): ServiceSpec {
  const { image, ...rest } = overrides;
  return { labels: {}, task: defaultTaskSpec(image), mode: { kind: 'replicated', replicas: 1 }, endpoint: { ports: [] }, ...rest };
}

export const WEB: Service = {
  id: 'n8bb4tq2a0s9jd2xk1vz3wq7c',
  version: 42,
  createdAt: us(10 * S),
  updatedAt: us(40 * S),
  specVersion: 40,
  spec: spec({
    name: 'web',
    image: 'nginx:latest',
    mode: { kind: 'replicated', replicas: 3 },
    endpoint: { ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }] },
  }),
};

export const WEB_UPDATED: Service = {
  ...WEB,
  spec: {
    ...WEB.spec,
    labels: { tier: 'frontend', team: '' },
    task: {
      ...WEB.spec.task,
      image: `nginx:1.25@sha256:${'0123456789abcdef'.repeat(4)}`,
      args: ['nginx', '-g', 'daemon off;'],
      env: ['MODE=prod', 'DEBUG'],
      resources: { limits: { nanoCPUs: 500_000_000, memoryBytes: 536_870_912 }, reservations: { nanoCPUs: 250_000_000, memoryBytes: 0 } },
      restartPolicy: { condition: 'on-failure', delayUs: us(10 * S), maxAttempts: 3, windowUs: us(60 * S) },
      placement: { constraints: ['node.role==worker', 'node.labels.zone!=b'], preferences: [{ spread: 'node.labels.zone' }], platforms: [], maxReplicas: 2 },
    },
    update: { parallelism: 2, delayUs: us(10 * S), failureAction: 'rollback', monitorUs: us(30 * S), maxFailureRatio: 0.25, order: 'start-first' },
  },
  previousSpec: WEB.spec,
  previousSpecVersion: 40,
  updateStatus: { state: 'completed', startedAt: us(30 * S), completedAt: us(95 * S), message: 'update completed' },
};

export const AGENT: Service = {
  id: 'k4m6p8r0t2v4x6z8b0d2f4h6j',
  version: 12,
  createdAt: us(5 * S),
  updatedAt: us(5 * S),
  specVersion: 12,
  spec: spec({ name: 'agent', image: 'portainer/agent:2.19', mode: { kind: 'global' }, endpoint: { ports: [{ protocol: 'tcp', targetPort: 9001, publishedPort: 9001, publishMode: 'host' }] } }),
};

export const STACK_DB: Service = {
  id: 'q1w2e3r4t5y6u7i8o9p0a1s2d',
  version: 7,
  createdAt: us(8 * S),
  updatedAt: us(8 * S),
  specVersion: 7,
  spec: spec({ name: 'app_db', image: 'postgres:16', labels: { 'com.docker.stack.namespace': 'app', 'com.docker.stack.image': 'postgres:16' } }),
};

export const STACK_WEB: Service = {
  ...STACK_DB,
  id: 'z9x8c7v6b5n4m3l2k1j0h9g8f',
  spec: spec({
    name: 'app_web',
    image: 'nginx:latest',
    mode: { kind: 'replicated', replicas: 2 },
    labels: { 'com.docker.stack.namespace': 'app', 'com.docker.stack.image': 'nginx' },
    endpoint: {
      ports: [
        { protocol: 'tcp', targetPort: 80, publishedPort: 80, publishMode: 'ingress' },
        { protocol: 'tcp', targetPort: 81, publishedPort: 81, publishMode: 'ingress' },
        { protocol: 'udp', targetPort: 53, publishedPort: 5353, publishMode: 'ingress' },
      ],
    },
  }),
};

interface TaskOptions {
  id: string;
  service: Service;
  slot: number;
  node: Node | '';
  desired: TaskState;
  state: TaskState;
  createdAt: number;
  timestamp: number;
  err?: string;
  image?: string;
}

export function makeTask(options: TaskOptions): Task {
  return {
    id: options.id,
    version: 1,
    createdAt: us(options.createdAt * S),
    updatedAt: us(options.timestamp * S),
    serviceId: options.service.id,
    slot: options.slot,
    nodeId: options.node === '' ? '' : options.node.id,
    spec: options.image === undefined ? options.service.spec.task : { ...options.service.spec.task, image: options.image },
    specVersion: options.service.specVersion,
    endpoint: options.service.spec.endpoint,
    desiredState: options.desired,
    status: { state: options.state, timestamp: us(options.timestamp * S), message: '', err: options.err ?? '' },
  };
}

export const WEB_TASKS: readonly Task[] = [
  makeTask({ id: 'a0000000000000000000000w1', service: WEB, slot: 1, node: WORKER_1, desired: 'running', state: 'running', createdAt: 10, timestamp: 12 }),
  makeTask({ id: 'b0000000000000000000000w2', service: WEB, slot: 2, node: WORKER_2, desired: 'running', state: 'running', createdAt: 60, timestamp: 99.5 }),
  makeTask({ id: 'c0000000000000000000000w2', service: WEB, slot: 2, node: WORKER_2, desired: 'shutdown', state: 'failed', createdAt: 30, timestamp: 59, err: 'task: non-zero exit (137)' }),
  makeTask({ id: 'd0000000000000000000000w2', service: WEB, slot: 2, node: MANAGER_1, desired: 'shutdown', state: 'rejected', createdAt: 20, timestamp: 29, err: 'No such image: nginx:this-tag-does-not-exist-anywhere' }),
  makeTask({ id: 'e0000000000000000000000w3', service: WEB, slot: 3, node: '', desired: 'running', state: 'pending', createdAt: 70, timestamp: 70, err: 'no suitable node (scheduling constraints not satisfied on 3 nodes)' }),
  makeTask({ id: 'f0000000000000000000000w10', service: WEB, slot: 10, node: WORKER_1, desired: 'remove', state: 'running', createdAt: 15, timestamp: 16 }),
];

export const AGENT_TASKS: readonly Task[] = [
  makeTask({ id: 'g0000000000000000000000a1', service: AGENT, slot: 0, node: WORKER_1, desired: 'running', state: 'running', createdAt: 5, timestamp: 6 }),
  makeTask({ id: 'h0000000000000000000000a2', service: AGENT, slot: 0, node: MANAGER_1, desired: 'running', state: 'preparing', createdAt: 5, timestamp: 6 }),
];
