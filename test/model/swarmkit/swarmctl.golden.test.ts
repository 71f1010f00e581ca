/**
 * swarmd and swarmctl as the SwarmKit tutorial (seed 003) types them, pinned
 * as transcripts (regenerate with `vitest -u`, review against
 * swarmctl-and-docker-ps.md §1–§4 and swarmkit `swarmd/cmd/swarmctl/**`):
 * every command's output and its errors (usage after client errors, none
 * after gRPC ones, exit 255), on the tutorial's three hosts.
 */
import { describe, expect, it } from 'vitest';
import { type SwarmkitHarness, TUTORIAL_NODES, swarmkitHarness, text } from './harness.js';

const SOCKET = { SWARM_SOCKET: '/tmp/mgmt-01.sock' };

type Step = readonly [on: string, line: string, mode?: 'run' | 'show', env?: Record<string, string>];

/** Run the steps in order; each output under a `host$ line` header. */
function transcript(h: SwarmkitHarness, steps: readonly Step[]): string {
  let out = '';
  for (const [on, line, mode = 'run', env = SOCKET] of steps) {
    const result = mode === 'show' ? h.show(on, line, env) : h.run(on, line, env);
    out += `${on}$ ${line}\n${text(result)}\n`;
  }
  return out;
}

/** The tutorial's cluster: swarmd on mgmt-01, then both workers joined with the worker token. */
function formed(): { h: SwarmkitHarness; workerToken: string; managerToken: string } {
  const h = swarmkitHarness(TUTORIAL_NODES);
  h.run('mgmt-01', 'swarmd --state-dir /tmp/node-mgmt-01 --listen-control-api /tmp/mgmt-01.sock --hostname mgmt-01 > /tmp/mgmt-01.log 2>&1 &');
  const inspect = h.show('mgmt-01', 'swarmctl cluster inspect default', SOCKET).stdout;
  const workerToken = /Worker: (\S+)/.exec(inspect)?.[1] ?? '';
  const managerToken = /Manager: (\S+)/.exec(inspect)?.[1] ?? '';
  for (const name of ['work-01', 'work-02']) {
    h.run(name, `swarmd --state-dir /tmp/node-${name} --hostname ${name} --join-addr 10.0.0.2:4242 --join-token ${workerToken}`);
  }
  h.wait(2_000_000);
  return { h, workerToken, managerToken };
}

describe('swarmd (seed 003: a SwarmKit cluster by hand)', () => {
  it('creates a cluster, joins workers with the token, refuses a second start and a join without token', async () => {
    const h = swarmkitHarness(TUTORIAL_NODES);
    let out = transcript(h, [
      ['mgmt-01', 'swarmctl node ls'],
      ['mgmt-01', 'swarmd --state-dir /tmp/node-mgmt-01 --listen-control-api /tmp/mgmt-01.sock --hostname mgmt-01'],
      ['mgmt-01', 'swarmctl cluster inspect default', 'show'],
    ]);
    const token = /Worker: (\S+)/.exec(h.show('mgmt-01', 'swarmctl cluster inspect default', SOCKET).stdout)?.[1] ?? '';
    out += transcript(h, [
      ['work-01', `swarmd --state-dir /tmp/node-work-01 --hostname work-01 --join-addr 10.0.0.2:4242 --join-token ${token} > /tmp/work-01.log 2>&1 &`],
      ['work-02', 'swarmd --state-dir /tmp/node-work-02 --hostname work-02 --join-addr 10.0.0.2:4242'],
      ['work-02', `swarmd --state-dir /tmp/node-work-02 --hostname work-02 --listen-remote-api 10.0.0.4:4242 --join-addr 10.0.0.2:4242 --join-token ${token}`],
      ['mgmt-01', 'swarmd --state-dir /tmp/node-mgmt-01 --listen-control-api /tmp/mgmt-01.sock'],
      ['mgmt-01', 'swarmctl node ls', 'show'],
      ['work-01', 'swarmctl node ls', 'show'],
    ]);
    await expect(out).toMatchFileSnapshot('__golden__/swarmd.txt');
    expect(h.violations()).toEqual([]);
  });
});

describe('swarmctl node', () => {
  it('ls, inspect, drain, pause, activate, promote, demote, and their errors', async () => {
    const { h } = formed();
    const out = transcript(h, [
      ['mgmt-01', 'swarmctl node ls', 'show'],
      ['mgmt-01', 'swarmctl node ls -q', 'show'],
      ['mgmt-01', 'swarmctl node inspect work-01', 'show'],
      ['mgmt-01', 'swarmctl node inspect', 'show'],
      ['mgmt-01', 'swarmctl node inspect nope', 'show'],
      ['mgmt-01', 'swarmctl node inspect work-01 work-02', 'show'],
      ['mgmt-01', 'swarmctl node drain work-01'],
      ['mgmt-01', 'swarmctl node drain work-01'],
      ['mgmt-01', 'swarmctl node pause work-02'],
      ['mgmt-01', 'swarmctl node pause work-02'],
      ['mgmt-01', 'swarmctl node activate mgmt-01'],
      ['mgmt-01', 'swarmctl node ls', 'show'],
      ['mgmt-01', 'swarmctl node activate work-01'],
      ['mgmt-01', 'swarmctl node activate work-02'],
      ['mgmt-01', 'swarmctl node drain'],
      ['mgmt-01', 'swarmctl node drain work-01 work-02'],
      ['mgmt-01', 'swarmctl node promote nope'],
      ['mgmt-01', 'swarmctl node demote mgmt-01'],
      ['mgmt-01', 'swarmctl node promote mgmt-01'],
      ['mgmt-01', 'swarmctl node demote work-01'],
      ['mgmt-01', 'swarmctl node promote work-01'],
    ]);
    h.wait(10_000_000);
    const after = transcript(h, [
      ['mgmt-01', 'swarmctl node ls', 'show'],
      ['work-01', 'swarmctl node ls', 'show'],
      ['work-01', 'swarmctl --socket /var/run/swarmd.sock node ls', 'show', {}],
      ['mgmt-01', 'swarmctl node inspect work-01', 'show'],
      ['mgmt-01', 'swarmctl node update work-02 --label zone=east,disk=ssd'],
      ['mgmt-01', 'swarmctl node update work-02 --label zone=east --label disk=ssd'],
      ['mgmt-01', 'swarmctl node update work-02 --label zone'],
      ['mgmt-01', 'swarmctl node inspect work-02', 'show'],
      ['mgmt-01', 'swarmctl node rm work-02'],
      ['mgmt-01', 'swarmctl node rm work-01'],
      ['mgmt-01', 'swarmctl node remove -f work-02'],
      ['mgmt-01', 'swarmctl node ls', 'show'],
    ]);
    await expect(out + after).toMatchFileSnapshot('__golden__/node.txt');
    expect(h.violations()).toEqual([]);
  });
});

describe('swarmctl service, task, cluster', () => {
  it('create, ls, inspect, update (scale, image), task ls/inspect, rm, and their errors', async () => {
    const { h } = formed();
    let out = transcript(h, [
      ['mgmt-01', 'swarmctl service create --name nginx --image nginx:1.11.1-alpine'],
      ['mgmt-01', 'swarmctl service create --name nginx --image nginx:1.11.1-alpine'],
      ['mgmt-01', 'swarmctl service create --image nginx'],
      ['mgmt-01', 'swarmctl service create --name web --image nginx extra'],
      ['mgmt-01', 'swarmctl service create --name web --image nginx --mode global --replicas 2'],
      ['mgmt-01', 'swarmctl service create --name web --image nginx --restart-condition on-failure'],
      ['mgmt-01', 'swarmctl service create --name web --image nginx --update-delay 10x'],
      ['mgmt-01', 'swarmctl service create --name web --image nginx --replicas three'],
      ['mgmt-01', 'swarmctl service create --name web --image nginx --command sh'],
    ]);
    h.wait(5_000_000);
    out += transcript(h, [
      ['mgmt-01', 'swarmctl service ls', 'show'],
      ['mgmt-01', 'swarmctl service inspect nginx', 'show'],
      ['mgmt-01', 'swarmctl service update nginx --replicas 6'],
      ['mgmt-01', 'swarmctl service update nginx --replicas 6'],
      ['mgmt-01', 'swarmctl service update'],
      ['mgmt-01', 'swarmctl svc update nope --replicas 2'],
    ]);
    h.wait(5_000_000);
    out += transcript(h, [
      ['mgmt-01', 'swarmctl service ls', 'show'],
      ['mgmt-01', 'swarmctl service inspect nginx', 'show'],
      ['mgmt-01', 'swarmctl task ls', 'show'],
      ['mgmt-01', 'swarmctl task ls -n', 'show'],
    ]);
    h.wait(60_000_000);
    const store = h.world.manager('mgmt-01')?.app.store;
    const slot1 = [...(store?.tasks.values() ?? [])].filter((t) => t.slot === 1 && t.desiredState === 'running')[0]?.id ?? '';
    out += transcript(h, [
      ['mgmt-01', 'swarmctl task ls -a', 'show'],
      ['mgmt-01', `swarmctl task inspect ${slot1}`, 'show'],
      ['mgmt-01', 'swarmctl task inspect nope', 'show'],
      ['mgmt-01', 'swarmctl task inspect', 'show'],
      ['mgmt-01', 'swarmctl cluster inspect nope', 'show'],
      ['mgmt-01', 'swarmctl cluster ls', 'show'],
      // The rolling update itself is the updater's (another test's) business: only the spec change shows here.
      ['mgmt-01', 'swarmctl service update nginx --image nginx:1.11.3-alpine'],
      ['mgmt-01', 'swarmctl service ls', 'show'],
      ['mgmt-01', 'swarmctl service rm nope'],
      ['mgmt-01', 'swarmctl service rm nginx'],
    ]);
    h.wait(5_000_000);
    out += transcript(h, [
      ['mgmt-01', 'swarmctl service ls', 'show'],
      ['mgmt-01', 'swarmctl task ls', 'show'],
    ]);
    await expect(out).toMatchFileSnapshot('__golden__/service-task-cluster.txt');
    expect(h.violations()).toEqual([]);
  });
});

describe('swarmctl errors and help', () => {
  it('socket missing or refused, unknown command or flag, help texts', async () => {
    const { h } = formed();
    let out = transcript(h, [
      ['mgmt-01', 'swarmctl node ls', 'show', {}],
      ['mgmt-01', 'swarmctl -s /tmp/other.sock node ls', 'show', {}],
      ['mgmt-01', 'swarmctl nodes ls', 'show'],
      ['mgmt-01', 'swarmctl node ls --all', 'show'],
      ['mgmt-01', 'swarmctl node ls extra', 'show'],
      ['mgmt-01', 'swarmctl --help', 'show'],
      ['mgmt-01', 'swarmctl node', 'show'],
      ['mgmt-01', 'swarmctl service --help', 'show'],
      ['mgmt-01', 'swarmctl service create --help', 'show'],
      ['mgmt-01', 'swarmctl service rm --help', 'show', {}],
      ['mgmt-01', 'swarmctl task rm x', 'show'],
    ]);
    h.world.sim.crash('mgmt-01');
    out += transcript(h, [['mgmt-01', 'swarmctl node ls', 'show']]);
    await expect(out).toMatchFileSnapshot('__golden__/errors-and-help.txt');
  });
});

describe('swarmctl without a leader', () => {
  it('waits for a leader with no deadline, then fails with the lost-quorum text once the manager has gone 10 ticks without one', async () => {
    const { h } = formed();
    h.run('mgmt-01', 'swarmctl node promote work-01', SOCKET);
    h.run('mgmt-01', 'swarmctl node promote work-02', SOCKET);
    h.wait(15_000_000);
    const before = transcript(h, [['mgmt-01', 'swarmctl node ls', 'show']]);
    h.world.sim.crash('work-01');
    h.world.sim.crash('work-02');
    h.wait(12_000_000); // check-quorum: the leader steps down after an election timeout without a majority
    const started = h.world.sim.now;
    const waited = h.run('mgmt-01', 'swarmctl node ls', SOCKET);
    const tookSeconds = Math.round((h.world.sim.now - started) / 1_000_000);
    const shown = h.show('mgmt-01', 'swarmctl node ls', SOCKET);
    await expect(`${before}mgmt-01$ swarmctl node ls   (returned after ${tookSeconds}s)\n${text(waited)}\n(show) mgmt-01$ swarmctl node ls\n${text(shown)}`).toMatchFileSnapshot(
      '__golden__/no-leader.txt',
    );
    expect(waited.exitCode).toBe(255);
    expect(tookSeconds).toBeGreaterThan(0);
  });
});

describe('swarmctl service flags', () => {
  it('global mode, constraint, host-mode ports, labels, env and args reach the spec and the inspect', async () => {
    const { h } = formed();
    let out = transcript(h, [
      ['mgmt-01', 'swarmctl service create --name agent --image busybox --mode global --constraint node.role==worker --label team=ops --env A=1,B=2 --args sleep,3600'],
      ['mgmt-01', 'swarmctl service create --name web --image nginx --replicas 2 --ports http:80:8080 --update-delay 10s --restart-condition failure'],
      ['mgmt-01', 'swarmctl service create --name bad --image nginx --ports 80'],
    ]);
    h.wait(10_000_000);
    out += transcript(h, [
      ['mgmt-01', 'swarmctl service ls', 'show'],
      ['mgmt-01', 'swarmctl task ls', 'show'],
      ['mgmt-01', 'swarmctl service inspect agent', 'show'],
      ['mgmt-01', 'swarmctl service inspect web', 'show'],
    ]);
    const web = Object.values(h.world.manager('mgmt-01')?.app.store.services ?? {}).find((s) => s.spec.name === 'web');
    // One --update-* flag alone: the rest of the UpdateConfig is zero (parallelism 0 = all at once).
    expect(web?.spec.update).toMatchObject({ parallelism: 0, delayUs: 10_000_000, failureAction: 'pause', order: 'stop-first' });
    expect(web?.spec.task.restartPolicy.condition).toBe('on-failure');
    await expect(out).toMatchFileSnapshot('__golden__/service-flags.txt');
    expect(h.violations()).toEqual([]);
  });
});

describe('swarmctl service update rolls out through the same updater as docker', () => {
  it('image update: Update Status in inspect, old tasks shut down (inspect -a), --force replaces them again', async () => {
    const { h } = formed();
    h.run('mgmt-01', 'swarmctl service create --name nginx --image nginx:1.11.1-alpine --replicas 3', SOCKET);
    h.wait(10_000_000);
    let out = transcript(h, [['mgmt-01', 'swarmctl service update nginx --image nginx:1.11.3-alpine']]);
    h.wait(3_000_000);
    out += transcript(h, [['mgmt-01', 'swarmctl service inspect nginx', 'show']]);
    h.wait(60_000_000);
    out += transcript(h, [
      ['mgmt-01', 'swarmctl service inspect -a nginx', 'show'],
      ['mgmt-01', 'swarmctl service update nginx --force'],
    ]);
    h.wait(60_000_000);
    out += transcript(h, [['mgmt-01', 'swarmctl service inspect nginx', 'show']]);
    await expect(out).toMatchFileSnapshot('__golden__/service-update-rollout.txt');
    expect(h.violations()).toEqual([]);
  });
});

describe('swarmd with the manager token', () => {
  it('joins as a manager: Raft member on 4242, its own control socket answers', async () => {
    const h = swarmkitHarness(TUTORIAL_NODES);
    h.run('mgmt-01', 'swarmd -d /tmp/node-mgmt-01 --listen-control-api /tmp/mgmt-01.sock --listen-remote-api 10.0.0.2:4242 --hostname mgmt-01');
    const token = /Manager: (\S+)/.exec(h.show('mgmt-01', 'swarmctl cluster inspect default', SOCKET).stdout)?.[1] ?? '';
    const out = transcript(h, [
      ['work-01', `swarmd -d /tmp/node-work-01 --listen-control-api /tmp/work-01.sock --listen-remote-api 10.0.0.3:4242 --hostname work-01 --join-addr 10.0.0.2:4242 --join-token ${token}`],
      ['work-01', 'swarmctl node ls', 'show', { SWARM_SOCKET: '/tmp/work-01.sock' }],
      ['work-01', 'swarmctl node inspect work-01', 'show', { SWARM_SOCKET: '/tmp/work-01.sock' }],
      ['work-01', 'swarmctl node ls', 'show', {}],
    ]);
    await expect(out).toMatchFileSnapshot('__golden__/swarmd-manager-token.txt');
    expect(h.violations()).toEqual([]);
  });
});

describe('swarmd --hostname', () => {
  it('swarmctl shows and resolves the reported hostname, not the host name', async () => {
    const h = swarmkitHarness({ form: 'manual', nodes: [{ name: 'node-1', role: 'manager' }, { name: 'node-2', role: 'worker' }] });
    const env = { SWARM_SOCKET: '/tmp/m.sock' };
    h.run('node-1', 'swarmd -d /tmp/m --listen-control-api /tmp/m.sock --hostname mgmt-01');
    const token = /Worker: (\S+)/.exec(h.show('node-1', 'swarmctl cluster inspect default', env).stdout)?.[1] ?? '';
    h.run('node-2', `swarmd -d /tmp/w --hostname work-01 --join-addr 10.0.0.2:4242 --join-token ${token}`);
    h.run('node-1', 'swarmctl service create --name web --image nginx --replicas 2', env);
    h.wait(10_000_000);
    const out = transcript(h, [
      ['node-1', 'swarmctl node ls', 'show', env],
      ['node-1', 'swarmctl task ls', 'show', env],
      ['node-1', 'swarmctl node drain work-01', 'run', env],
      ['node-1', 'swarmctl node inspect work-01', 'show', env],
    ]);
    await expect(out).toMatchFileSnapshot('__golden__/swarmd-hostname.txt');
    expect(h.violations()).toEqual([]);
  });
});

describe('swarmctl cluster update', () => {
  it('changes task history, heartbeat and certificate expiry, rotates a join token, refuses bad values', async () => {
    const { h, workerToken } = formed();
    const out = transcript(h, [
      ['mgmt-01', 'swarmctl cluster update default --taskhistory 10 --heartbeatperiod 10s --certexpiry 720h'],
      ['mgmt-01', 'swarmctl cluster update default --rotate-join-token worker'],
      ['mgmt-01', 'swarmctl cluster inspect default', 'show'],
      ['mgmt-01', 'swarmctl cluster update default --rotate-join-token both'],
      ['mgmt-01', 'swarmctl cluster update default --certexpiry 30m'],
      ['mgmt-01', 'swarmctl cluster update default --heartbeatperiod soon'],
      ['mgmt-01', 'swarmctl cluster update default --autolock'],
      ['mgmt-01', 'swarmctl cluster update'],
    ]);
    expect(out).not.toContain(workerToken);
    await expect(out).toMatchFileSnapshot('__golden__/cluster-update.txt');
    expect(h.violations()).toEqual([]);
  });
});
