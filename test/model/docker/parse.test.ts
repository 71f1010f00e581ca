/**
 * Command lines → typed requests or docker's exact usage errors.
 * Sources: docker-cli.md §1.2 (pflag errors, exit 125), §1.3 (argument errors,
 * exit 1, `See` only for "requires at least"), §1.5 (--help), §2–§3 (flags,
 * defaults), §8 (Go durations); docker/cli cli/required.go, cli/cobra.go.
 */
import { describe, expect, test } from 'vitest';
import { parseCommandLine } from '../../../src/model/docker/parse.js';
import type { ParseResult } from '../../../src/model/docker/parse.js';

function request(line: string): unknown {
  const result = parseCommandLine(line);
  if (!result.ok) throw new Error(`${line}: ${result.output.stderr}`);
  return result.request;
}

function output(line: string): { stdout: string; stderr: string; exitCode: number } {
  const result: ParseResult = parseCommandLine(line);
  if (result.ok) throw new Error(`${line}: parsed`);
  return result.output;
}

describe('requests', () => {
  test.each([
    ['docker node ls', { command: 'node ls', quiet: false, filters: [] }],
    ['node list -q', { command: 'node ls', quiet: true, filters: [] }],
    ['node ls -qf role=manager', { command: 'node ls', quiet: true, filters: [{ key: 'role', value: 'manager' }] }],
    ['node ls --filter "Name = worker" -f label=x', { command: 'node ls', quiet: false, filters: [{ key: 'name', value: 'worker' }, { key: 'label', value: 'x' }] }],
    ['node ls --format "{{.ID}}"', { command: 'node ls', quiet: false, filters: [], format: '{{.ID}}' }],
    ['node inspect --pretty self manager-2', { command: 'node inspect', refs: ['self', 'manager-2'], pretty: true }],
    ['node promote worker-1 worker-2', { command: 'node promote', refs: ['worker-1', 'worker-2'] }],
    ['node demote manager-2', { command: 'node demote', refs: ['manager-2'] }],
    ['node rm -f worker-1', { command: 'node rm', refs: ['worker-1'], force: true }],
    ['node remove --force=false worker-1', { command: 'node rm', refs: ['worker-1'], force: false }],
    [
      'node update --availability drain --label-add zone=a --label-add ssd --label-rm old worker-1',
      { command: 'node update', ref: 'worker-1', availability: 'drain', labelAdd: ['zone=a', 'ssd'], labelRm: ['old'] },
    ],
    ['node update --role Manager worker-1', { command: 'node update', ref: 'worker-1', role: 'Manager', labelAdd: [], labelRm: [] }],
    ['node ps', { command: 'node ps', refs: ['self'], filters: [], noResolve: false, noTrunc: false, quiet: false }],
    ['node ps worker-1 --no-trunc', { command: 'node ps', refs: ['worker-1'], filters: [], noResolve: false, noTrunc: true, quiet: false }],
    ['swarm join-token -q worker', { command: 'swarm join-token', role: 'worker', quiet: true, rotate: false }],
    ['swarm join-token --rotate manager', { command: 'swarm join-token', role: 'manager', quiet: false, rotate: true }],
    ['swarm leave', { command: 'swarm leave', force: false }],
    ['swarm leave -f', { command: 'swarm leave', force: true }],
    ['swarm leave --force', { command: 'swarm leave', force: true }],
    [
      'swarm join --token SWMTKN-1-abc 10.0.0.11:2377',
      { command: 'swarm join', remoteAddr: '10.0.0.11:2377', token: 'SWMTKN-1-abc', listenAddr: '0.0.0.0:2377' },
    ],
    [
      'swarm join --availability DRAIN --advertise-addr 10.0.0.21 --listen-addr :4000 --token T 10.0.0.11',
      { command: 'swarm join', remoteAddr: '10.0.0.11', token: 'T', listenAddr: '0.0.0.0:4000', advertiseAddr: '10.0.0.21', availability: 'drain' },
    ],
    ['swarm init', { command: 'swarm init', listenAddr: '0.0.0.0:2377', forceNewCluster: false, defaultAddrPool: [], spec: {} }],
    [
      'swarm init --advertise-addr 10.0.0.11 --task-history-limit 10 --dispatcher-heartbeat 1m30s --autolock --force-new-cluster --listen-addr 10.0.0.11',
      {
        command: 'swarm init',
        listenAddr: '10.0.0.11:2377',
        forceNewCluster: true,
        defaultAddrPool: [],
        advertiseAddr: '10.0.0.11',
        spec: { taskHistoryLimit: 10, dispatcherHeartbeatUs: 90_000_000, autolock: true },
      },
    ],
    ['swarm update --autolock=false', { command: 'swarm update', spec: { autolock: false } }],
    ['swarm update --dispatcher-heartbeat 500ms --task-history-limit=0x10', { command: 'swarm update', spec: { dispatcherHeartbeatUs: 500_000, taskHistoryLimit: 16 } }],
    ['info', { command: 'info' }],
    ['node inspect -- --odd-name', { command: 'node inspect', refs: ['--odd-name'], pretty: false }],
  ])('%s', (line, expected) => {
    expect(request(line)).toEqual(expected);
  });
});

describe('errors', () => {
  test.each([
    ['unknown-flag', 'node ls --bogus', 125],
    ['unknown-shorthand', 'node ls -qz', 125],
    ['missing-flag-value', 'node ls --filter', 125],
    ['missing-shorthand-value', 'node inspect self -f', 125],
    ['bad-filter', 'node ls -f role', 125],
    ['bad-duration-unit', 'swarm init --dispatcher-heartbeat 1d', 125],
    ['bad-duration-missing-unit', 'swarm update --dispatcher-heartbeat 5', 125],
    ['bad-int', 'swarm update --task-history-limit five', 125],
    ['bad-bool', 'swarm leave --force=maybe', 125],
    ['bad-flag-syntax', 'node ls --=x', 125],
    ['bad-listen-addr', 'swarm init --listen-addr tcp://a:b', 125],
    ['bad-availability', 'swarm init --availability off', 1],
    ['bad-join-availability', 'swarm join --availability sleepy --token T 10.0.0.11:2377', 1],
    ['unknown-role', 'swarm join-token boss', 1],
    ['promote-no-args', 'node promote', 1],
    ['rm-no-args', 'node rm -f', 1],
    ['update-no-args', 'node update --availability drain', 1],
    ['update-two-args', 'node update a b', 1],
    ['join-no-args', 'swarm join --token T', 1],
    ['join-token-no-args', 'swarm join-token', 1],
    ['ls-extra-arg', 'node ls extra', 1],
    ['init-extra-arg', 'swarm init 10.0.0.11', 1],
    ['unknown-subcommand', 'node foo', 1],
    ['unknown-swarm-subcommand', 'swarm unlock-keys', 1],
    ['unknown-command', 'nodes ls', 1],
    ['group-unknown-flag', 'node --bogus ls', 125],
    ['unterminated-quote', 'node ls --filter "name=a', 2],
  ])('%s: %s → exit %i', async (name, line, exitCode) => {
    const result = output(line);
    expect(result.exitCode).toBe(exitCode);
    expect(result.stdout).toBe('');
    await expect(result.stderr).toMatchFileSnapshot(`__golden__/parse-error-${name}.txt`);
  });

  test('exact texts of the three shapes', () => {
    expect(output('docker node ls --bogus').stderr).toBe(
      "unknown flag: --bogus\n\nUsage:  docker node ls [OPTIONS]\n\nRun 'docker node ls --help' for more information\n",
    );
    expect(output('docker node promote').stderr).toBe(
      "docker: 'docker node promote' requires at least 1 argument\n\nUsage:  docker node promote NODE [NODE...]\n\nSee 'docker node promote --help' for more information\n",
    );
    expect(output('docker swarm join').stderr).toBe(
      "docker: 'docker swarm join' requires 1 argument\n\nUsage:  docker swarm join [OPTIONS] HOST:PORT\n\nRun 'docker swarm join --help' for more information\n",
    );
    expect(output('swarm init --dispatcher-heartbeat 1d').stderr.split('\n')[0]).toBe(
      'invalid argument "1d" for "--dispatcher-heartbeat" flag: time: unknown unit "d" in duration "1d"',
    );
    expect(output('node ls -f role').stderr.split('\n')[0]).toBe(
      'invalid argument "role" for "-f, --filter" flag: bad format of filter (expected name=value)',
    );
    // pflag names the letters left in the group when it fails (parseSingleShortArg), not the whole group.
    expect(output('node ls -qz').stderr.split('\n')[0]).toBe("unknown shorthand flag: 'z' in -z");
    expect(output('node ls -zq').stderr.split('\n')[0]).toBe("unknown shorthand flag: 'z' in -zq");
    expect(output('node inspect self -f').stderr.split('\n')[0]).toBe("flag needs an argument: 'f' in -f");
  });

  test('flag errors win over argument errors; --help wins over both', () => {
    expect(output('node promote --bogus').exitCode).toBe(125);
    expect(output('node promote --help').exitCode).toBe(0);
  });
});

describe('help', () => {
  test.each([
    ['node-ls', 'node ls --help'],
    ['node-inspect', 'node inspect --help'],
    ['node-update', 'node update --help'],
    ['node-rm', 'node rm --help'],
    ['node-ps', 'node ps --help'],
    ['node-promote', 'node promote --help'],
    ['node', 'node --help'],
    ['swarm', 'swarm --help'],
    ['swarm-init', 'swarm init --help'],
    ['swarm-join', 'swarm join --help'],
    ['swarm-join-token', 'swarm join-token --help'],
    ['swarm-leave', 'swarm leave --help'],
    ['swarm-update-no-flags', 'swarm update'],
    ['info', 'info --help'],
  ])('%s', async (name, line) => {
    const result = output(line);
    expect(result.exitCode).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot(`__golden__/help-${name}.txt`);
  });

  test('a group without sub-command prints its help on stderr, exit 0', () => {
    const result = output('docker node');
    expect(result).toMatchObject({ stdout: '', exitCode: 0 });
    expect(result.stderr.startsWith('Usage:  docker node COMMAND\n\nManage Swarm nodes\n\nCommands:\n  demote      Demote')).toBe(true);
  });

  test('leaf help layout: aliases line and aligned flag columns', () => {
    const text = output('node ls --help').stdout;
    expect(text).toContain('Aliases:\n  docker node ls, docker node list\n');
    expect(text).toContain('  -q, --quiet           Only display IDs\n');
    expect(text.endsWith('Only display IDs\n')).toBe(true);
  });

  test('-h is the deprecated shorthand of --help', () => {
    const result = output('node ls -h');
    expect(result.stderr).toBe('Flag shorthand -h has been deprecated, use --help\n');
    expect(result.stdout.startsWith('Usage:  docker node ls [OPTIONS]')).toBe(true);
  });
});
