/**
 * Service, task, stack and progress renderers against the notes' layouts:
 * swarm-services.md §12 (service ls REPLICAS incl. `(max N per node)`, service
 * ps columns, ` \_ ` history rows, ERROR quoting/ellipsis at 30, CURRENT STATE
 * lower-cased HumanDuration, inspect --pretty template, progress lines, stack
 * deploy notices), docker-cli.md §4.4 (create/scale/rm outputs, --pretty
 * Resources/Ports blocks), §4.5 (service JSON field order), §5 (digest
 * warning), §6 (stack ls, deploy/rm lines).
 */
import { describe, expect, test } from 'vitest';
import type { Node, Service } from '../../../src/model/store/objects.js';
import {
  currentStateCell,
  ellipsis,
  filterTasksByDesiredState,
  renderDigestWarning,
  renderServiceCreated,
  renderServiceEcho,
  renderServiceLs,
  renderServiceLsQuiet,
  renderServiceScaled,
  renderTaskTable,
  renderTaskTableQuiet,
  serviceListRow,
  servicePortsCell,
} from '../../../src/model/docker/render/services.js';
import { renderServiceInspectJson, renderServiceInspectPretty } from '../../../src/model/docker/render/service-inspect.js';
import { progressBar, renderProgressDetached, renderProgressFrame, truncError } from '../../../src/model/docker/render/progress.js';
import { renderStackDeploy, renderStackLs, renderStackRm, STACK_DETACH_NOTICE } from '../../../src/model/docker/render/stacks.js';
import { ALL_NODES } from './fixtures.js';
import { AGENT, AGENT_TASKS, NOW, STACK_DB, STACK_WEB, WEB, WEB_TASKS, WEB_UPDATED } from './service-fixtures.js';

const nodes: Record<string, Node> = Object.fromEntries(ALL_NODES.map((node) => [node.id, node]));
const services: Record<string, Service> = Object.fromEntries([WEB, AGENT, STACK_DB, STACK_WEB].map((service) => [service.id, service]));
const context = { nowUs: NOW, services, nodes };

describe('service ls', () => {
  const rows = [
    serviceListRow(WEB, WEB_TASKS),
    serviceListRow(AGENT, AGENT_TASKS),
    serviceListRow(STACK_WEB, []),
    serviceListRow({ ...STACK_DB, spec: { ...STACK_DB.spec, task: { ...STACK_DB.spec.task, placement: { ...STACK_DB.spec.task.placement, maxReplicas: 2 } } } }, []),
  ];

  test('golden', async () => {
    await expect(renderServiceLs(rows)).toMatchFileSnapshot('__golden__/service-ls.txt');
  });

  test('running counts observed RUNNING whatever the desired state (3/3 with a desired-REMOVE task still running)', () => {
    expect(rows[0]).toMatchObject({ running: 3, desired: 3 });
    expect(rows[1]).toMatchObject({ running: 1, desired: 2 });
    expect(renderServiceLs(rows)).toContain('0/1 (max 2 per node)');
  });

  test('PORTS: ingress only, consecutive ranges merged', () => {
    expect(servicePortsCell(STACK_WEB.spec.endpoint.ports)).toBe('*:80-81->80-81/tcp, *:5353->53/udp');
    expect(servicePortsCell(AGENT.spec.endpoint.ports)).toBe('');
  });

  test('empty: header only; -q: full IDs in name order', () => {
    expect(renderServiceLs([])).toBe('ID        NAME      MODE      REPLICAS   IMAGE     PORTS\n');
    expect(renderServiceLsQuiet(rows)).toBe(`${AGENT.id}\n${STACK_DB.id}\n${STACK_WEB.id}\n${WEB.id}\n`);
  });
});

describe('service ps', () => {
  const table = renderTaskTable([...WEB_TASKS, ...AGENT_TASKS], context);
  const lines = table.split('\n');

  test('golden', async () => {
    await expect(table).toMatchFileSnapshot('__golden__/service-ps.txt');
  });

  test('golden --no-trunc', async () => {
    await expect(renderTaskTable(WEB_TASKS, { ...context, noTrunc: true })).toMatchFileSnapshot('__golden__/service-ps-no-trunc.txt');
  });

  test('history rows: same name → " \\_ web.2", newest first; natural order web.3 before web.10', () => {
    const names = lines.slice(1, -1).map((line) => line.slice(15).split(/\s{3,}/)[0]?.trim());
    expect(names).toEqual([`agent.${AGENT_TASKS[0]?.nodeId}`, `agent.${AGENT_TASKS[1]?.nodeId}`, 'web.1', 'web.2', '\\_ web.2', '\\_ web.2', 'web.3', 'web.10']);
  });

  test('ERROR is quoted and cut to 30 characters with …', () => {
    expect(table).toContain('"No such image: nginx:this-tag…"');
    expect(table).toContain('"task: non-zero exit (137)"');
    expect(ellipsis('x'.repeat(30), 30)).toBe('x'.repeat(30));
    expect(ellipsis('x'.repeat(31), 30)).toBe(`${'x'.repeat(29)}…`);
  });

  test('CURRENT STATE: lower-cased HumanDuration', () => {
    expect(currentStateCell(WEB_TASKS[1]!, NOW)).toBe('Running less than a second ago');
    expect(currentStateCell(WEB_TASKS[0]!, NOW)).toBe('Running about a minute ago');
    expect(currentStateCell(WEB_TASKS[2]!, NOW)).toBe('Failed 41 seconds ago');
  });

  test('host-mode ports of a running global task; unassigned task has an empty NODE', () => {
    expect(table).toContain('*:9001->9001/tcp');
    const pending = lines.find((line) => line.includes('web.3'));
    expect(pending).toMatch(/nginx:latest\s{3,}Running\s+Pending/);
  });

  test('-q and the desired-state filter', () => {
    expect(renderTaskTableQuiet(WEB_TASKS.slice(0, 2), context)).toBe('a00000000000\nb00000000000\n');
    expect(filterTasksByDesiredState(WEB_TASKS, ['running']).map((task) => task.id)).toEqual([WEB_TASKS[0]?.id, WEB_TASKS[1]?.id, WEB_TASKS[4]?.id]);
  });
});

describe('service inspect', () => {
  test('--pretty golden (defaults inserted)', async () => {
    await expect(renderServiceInspectPretty(WEB, { nowUs: NOW })).toMatchFileSnapshot('__golden__/service-inspect-pretty.txt');
  });

  test('--pretty golden (labels, update status, placement, resources, args, env)', async () => {
    await expect(renderServiceInspectPretty(WEB_UPDATED, { nowUs: NOW })).toMatchFileSnapshot('__golden__/service-inspect-pretty-updated.txt');
  });

  test('--pretty global', async () => {
    await expect(renderServiceInspectPretty(AGENT, { nowUs: NOW })).toMatchFileSnapshot('__golden__/service-inspect-pretty-global.txt');
  });

  test('--pretty layout details from the notes', () => {
    const text = renderServiceInspectPretty(WEB, { nowUs: NOW });
    expect(text.startsWith('\nID:\t\tn8bb4tq2a0s9jd2xk1vz3wq7c\nName:\t\tweb\nService Mode:\tReplicated\n Replicas:\t3\nPlacement:\nUpdateConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Update order:      stop-first\nRollbackConfig:')).toBe(true);
    expect(text).toContain(' Rollback order:    stop-first\nContainerSpec:\n Image:\t\tnginx:latest\n Init:\t\tfalse\nResources:\nEndpoint Mode:\tvip\nPorts:\n PublishedPort = 8080\n  Protocol = tcp\n  TargetPort = 80\n  PublishMode = ingress \n');
    const updated = renderServiceInspectPretty(WEB_UPDATED, { nowUs: NOW });
    expect(updated).toContain('UpdateStatus:\n State:\t\tcompleted\n Started:\tAbout a minute ago\n Completed:\t5 seconds ago\n Message:\tupdate completed\n');
    expect(updated).toContain(' Constraints:\t[node.role==worker node.labels.zone!=b]\n Preferences:   [spread=node.labels.zone]\n');
    expect(updated).toContain('Resources:\n Reservations:\n  CPU:\t\t0.25\n Limits:\n  CPU:\t\t0.5\n  Memory:\t512MiB\n');
    expect(updated).toContain(' Delay:\t\t10s\n On failure:\trollback\n Monitoring Period: 30s\n Max failure ratio: 0.25\n Update order:      start-first');
  });

  test('JSON golden (field order of docker-cli.md §4.5)', async () => {
    await expect(renderServiceInspectJson([WEB, WEB_UPDATED], { nowUs: NOW })).toMatchFileSnapshot('__golden__/service-inspect-json.txt');
  });

  test('JSON: durations in nanoseconds, none found → []', () => {
    const json = renderServiceInspectJson([WEB], { nowUs: NOW });
    expect(json).toContain('"Monitor": 5000000000');
    expect(json).toContain('"Delay": 5000000000');
    expect(json.indexOf('"ID"')).toBeLessThan(json.indexOf('"Version"'));
    expect(json.indexOf('"Spec"')).toBeLessThan(json.indexOf('"Endpoint"'));
    expect(renderServiceInspectJson([], { nowUs: NOW })).toBe('[]\n');
  });
});

describe('one-line outputs', () => {
  test('create prints the full ID; scale "<arg> scaled to N"; rm/update echo the argument', () => {
    expect(renderServiceCreated(WEB.id)).toBe(`${WEB.id}\n`);
    expect(renderServiceScaled('redis', 5)).toBe('redis scaled to 5\n');
    expect(renderServiceEcho('web')).toBe('web\n');
  });

  test('digest warning (docker-cli.md §5): the block then an empty line', async () => {
    await expect(renderDigestWarning('nginx:latest')).toMatchFileSnapshot('__golden__/service-create-digest-warning.txt');
  });
});

describe('progress', () => {
  const frame = {
    mode: 'replicated' as const,
    running: 1,
    total: 3,
    slots: [
      { label: '1/3', state: 'running' as const },
      { label: '2/3', state: 'preparing' as const },
      { label: '3/3', state: 'rejected' as const, err: 'No such image: broken:latest' },
    ],
  };

  test('TTY frame golden', async () => {
    await expect(renderProgressFrame(frame, { tty: true })).toMatchFileSnapshot('__golden__/service-progress-tty.txt');
  });

  test('non-TTY: overall line and error lines only; verify lines', () => {
    expect(renderProgressFrame(frame, { tty: false })).toBe('overall progress: 1 out of 3 tasks\n3/3: No such image: broken:latest\n');
    expect(renderProgressFrame({ ...frame, running: 3, slots: [], verify: { kind: 'waiting', seconds: 5 } }, { tty: false })).toBe(
      'overall progress: 3 out of 3 tasks\nverify: Waiting 5 seconds to verify that tasks are stable...\n',
    );
    expect(renderProgressFrame({ ...frame, running: 3, slots: [], verify: { kind: 'converged', arg: WEB.id } }, { tty: false })).toBe(
      `overall progress: 3 out of 3 tasks\nverify: Service ${WEB.id} converged\n`,
    );
    expect(renderProgressFrame({ mode: 'global', waitingForTasks: true, running: 0, total: 0, slots: [] }, { tty: false })).toBe('overall progress: waiting for new tasks\n');
    expect(renderProgressFrame({ ...frame, rollback: true }, { tty: false })).toContain('overall progress: rolling back update: 1 out of 3 tasks');
  });

  test('bars: running is 50 "=" then ">"; more than 20 replicas show no bars; errors cut at 75', () => {
    expect(progressBar('running')).toBe(`[${'='.repeat(50)}>] `);
    expect(progressBar('new')).toBe(`[${'='.repeat(5)}>${' '.repeat(45)}] `);
    expect(renderProgressFrame({ ...frame, total: 21 }, { tty: true })).toBe('overall progress: 1 out of 21 tasks\n');
    expect(truncError(`a\n${'b'.repeat(80)}`)).toBe(`a ${'b'.repeat(72)}…`);
    expect(renderProgressDetached('abc')).toBe('Operation continuing in background.\nUse `docker service ps abc` to check progress.\n');
  });
});

describe('stacks', () => {
  test('stack ls: stacks by label, natural order; header alone when empty', async () => {
    await expect(renderStackLs([WEB, STACK_DB, STACK_WEB, AGENT])).toMatchFileSnapshot('__golden__/stack-ls.txt');
    expect(renderStackLs([WEB])).toBe('NAME      SERVICES\n');
  });

  test('stack deploy / rm lines and the detach notice', async () => {
    const deploy =
      STACK_DETACH_NOTICE +
      renderStackDeploy({ stack: 'app', createNetworks: ['default'], services: [{ name: 'web', create: true }, { name: 'db', create: false, id: STACK_DB.id }] });
    await expect(deploy).toMatchFileSnapshot('__golden__/stack-deploy.txt');
    expect(renderStackRm({ services: ['app_web', 'app_db'], networks: ['app_default'] })).toBe('Removing service app_db\nRemoving service app_web\nRemoving network app_default\n');
  });

  test('stack services / ps reuse the service and task tables', async () => {
    await expect(renderServiceLs([serviceListRow(STACK_WEB, []), serviceListRow(STACK_DB, [])])).toMatchFileSnapshot('__golden__/stack-services.txt');
  });
});

