/**
 * firewalld on one host, as a pure state machine: the service (running,
 * enabled at boot), the public zone's runtime and permanent port lists, and
 * what `firewall-cmd` and `systemctl ... firewalld` do to them, with the
 * texts they print. The driver (firewalld.ts) turns `blockedPorts` into
 * kernel block rules.
 *
 * Modelling decisions:
 * - Only the default `public` zone exists. Like a fresh CentOS 7 install it
 *   allows ssh (and dhcpv6-client) and REJECTs everything else with
 *   icmp-host-prohibited, which a dial sees as "no route to host".
 * - Only the swarm's ports are watched (SWARM_PORTS): a port in that list
 *   not covered by a runtime port entry is blocked inbound. Published ports
 *   (the routing mesh) are not filtered.
 * - Without --permanent a change is runtime only (lost at --reload or a
 *   restart); with --permanent it changes the permanent list only, applied at
 *   --reload or start/restart. Ports are listed in the order they were added.
 * - Ports are numbers or numeric ranges; service names (`http/tcp`) are not
 *   resolved and are reported as invalid.
 */
import type { Protocol } from '../../sim/types.js';

export interface FirewalldState {
  readonly running: boolean;
  readonly enabled: boolean;
  /** Port entries of the public zone, `2377/tcp` or `7946-7950/udp`. */
  readonly runtime: readonly string[];
  readonly permanent: readonly string[];
}

export interface FirewalldResult {
  readonly state: FirewalldState;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** A fresh install at boot: running, enabled, no port opened. */
export const BOOT_STATE: FirewalldState = Object.freeze({ running: true, enabled: true, runtime: [], permanent: [] });

/** The ports a swarm needs between hosts (2376 for docker-machine's TLS API, as the tutorial advises). */
export const SWARM_PORTS: readonly (readonly [number, Protocol])[] = [
  [2376, 'tcp'],
  [2377, 'tcp'],
  [7946, 'tcp'],
  [7946, 'udp'],
  [4789, 'udp'],
];

// firewalld's error codes (firewall/errors.py).
export const NOT_RUNNING = 252;
const INVALID_PORT = 102;
const INVALID_PROTOCOL = 103;
const INVALID_ZONE = 112;
const PROTOCOLS = ['tcp', 'udp', 'sctp', 'dccp'];

interface PortEntry {
  readonly from: number;
  readonly to: number;
  readonly protocol: string;
}

function parseEntry(text: string): PortEntry | { error: string; exitCode: number } {
  const parts = text.split('/');
  if (parts.length !== 2) {
    return { error: 'INVALID_PORT: bad port (most likely missing protocol), correct syntax is portid[-portid]/protocol', exitCode: INVALID_PORT };
  }
  const [port, protocol] = parts as [string, string];
  const range = /^(\d+)(?:-(\d+))?$/.exec(port);
  const from = range === null ? NaN : Number(range[1]);
  const to = range === null ? NaN : Number(range[2] ?? range[1]);
  if (!(from >= 1 && to <= 65535 && from <= to)) return { error: `INVALID_PORT: ${port}`, exitCode: INVALID_PORT };
  if (!PROTOCOLS.includes(protocol)) return { error: `INVALID_PROTOCOL: ${protocol}`, exitCode: INVALID_PROTOCOL };
  return { from, to, protocol };
}

function entryText(entry: PortEntry): string {
  return `${entry.from === entry.to ? entry.from : `${entry.from}-${entry.to}`}/${entry.protocol}`;
}

/** The swarm ports firewalld rejects now (none when it is stopped). */
export function blockedPorts(state: FirewalldState): [number, Protocol][] {
  if (!state.running) return [];
  const open = state.runtime.map((text) => parseEntry(text) as PortEntry);
  return SWARM_PORTS.filter(([port, protocol]) => !open.some((e) => e.protocol === protocol && e.from <= port && port <= e.to)).map(
    ([port, protocol]) => [port, protocol],
  );
}

const ok = (state: FirewalldState, stdout: string, stderr = ''): FirewalldResult => ({ state, stdout, stderr, exitCode: 0 });
const fail = (state: FirewalldState, stderr: string, exitCode: number): FirewalldResult => ({ state, stdout: '', stderr, exitCode });

/** `firewall-cmd <args>`. */
export function firewallCmd(state: FirewalldState, args: readonly string[]): FirewalldResult {
  let permanent = false;
  const actions: { kind: 'add' | 'remove' | 'query'; port: string }[] = [];
  const flags = new Set<string>();
  for (const arg of args) {
    const [name, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--permanent' && value === undefined) permanent = true;
    else if (name === '--zone' && value !== undefined) {
      if (value !== 'public') return fail(state, `Error: INVALID_ZONE: ${value}\n`, INVALID_ZONE);
    } else if ((name === '--add-port' || name === '--remove-port' || name === '--query-port') && value !== undefined) {
      actions.push({ kind: name === '--add-port' ? 'add' : name === '--remove-port' ? 'remove' : 'query', port: value });
    } else if (['--state', '--reload', '--list-ports', '--get-default-zone'].includes(name) && value === undefined) flags.add(name);
    else return fail(state, `usage: see firewall-cmd man page\nfirewall-cmd: error: unrecognized arguments: ${arg}\n`, 2);
  }
  if (flags.has('--state')) return state.running ? ok(state, 'running\n') : fail(state, 'not running\n', NOT_RUNNING);
  if (!state.running) return fail(state, 'FirewallD is not running\n', NOT_RUNNING);
  if (flags.has('--reload')) return ok({ ...state, runtime: state.permanent }, 'success\n');
  if (flags.has('--get-default-zone')) return ok(state, 'public\n');
  const list = permanent ? state.permanent : state.runtime;
  if (flags.has('--list-ports')) return ok(state, `${list.join(' ')}\n`);
  if (actions.length === 0) return fail(state, 'usage: see firewall-cmd man page\n', 2);
  let ports = list;
  let warnings = '';
  let stdout = '';
  for (const action of actions) {
    const entry = parseEntry(action.port);
    if ('error' in entry) return fail(state, `Error: ${entry.error}\n`, entry.exitCode);
    const text = entryText(entry);
    const present = ports.includes(text);
    if (action.kind === 'query') {
      stdout = present ? 'yes\n' : 'no\n';
      if (!present) return { state, stdout, stderr: '', exitCode: 1 };
      continue;
    }
    const id = text.replace('/', ':');
    if (action.kind === 'add') {
      if (present) warnings += `Warning: ALREADY_ENABLED: ${id}\n`;
      else ports = [...ports, text];
    } else if (!present) warnings += `Warning: NOT_ENABLED: ${id}\n`;
    else ports = ports.filter((p) => p !== text);
  }
  if (actions.every((a) => a.kind === 'query')) return ok(state, stdout);
  const next = permanent ? { ...state, permanent: ports } : { ...state, runtime: ports };
  return ok(next, 'success\n', warnings);
}

const UNIT = '/usr/lib/systemd/system/firewalld.service';
const WANTS = '/etc/systemd/system/multi-user.target.wants/firewalld.service';
const DBUS = '/etc/systemd/system/dbus-org.fedoraproject.FirewallD1.service';

/** `systemctl <verb> firewalld`: CentOS 7's systemd 219 texts (status without its date, PID and log lines). */
export function systemctlFirewalld(state: FirewalldState, verb: string): FirewalldResult {
  switch (verb) {
    case 'stop':
      return ok({ ...state, running: false, runtime: [] }, '');
    case 'start':
      return ok(state.running ? state : { ...state, running: true, runtime: state.permanent }, '');
    case 'restart':
      return ok({ ...state, running: true, runtime: state.permanent }, '');
    case 'enable':
      return ok({ ...state, enabled: true }, '', state.enabled ? '' : `Created symlink from ${DBUS} to ${UNIT}.\nCreated symlink from ${WANTS} to ${UNIT}.\n`);
    case 'disable':
      return ok({ ...state, enabled: false }, '', state.enabled ? `Removed symlink ${WANTS}.\nRemoved symlink ${DBUS}.\n` : '');
    case 'is-active':
      return state.running ? ok(state, 'active\n') : { state, stdout: 'inactive\n', stderr: '', exitCode: 3 };
    case 'status': {
      const stdout = [
        '● firewalld.service - firewalld - dynamic firewall daemon',
        `   Loaded: loaded (${UNIT}; ${state.enabled ? 'enabled' : 'disabled'}; vendor preset: enabled)`,
        `   Active: ${state.running ? 'active (running)' : 'inactive (dead)'}`,
        '     Docs: man:firewalld(1)',
        '',
      ].join('\n');
      return { state, stdout, stderr: '', exitCode: state.running ? 0 : 3 };
    }
    default:
      return fail(state, `Unknown operation '${verb}'.\n`, 1);
  }
}
