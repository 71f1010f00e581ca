/**
 * Daemon-side and client-side steps around the service commands:
 * lookup (docker-cli.md §1.6: full ID, exact name, ID prefix; ambiguous;
 * `service ps`'s own messages), spec checks (docker-cli.md §8 names, memory
 * and CPU minimums, constraints with SwarmKit's raw error; swarm-services.md
 * §11 port conflicts), the progress frame (swarm-services.md §12) and names.
 */
import { describe, expect, test } from 'vitest';
import type { Node, Service } from '../../../src/model/store/objects.js';
import { generateServiceName, progressConverged, progressFrameFor, resolveService, resolveServiceForPs, validateServiceSpec } from '../../../src/model/docker/service-daemon.js';
import { renderProgressFrame } from '../../../src/model/docker/render/progress.js';
import { ALL_NODES } from './fixtures.js';
import { AGENT, AGENT_TASKS, STACK_DB, STACK_WEB, WEB, WEB_TASKS, makeTask } from './service-fixtures.js';

const SERVICES = [WEB, AGENT, STACK_DB, STACK_WEB];
const nodes: Record<string, Node> = Object.fromEntries(ALL_NODES.map((node) => [node.id, node]));

function stderr(result: ReturnType<typeof resolveService>): string {
  return result.ok ? `found ${result.service.spec.name}` : result.error.stderr;
}

describe('lookup', () => {
  test.each([
    [WEB.id, 'found web'],
    ['web', 'found web'],
    ['n8bb', 'found web'],
    ['nope', 'Error response from daemon: service nope not found\n'],
    ['', 'Error response from daemon: service  not found\n'],
  ])('daemon %s', (ref, expected) => {
    expect(stderr(resolveService(SERVICES, ref))).toBe(expected);
  });

  test('a name match wins over a prefix; two prefix matches are ambiguous', () => {
    const named: Service = { ...AGENT, id: 'x1', spec: { ...AGENT.spec, name: 'n8' } };
    expect(stderr(resolveService([...SERVICES, named], 'n8'))).toBe('found n8');
    const twin: Service = { ...AGENT, id: 'n8zz', spec: { ...AGENT.spec, name: 'twin' } };
    expect(stderr(resolveService([...SERVICES, twin], 'n8'))).toBe('Error response from daemon: service n8 is ambiguous (2 matches found)\n');
    expect(stderr(resolveServiceForPs([...SERVICES, twin], 'n8'))).toBe('multiple services found with provided prefix: n8\n');
    expect(stderr(resolveServiceForPs(SERVICES, 'nope'))).toBe('no such service: nope\n');
  });
});

describe('validateServiceSpec', () => {
  const others = [AGENT, STACK_WEB];
  const check = (patch: Partial<Service['spec']>): string => validateServiceSpec({ spec: { ...WEB.spec, ...patch }, others })?.stderr ?? 'ok';

  test.each([
    ['ok', {}, 'ok'],
    ['stack-style name', { name: 'app_api' }, 'ok'],
    ['bad name', { name: 'web!' }, 'Error response from daemon: rpc error: code = InvalidArgument desc = name must be valid as a DNS name component\n'],
    ['long name', { name: 'a'.repeat(64) }, 'Error response from daemon: rpc error: code = InvalidArgument desc = name must be 63 characters or fewer\n'],
    ['taken name', { name: 'agent', endpoint: { ports: [] } }, 'Error response from daemon: rpc error: code = AlreadyExists desc = name conflicts with an existing object: service agent already exists\n'],
    [
      'bad constraint',
      { task: { ...WEB.spec.task, placement: { ...WEB.spec.task.placement, constraints: ['node.role=manager'] } } },
      'Error response from daemon: rpc error: code = Unknown desc = constraint expected one operator from ==, !=\n',
    ],
    [
      'tiny memory',
      { task: { ...WEB.spec.task, resources: { ...WEB.spec.task.resources, limits: { nanoCPUs: 0, memoryBytes: 1024 } } } },
      'Error response from daemon: rpc error: code = InvalidArgument desc = invalid memory value 1024: Must be at least 4MiB\n',
    ],
    [
      'port taken by an ingress port',
      { endpoint: { ports: [{ protocol: 'tcp' as const, targetPort: 80, publishedPort: 81, publishMode: 'ingress' as const }] } },
      `Error response from daemon: rpc error: code = InvalidArgument desc = port '81' is already in use by service 'app_web' (${STACK_WEB.id}) as an ingress port\n`,
    ],
    [
      'duplicate published ports',
      {
        endpoint: {
          ports: [
            { protocol: 'tcp' as const, targetPort: 80, publishedPort: 9000, publishMode: 'ingress' as const },
            { protocol: 'tcp' as const, targetPort: 81, publishedPort: 9000, publishMode: 'ingress' as const },
          ],
        },
      },
      'Error response from daemon: rpc error: code = InvalidArgument desc = EndpointSpec: duplicate published ports provided\n',
    ],
  ])('%s', (_title, patch, expected) => {
    expect(check(patch)).toBe(expected);
  });

  test('update: mode change refused', () => {
    expect(validateServiceSpec({ spec: { ...WEB.spec, mode: { kind: 'global' } }, others, previous: WEB.spec })?.stderr).toBe(
      'Error response from daemon: rpc error: code = Unimplemented desc = service mode change is not allowed\n',
    );
  });
});

describe('progress frame from tasks', () => {
  test('replicated: lowest desired state per slot, running counted, error shown', () => {
    const frame = progressFrameFor({ service: WEB, tasks: WEB_TASKS, nodes });
    expect(frame.running).toBe(2);
    expect(renderProgressFrame(frame, { tty: false })).toBe('overall progress: 2 out of 3 tasks\n3/3: no suitable node (scheduling constraints not satisfied on 3 nodes)\n');
    expect(progressConverged(frame)).toBe(false);
    expect(progressConverged(progressFrameFor({ service: WEB, tasks: WEB_TASKS.filter((task) => task.slot !== 3).concat(makeTask({ id: 'z', service: WEB, slot: 3, node: '', desired: 'running', state: 'running', createdAt: 1, timestamp: 1 })), nodes }))).toBe(true);
  });

  test('global: waiting for new tasks, then one bar per node (12-char node ID)', () => {
    expect(progressFrameFor({ service: AGENT, tasks: [], nodes }).waitingForTasks).toBe(true);
    const frame = progressFrameFor({ service: AGENT, tasks: AGENT_TASKS, nodes });
    expect(renderProgressFrame(frame, { tty: true })).toBe(
      `overall progress: 1 out of 2 tasks\n${'b2d4f6h8j0l2'}: running   [${'='.repeat(50)}>] \n${'x9k2m4n6p8r0'}: preparing [${'='.repeat(33)}>${' '.repeat(17)}] \n`,
    );
  });
});

test('generated names: adjective_surname from the seeded draw, never boring_wozniak, skipping taken ones', () => {
  const draws = [0, 0, 1, 1];
  let i = 0;
  const next = (): number => draws[i++ % draws.length] as number;
  expect(generateServiceName(next)).toBe('admiring_albattani');
  i = 0;
  expect(generateServiceName(next, (name) => name === 'admiring_albattani')).toBe('affectionate_allen');
});

describe('service update spec and task filters', () => {
  test('--replicas on a global service is refused with the update wording', async () => {
    const { updatedServiceSpec } = await import('../../../src/model/docker/service-daemon.js');
    const changes = { replicas: 2, envAdd: [], envRm: [], labelAdd: [], labelRm: [], constraintAdd: [], constraintRm: [], placementPrefAdd: [], placementPrefRm: [], publishAdd: [], publishRm: [], force: false };
    expect(updatedServiceSpec(AGENT, changes)).toMatchObject({ stderr: 'replicas can only be used with replicated mode\n', exitCode: 1 });
    expect(updatedServiceSpec(WEB, { ...changes, envAdd: ['A=1'], constraintAdd: ['node.role==worker'] })).toMatchObject({
      mode: { kind: 'replicated', replicas: 2 },
      task: { env: ['A=1'], placement: { constraints: ['node.role==worker'] } },
    });
  });

  test('filters: desired-state (case-insensitive), node by hostname, name prefix; bad key and bad state', async () => {
    const { filterTasks } = await import('../../../src/model/docker/service-daemon.js');
    const services = Object.fromEntries(SERVICES.map((service) => [service.id, service]));
    const ids = (result: ReturnType<typeof filterTasks>): string[] => ('exitCode' in result ? [result.stderr] : result.map((task) => task.id.slice(0, 2)));
    expect(ids(filterTasks(WEB_TASKS, [{ key: 'desired-state', value: 'Shutdown' }], { services, nodes }))).toEqual(['c0', 'd0']);
    expect(ids(filterTasks(WEB_TASKS, [{ key: 'node', value: 'worker-2' }], { services, nodes }))).toEqual(['b0', 'c0']);
    expect(ids(filterTasks(WEB_TASKS, [{ key: 'name', value: 'web.1' }], { services, nodes }))).toEqual(['a0', 'f0']);
    expect(ids(filterTasks(WEB_TASKS, [{ key: 'colour', value: 'x' }], { services, nodes }))).toEqual(["Error response from daemon: invalid filter 'colour'\n"]);
    expect(ids(filterTasks(WEB_TASKS, [{ key: 'desired-state', value: 'asleep' }], { services, nodes }))).toEqual(["Error response from daemon: Invalid desired-state filter: 'asleep'\n"]);
  });
});
