/**
 * firewalld's state machine (firewalld-core.ts): runtime vs permanent, reload,
 * stop/start, the blocked swarm ports, and a golden transcript of the texts
 * firewall-cmd and systemctl print (review against firewalld's own output).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  BOOT_STATE,
  type FirewalldState,
  SWARM_PORTS,
  blockedPorts,
  firewallCmd,
  systemctlFirewalld,
} from '../../../src/model/firewall/firewalld-core.js';

const words = (line: string) => line.split(' ').filter((w) => w !== '');
const cmd = (state: FirewalldState, line: string) => firewallCmd(state, words(line));
const blocked = (state: FirewalldState) => blockedPorts(state).map(([p, proto]) => `${p}/${proto}`);

describe('firewalld core', () => {
  it('at boot every swarm port is rejected; runtime add-port opens it at once', () => {
    expect(blocked(BOOT_STATE)).toEqual(['2376/tcp', '2377/tcp', '7946/tcp', '7946/udp', '4789/udp']);
    const r = cmd(BOOT_STATE, '--zone=public --add-port=2377/tcp');
    expect([r.stdout, r.exitCode]).toEqual(['success\n', 0]);
    expect(blocked(r.state)).toEqual(['2376/tcp', '7946/tcp', '7946/udp', '4789/udp']);
  });

  it('a runtime port is lost at --reload; a permanent one takes effect only then', () => {
    let s = cmd(BOOT_STATE, '--add-port=2377/tcp').state;
    s = cmd(s, '--permanent --add-port=7946/tcp').state;
    expect(blocked(s)).toContain('7946/tcp');
    expect(cmd(s, '--list-ports').stdout).toBe('2377/tcp\n');
    expect(cmd(s, '--permanent --list-ports').stdout).toBe('7946/tcp\n');
    s = cmd(s, '--reload').state;
    expect(blocked(s)).toEqual(['2376/tcp', '2377/tcp', '7946/udp', '4789/udp']);
  });

  it('a range opens every port in it, of its protocol only', () => {
    const s = cmd(BOOT_STATE, '--add-port=2376-7946/tcp').state;
    expect(blocked(s)).toEqual(['7946/udp', '4789/udp']);
    expect(blocked(cmd(s, '--remove-port=2376-7946/tcp').state)).toEqual(blocked(BOOT_STATE));
  });

  it('stop lets everything in and forgets runtime ports; start and restart load the permanent ones', () => {
    let s = cmd(BOOT_STATE, '--add-port=2377/tcp').state;
    s = systemctlFirewalld(s, 'stop').state;
    expect(blocked(s)).toEqual([]);
    expect(cmd(s, '--list-ports')).toMatchObject({ stderr: 'FirewallD is not running\n', exitCode: 252 });
    s = systemctlFirewalld(s, 'start').state;
    expect(blocked(s)).toEqual(blocked(BOOT_STATE));
  });

  // Any sequence of commands: the blocked ports are exactly the swarm ports no runtime entry covers, and none when stopped.
  const lineArb = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('--add-port', '--remove-port'),
        fc.constantFrom('2376/tcp', '2377/tcp', '7946/tcp', '7946/udp', '4789/udp', '7000-8000/udp', '2377/udp'),
        fc.boolean(),
      )
      .map(([op, port, permanent]) => ({ kind: 'cmd' as const, args: [...(permanent ? ['--permanent'] : []), `${op}=${port}`] })),
    fc.constant({ kind: 'cmd' as const, args: ['--reload'] }),
    fc.constantFrom('stop', 'start', 'restart').map((verb) => ({ kind: 'systemctl' as const, verb })),
  );
  test.prop([fc.array(lineArb, { maxLength: 15 })], { numRuns: 200, seed: 7 })(
    'blocked ports always match the runtime list; permanent changes never touch the runtime list',
    (lines) => {
      let s = BOOT_STATE;
      for (const line of lines) {
        const before = s;
        s = line.kind === 'cmd' ? firewallCmd(s, line.args).state : systemctlFirewalld(s, line.verb).state;
        if (line.kind === 'cmd' && line.args[0] === '--permanent') expect(s.runtime).toBe(before.runtime);
      }
      const covered = (port: number, proto: string) =>
        s.runtime.some((entry) => {
          const [range, p] = entry.split('/') as [string, string];
          const [a, b] = range.split('-').map(Number) as [number, number | undefined];
          return p === proto && a <= port && port <= (b ?? a);
        });
      const expected = s.running ? SWARM_PORTS.filter(([port, proto]) => !covered(port, proto)).map(([p, proto]) => `${p}/${proto}`) : [];
      expect(blocked(s)).toEqual(expected);
    },
  );

  it('prints what firewall-cmd and systemctl print (golden)', async () => {
    let s = BOOT_STATE;
    const out: string[] = [];
    const record = (prompt: string, r: { state: FirewalldState; stdout: string; stderr: string; exitCode: number }) => {
      s = r.state;
      out.push(`$ ${prompt}\n${r.stdout}${r.stderr === '' ? '' : `[stderr]\n${r.stderr}`}[exit ${r.exitCode}]\n`);
    };
    const run = (line: string) => record(`firewall-cmd ${line}`, cmd(s, line));
    const sys = (verb: string) => record(`systemctl ${verb} firewalld`, systemctlFirewalld(s, verb));
    run('--state');
    run('--zone=public --list-ports');
    for (const port of ['2376/tcp', '2377/tcp', '4789/tcp', '4789/udp', '7946/tcp', '7946/udp']) run(`--zone=public --add-port=${port}`);
    run('--zone=public --list-ports');
    run('--zone=public --add-port=2377/tcp');
    run('--zone=public --remove-port=2376/tcp');
    run('--zone=public --remove-port=2376/tcp');
    run('--zone=public --add-port=2376/tcp --permanent');
    run('--permanent --list-ports');
    run('--add-port=2377');
    run('--add-port=99999/tcp');
    run('--add-port=80/foo');
    run('--zone=home --list-ports');
    run('--bogus');
    run('--query-port=2377/tcp');
    run('--query-port=2376/tcp');
    run('--reload');
    run('--list-ports');
    sys('status');
    sys('stop');
    sys('disable');
    run('--state');
    run('--list-ports');
    sys('is-active');
    sys('status');
    sys('start');
    sys('enable');
    run('--state');
    run('--list-ports');
    sys('frobnicate');
    await expect(out.join('\n')).toMatchFileSnapshot('__golden__/firewalld-session.txt');
  });
});
