/**
 * Compose v3 → ServiceSpec (docker-cli.md §7: mapping table, version rule,
 * schema error texts, forbidden keys) and the stack deploy warnings for keys
 * swarm ignores (swarm-services.md §12: "Ignoring unsupported options: …\n\n",
 * "Ignoring deprecated options:\n\n<name>: <desc>\n\n").
 */
import { describe, expect, test } from 'vitest';
import { loadCompose } from '../../../src/model/docker/compose.js';
import type { ComposeResult } from '../../../src/model/docker/compose.js';

function load(text: string, stack = 'app'): ComposeResult {
  return loadCompose([{ path: 'docker-compose.yml', text }], stack);
}

function ok(text: string): Extract<ComposeResult, { ok: true }> {
  const result = load(text);
  if (!result.ok) throw new Error(result.error);
  return result;
}

function error(text: string): string {
  const result = load(text);
  if (result.ok) throw new Error('loaded');
  return result.error;
}

const APP = `
version: "3.8"
services:
  web:
    image: nginx
    command: nginx -g "daemon-off"
    environment:
      B: "2"
      A: "1"
      FLAG:
    ports:
      - "8080:80"
      - target: 443
        published: 8443
        mode: host
    deploy:
      replicas: 3
      labels: [tier=web]
      resources:
        limits: { cpus: "0.5", memory: 512M }
        reservations: { memory: 128M }
      restart_policy: { condition: on-failure, delay: 10s, max_attempts: 3, window: 1m }
      update_config: { parallelism: 2, delay: 10s, order: start-first }
      rollback_config: { failure_action: continue }
      placement:
        constraints: [node.role == worker]
        preferences: [{ spread: node.labels.zone }]
        max_replicas_per_node: 2
  agent:
    image: docker.io/portainer/agent:2.19
    deploy: { mode: global }
    networks: [backend]
networks:
  backend: {}
`;

describe('conversion (docker-cli.md §7 table)', () => {
  test('the whole mapping', () => {
    const result = ok(APP);
    expect(result.stderr).toBe('');
    expect(result.networks).toEqual(['backend', 'default']);
    expect(result.services.map((service) => service.name)).toEqual(['agent', 'web']);
    const web = result.services[1]!;
    expect(web.spec).toEqual({
      name: 'app_web',
      labels: { tier: 'web', 'com.docker.stack.image': 'nginx', 'com.docker.stack.namespace': 'app' },
      task: {
        image: 'nginx:latest',
        args: ['nginx', '-g', 'daemon-off'],
        env: ['A=1', 'B=2', 'FLAG'],
        resources: { limits: { nanoCPUs: 500_000_000, memoryBytes: 536_870_912 }, reservations: { nanoCPUs: 0, memoryBytes: 134_217_728 } },
        restartPolicy: { condition: 'on-failure', delayUs: 10_000_000, maxAttempts: 3, windowUs: 60_000_000 },
        placement: { constraints: ['node.role == worker'], preferences: [{ spread: 'node.labels.zone' }], platforms: [], maxReplicas: 2 },
      },
      mode: { kind: 'replicated', replicas: 3 },
      endpoint: {
        ports: [
          { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' },
          { protocol: 'tcp', targetPort: 443, publishedPort: 8443, publishMode: 'host' },
        ],
      },
      update: { parallelism: 2, delayUs: 10_000_000, failureAction: 'pause', monitorUs: 5_000_000, maxFailureRatio: 0, order: 'start-first' },
      rollback: { parallelism: 1, delayUs: 0, failureAction: 'continue', monitorUs: 5_000_000, maxFailureRatio: 0, order: 'stop-first' },
    });
    const agent = result.services[0]!;
    expect(agent.spec.mode).toEqual({ kind: 'global' });
    expect(agent.spec.task.image).toBe('portainer/agent:2.19');
    expect(agent.networks).toEqual(['backend']);
  });

  test('replicas absent → 1; no version is fine; restart: from the service key when no restart_policy', () => {
    const result = ok('services:\n  a:\n    image: redis\n    restart: on-failure:4\n');
    expect(result.services[0]?.spec.mode).toEqual({ kind: 'replicated', replicas: 1 });
    expect(result.services[0]?.spec.task.restartPolicy).toEqual({ condition: 'on-failure', delayUs: 5_000_000, maxAttempts: 4, windowUs: 0 });
    expect(result.stderr).toBe('Ignoring unsupported options: restart\n\n');
  });
});

describe('warnings for keys swarm ignores', () => {
  test('unsupported keys sorted, then deprecated ones with their descriptions', async () => {
    const result = ok(`
services:
  web:
    image: nginx
    build: .
    links: [db]
    privileged: true
    container_name: web1
    expose: ["80"]
  db:
    image: postgres
    network_mode: host
    depends_on: [web]
`);
    await expect(result.stderr).toMatchFileSnapshot('__golden__/stack-deploy-ignored-keys.txt');
    expect(result.stderr.startsWith('Ignoring unsupported options: build, links, network_mode, privileged\n\nIgnoring deprecated options:\n\ncontainer_name: Setting the container name is not supported.\n\nexpose: ')).toBe(true);
  });
});

describe('errors', () => {
  test.each([
    ['- a\n- b\n', 'top-level object must be a mapping\n'],
    ['version: "2.4"\nservices: {}\n', 'unsupported Compose file version: 2.4\n'],
    ['version: 3.10\nservices:\n  web: { image: nginx }\n', ''],
    ['services:\n  web:\n    image: nginx\n    deploy: {replicase: 3}\n', 'services.web.deploy Additional property replicase is not allowed\n'],
    ['services:\n  web:\n    image: nginx\n    deploy: {replicas: "3"}\n', 'services.web.deploy.replicas must be a integer\n'],
    ['services:\n  web:\n    image: nginx\n    deploy:\n      resources: {limits: {cpus: 0.5}}\n', 'services.web.deploy.resources.limits.cpus must be a string\n'],
    ['services:\n  web:\n    image: nginx\n    foo: 1\n', 'services.web Additional property foo is not allowed\n'],
    ['foo: 1\nservices: {}\n', '(root) Additional property foo is not allowed\n'],
    ['services:\n  web:\n    image: nginx\n    deploy:\n      update_config: {delay: 5x}\n', "services.web.deploy.update_config.delay Does not match format 'duration'\n"],
    ['services:\n  web:\n    deploy: {replicas: 2}\n', 'invalid image reference for service web: no image specified\n'],
    ['services:\n  web:\n    image: nginx\n    deploy: {mode: global, replicas: 2}\n', 'service web: replicas can only be used with replicated or replicated-job mode\n'],
    ['services:\n  web:\n    image: nginx\n    deploy: {mode: daemon}\n', 'service web: unknown mode: daemon\n'],
    [
      'services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    extends: base\n',
      'compose file contains unsupported options:\n\nextends: Support for `extends` is not implemented yet.\n\nmem_limit: Set resource limits using deploy.resources\n\n',
    ],
  ])('%s', (text, expected) => {
    if (expected === '') expect(load(text).ok).toBe(true);
    else expect(error(text)).toBe(expected);
  });

  test('two files with different versions', () => {
    const result = loadCompose(
      [
        { path: 'a.yml', text: 'version: "3.8"\nservices: {}\n' },
        { path: 'b.yml', text: 'version: "3.9"\nservices: {}\n' },
      ],
      'app',
    );
    expect(result).toEqual({ ok: false, error: 'version mismatched between two composefiles : 3.8 and 3.9\n', stderr: '' });
  });
});
