/**
 * `docker service` / `docker stack` command lines → requests or Docker's exact
 * errors and exit codes. Sources: docker-cli.md §1.2 (pflag errors, 125),
 * §1.3 (argument errors, 1; `See` only for "requires at least"; scale's legacy
 * specifier error), §4.1–§4.3 (flags, create's SetInterspersed(false)), §6
 * (stack), §8 (CPUs, bytes, ports, durations, mode, placement-pref, env).
 */
import { describe, expect, test } from 'vitest';
import { parseCommandLine } from '../../../src/model/docker/parse.js';
import type { ServiceCreateRequest, ServiceUpdateRequest } from '../../../src/model/docker/service-requests.js';

function request(line: string): unknown {
  const result = parseCommandLine(line);
  if (!result.ok) throw new Error(`${line}: ${result.output.stderr}`);
  return result.request;
}

function create(line: string): ServiceCreateRequest {
  return request(line) as ServiceCreateRequest;
}

function failure(line: string): { stderr: string; exitCode: number } {
  const result = parseCommandLine(line);
  if (result.ok) throw new Error(`${line}: parsed`);
  return { stderr: result.output.stderr, exitCode: result.output.exitCode };
}

const CREATE_USAGE = "\n\nUsage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker service create --help' for more information\n";

describe('service create → spec', () => {
  test('defaults: one replica, restart any/5s, no update config sent, name left to the daemon', () => {
    const { spec, detach, quiet } = create('service create nginx');
    expect(spec).toMatchObject({ name: '', mode: { kind: 'replicated', replicas: 1 }, task: { image: 'nginx', restartPolicy: { condition: 'any', delayUs: 5_000_000, maxAttempts: 0, windowUs: 0 } } });
    expect(spec.update).toBeUndefined();
    expect([detach, quiet]).toEqual([false, false]);
  });

  test('flags after IMAGE belong to the container (SetInterspersed(false))', () => {
    const { spec } = create('service create nginx --replicas 3');
    expect(spec.mode).toEqual({ kind: 'replicated', replicas: 1 });
    expect(spec.task.args).toEqual(['--replicas', '3']);
  });

  test('every modelled flag', () => {
    const { spec, detach } = create(
      'service create -d --name web --replicas 3 --replicas-max-per-node 2 --constraint node.role==manager --constraint node.labels.zone!=b ' +
        '--placement-pref spread=node.labels.zone -p 8080:80 --publish published=9000,target=90,mode=host,protocol=udp ' +
        '--restart-condition on-failure --restart-delay 10s --restart-max-attempts 3 --restart-window 1m ' +
        '--limit-cpu 0.5 --limit-memory 512m --reserve-cpu 1/4 --reserve-memory 1.5g -e A=1 --env B ' +
        '--update-parallelism 2 --update-delay 10s --update-order start-first --rollback-failure-action continue --rollback-max-failure-ratio 0.25 -l tier=web nginx:1.25',
    );
    expect(detach).toBe(true);
    expect(spec).toEqual({
      name: 'web',
      labels: { tier: 'web' },
      task: {
        image: 'nginx:1.25',
        env: ['A=1', 'B'],
        resources: { limits: { nanoCPUs: 500_000_000, memoryBytes: 536_870_912 }, reservations: { nanoCPUs: 250_000_000, memoryBytes: 1_610_612_736 } },
        restartPolicy: { condition: 'on-failure', delayUs: 10_000_000, maxAttempts: 3, windowUs: 60_000_000 },
        placement: { constraints: ['node.role==manager', 'node.labels.zone!=b'], preferences: [{ spread: 'node.labels.zone' }], platforms: [], maxReplicas: 2 },
      },
      mode: { kind: 'replicated', replicas: 3 },
      endpoint: {
        ports: [
          { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' },
          { protocol: 'udp', targetPort: 90, publishedPort: 9000, publishMode: 'host' },
        ],
      },
      update: { parallelism: 2, delayUs: 10_000_000, failureAction: 'pause', monitorUs: 5_000_000, maxFailureRatio: 0, order: 'start-first' },
      rollback: { parallelism: 1, delayUs: 0, failureAction: 'continue', monitorUs: 5_000_000, maxFailureRatio: 0.25, order: 'stop-first' },
    });
  });

  test('--mode global; -p 80 publishes on a dynamic port; ranges expand pairwise', () => {
    expect(create('service create --mode global nginx').spec.mode).toEqual({ kind: 'global' });
    expect(create('service create -p 80 nginx').spec.endpoint.ports).toEqual([{ protocol: 'tcp', targetPort: 80, publishedPort: 0, publishMode: 'ingress' }]);
    expect(create('service create -p 8080-8081:80-81/udp nginx').spec.endpoint.ports.map((p) => `${p.publishedPort}:${p.targetPort}/${p.protocol}`)).toEqual(['8080:80/udp', '8081:81/udp']);
  });
});

describe('other requests', () => {
  test.each([
    ['service ls', { command: 'service ls', quiet: false, filters: [] }],
    ['service list -q', { command: 'service ls', quiet: true, filters: [] }],
    ['service ps web', { command: 'service ps', refs: ['web'], filters: [], noResolve: false, noTrunc: false, quiet: false }],
    [
      'service ps --no-trunc --filter desired-state=running web db',
      { command: 'service ps', refs: ['web', 'db'], filters: [{ key: 'desired-state', value: 'running' }], noResolve: false, noTrunc: true, quiet: false },
    ],
    ['service inspect --pretty web', { command: 'service inspect', refs: ['web'], pretty: true }],
    ['service scale web=5 db=0', { command: 'service scale', scales: [{ ref: 'web', replicas: 5 }, { ref: 'db', replicas: 0 }], detach: false }],
    [
      'service scale -d web=x',
      { command: 'service scale', scales: [{ ref: 'web', invalid: 'web: invalid replicas value x: strconv.ParseUint: parsing "x": invalid syntax' }], detach: true },
    ],
    ['service rm web db', { command: 'service rm', refs: ['web', 'db'] }],
    ['service remove web', { command: 'service rm', refs: ['web'] }],
    ['service rollback -d web', { command: 'service rollback', ref: 'web', detach: true, quiet: false }],
    ['service logs web', { command: 'service logs', ref: 'web' }],
    [
      'stack deploy -c docker-compose.yml app',
      { command: 'stack deploy', stack: 'app', composeFiles: ['docker-compose.yml'], detach: true, detachGiven: false, prune: false, quiet: false, resolveImage: 'always' },
    ],
    [
      'stack up --compose-file a.yml -c b.yml --detach=false --resolve-image never app',
      { command: 'stack deploy', stack: 'app', composeFiles: ['a.yml', 'b.yml'], detach: false, detachGiven: true, prune: false, quiet: false, resolveImage: 'never' },
    ],
    ['stack ls', { command: 'stack ls' }],
    ['stack services app', { command: 'stack services', stack: 'app', filters: [], quiet: false }],
    ['stack ps --no-trunc app', { command: 'stack ps', stack: 'app', filters: [], noResolve: false, noTrunc: true, quiet: false }],
    ['stack down app other', { command: 'stack rm', stacks: ['app', 'other'], detach: true }],
  ])('%s', (line, expected) => {
    expect(request(line)).toEqual(expected);
  });

  test('service update carries only the given changes', () => {
    const update = request('service update --image web:2 --replicas 4 --env-add A=2 --constraint-rm node.role==manager --publish-rm 80 --update-parallelism 0 web') as ServiceUpdateRequest;
    expect(update.ref).toBe('web');
    expect(update.changes).toMatchObject({ image: 'web:2', replicas: 4, envAdd: ['A=2'], constraintRm: ['node.role==manager'], update: { parallelism: 0 } });
    expect(update.changes.publishRm).toEqual([{ protocol: 'tcp', targetPort: 80, publishedPort: 0, publishMode: 'ingress' }]);
    expect(update.changes.restart).toBeUndefined();
  });
});

describe('errors', () => {
  test.each([
    ['service create --limit-cpu abc nginx', `invalid argument "abc" for "--limit-cpu" flag: failed to parse abc as a rational number${CREATE_USAGE}`, 125],
    ['service create --limit-cpu 0.0000000001 nginx', `invalid argument "0.0000000001" for "--limit-cpu" flag: value is too precise${CREATE_USAGE}`, 125],
    ['service create --limit-memory 50X nginx', `invalid argument "50X" for "--limit-memory" flag: invalid suffix: 'x'${CREATE_USAGE}`, 125],
    ['service create --reserve-memory abc nginx', `invalid argument "abc" for "--reserve-memory" flag: invalid size: 'abc'${CREATE_USAGE}`, 125],
    ['service create --update-delay 1d nginx', `invalid argument "1d" for "--update-delay" flag: time: unknown unit "d" in duration "1d"${CREATE_USAGE}`, 125],
    ['service create --restart-delay 5 nginx', `invalid argument "5" for "--restart-delay" flag: time: missing unit in duration "5"${CREATE_USAGE}`, 125],
    ['service create --replicas -1 nginx', `invalid argument "-1" for "--replicas" flag: strconv.ParseUint: parsing "-1": invalid syntax${CREATE_USAGE}`, 125],
    ['service create -p 10.0.0.1:80:80 nginx', `invalid argument "10.0.0.1:80:80" for "-p, --publish" flag: hostip is not supported${CREATE_USAGE}`, 125],
    ['service create -p 80/xyz nginx', `invalid argument "80/xyz" for "-p, --publish" flag: invalid proto: xyz${CREATE_USAGE}`, 125],
    ['service create -p published=80 nginx', `invalid argument "published=80" for "-p, --publish" flag: missing mandatory field 'target'${CREATE_USAGE}`, 125],
    ['service create -p target=80,mode=x nginx', `invalid argument "target=80,mode=x" for "-p, --publish" flag: invalid publish mode value (x): must be either 'ingress' or 'host'${CREATE_USAGE}`, 125],
    ['service create -p target=80,proto=tcp nginx', `invalid argument "target=80,proto=tcp" for "-p, --publish" flag: invalid field key: proto${CREATE_USAGE}`, 125],
    ['service create -p target=x8 nginx', `invalid argument "target=x8" for "-p, --publish" flag: invalid target port (x8): value must be an integer: invalid syntax${CREATE_USAGE}`, 125],
    ['service create --placement-pref zone nginx', `invalid argument "zone" for "--placement-pref" flag: placement preference must be of the format "<strategy>=<arg>"${CREATE_USAGE}`, 125],
    ['service create --placement-pref pack=node.labels.x nginx', `invalid argument "pack=node.labels.x" for "--placement-pref" flag: unsupported placement preference pack (only spread is supported)${CREATE_USAGE}`, 125],
    ['service create -e =x nginx', `invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x${CREATE_USAGE}`, 125],
    ['service create --env-add A=1 nginx', `unknown flag: --env-add${CREATE_USAGE}`, 125],
    ['service create', "docker: 'docker service create' requires at least 1 argument\n\nUsage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker service create --help' for more information\n", 1],
    ['service create --mode foo nginx', 'unknown mode: foo, only replicated and global supported\n', 1],
    ['service create --mode global --replicas 2 nginx', 'replicas can only be used with replicated or replicated-job mode\n', 1],
    ['service create --mode global --replicas-max-per-node 1 nginx', 'replicas-max-per-node can only be used with replicated or replicated-job mode\n', 1],
    ['service update web db', "docker: 'docker service update' requires 1 argument\n\nUsage:  docker service update [OPTIONS] SERVICE\n\nRun 'docker service update --help' for more information\n", 1],
    ['service update --rollback --image x web', 'other flags may not be combined with --rollback\n', 1],
    ['service inspect --pretty --format x web', '--format is incompatible with human friendly format\n', 1],
    ['service scale web', "invalid scale specifier 'web'.\nSee 'docker service scale --help'.\n\nUsage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\nScale one or multiple replicated services\n", 1],
    ['service scale web=', "invalid scale specifier 'web='.\nSee 'docker service scale --help'.\n\nUsage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\nScale one or multiple replicated services\n", 1],
    ['service foo', "docker: unknown command: docker service foo\n\nUsage:  docker service\n\nRun 'docker service --help' for more information\n", 1],
    ['stack deploy app', 'specify a Compose file (with --compose-file)\n', 1],
    ['stack deploy -c a.yml --resolve-image sometimes app', 'invalid option sometimes for flag --resolve-image\n', 1],
    ['stack deploy -c a.yml "  "', 'invalid stack name: "  "\n', 1],
    ['stack ls extra', "docker: 'docker stack ls' accepts no arguments\n\nUsage:  docker stack ls [OPTIONS]\n\nRun 'docker stack ls --help' for more information\n", 1],
  ])('%s', (line, stderr, exitCode) => {
    expect(failure(line)).toEqual({ stderr, exitCode });
  });
});
