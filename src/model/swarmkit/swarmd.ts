/**
 * `swarmd` on a node (swarmctl-and-docker-ps.md §1): starts a SwarmKit node
 * through the same init and join machinery as `docker swarm init|join`
 * (commands/swarm-commands.ts), with swarmd's defaults: remote API
 * `0.0.0.0:4242`, control socket `/var/run/swarmd.sock`, state in
 * `/var/lib/swarmd`. No `--join-addr` creates a cluster with this node as its
 * first manager; otherwise the join token's role decides.
 *
 * Modelling decisions: the tutorial starts swarmd in the background (`&`,
 * output redirected to a log); the step returns once the node is ready (its
 * agent has a session, a manager has joined Raft), as if the user waited a
 * moment before typing the next command. Shell redirections (`> file`,
 * `2>&1`) and a final `&` are accepted and send the output nowhere. The
 * cluster's messages still travel on the simulator's one cluster port
 * (2377); 4242 shows in addresses (`node inspect`, manager status).
 */
import { compareStrings } from '../../sim/order.js';
import { goTimeJson } from '../docker/humanize.js';
import type { CliOutput } from '../docker/errors.js';
import type { CommandContext } from '../commands/context.js';
import { swarmInit, swarmJoin } from '../commands/swarm-commands.js';
import type { SwarmWorld } from '../world.js';
import { type FlagDef, flagString, parseFlags } from './flags.js';
import { rememberSwarmd, swarmdOn } from './sockets.js';

export const DEFAULT_REMOTE_API = '0.0.0.0:4242';
export const DEFAULT_CONTROL_SOCKET = '/var/run/swarmd.sock';
export const DEFAULT_STATE_DIR = '/var/lib/swarmd';

const str = (name: string, defValue: string, usage: string, shorthand?: string): FlagDef => ({ name, type: 'string', defValue, usage, ...(shorthand === undefined ? {} : { shorthand }) });

/** `swarmd/cmd/swarmd/main.go` flags (the ones a tutorial types; the rest are accepted and ignored). */
const SWARMD_FLAGS: readonly FlagDef[] = [
  str('state-dir', DEFAULT_STATE_DIR, 'State directory', 'd'),
  str('listen-remote-api', DEFAULT_REMOTE_API, 'Listen address for remote API'),
  str('listen-control-api', DEFAULT_CONTROL_SOCKET, 'Listen socket for control API'),
  str('join-addr', '', 'Join cluster with a node at this address'),
  str('join-token', '', 'Join token for the cluster'),
  str('hostname', '', 'Override reported agent hostname'),
  str('advertise-remote-api', '', 'Advertise address for remote API'),
  str('engine-addr', 'unix:///var/run/docker.sock', 'Address of engine instance of agent.'),
  str('log-level', 'info', 'Log level (options "debug", "info", "warn", "error", "fatal", "panic")', 'l'),
  str('listen-debug', '', 'Bind the Go debug server on the provided address'),
  str('listen-metrics', '', 'Listen address for metrics'),
  { name: 'heartbeat-tick', type: 'uint', defValue: '1', usage: 'Defines the heartbeat interval (in seconds) for raft member health-check' },
  { name: 'election-tick', type: 'uint', defValue: '10', usage: 'Defines the amount of ticks (in seconds) needed without a Leader to trigger a new election' },
  { name: 'manager', type: 'bool', defValue: 'false', usage: 'removed (accepted by old tutorials)' },
  { name: 'autolock', type: 'bool', defValue: 'false', usage: 'Require an unlock key in order to start a manager once it\'s been stopped' },
];

/** A shell's redirections and `&` at the end of the line: the words swarmd never sees. */
export function stripShellTail(words: readonly string[]): { words: string[]; redirected: boolean } {
  const kept: string[] = [];
  let redirected = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '&') continue;
    if (/^\d?>&\d$/.test(word)) continue;
    if (/^\d?>>?$/.test(word)) {
      redirected = true;
      i++;
      continue;
    }
    if (/^\d?>>?.+/.test(word)) {
      redirected = true;
      continue;
    }
    kept.push(word.endsWith('&') && word.length > 1 && !word.endsWith('\\&') ? word.slice(0, -1) : word);
  }
  return { words: kept, redirected };
}

function logLine(nowUs: number, level: string, msg: string, fields: readonly [string, string][] = []): string {
  const time = goTimeJson(Math.floor(nowUs / 1_000_000) * 1_000_000);
  const rest = [...fields].sort((a, b) => compareStrings(a[0], b[0])).map(([k, v]) => ` ${k}=${/[\s"=]/.test(v) ? JSON.stringify(v) : v}`);
  return `time="${time}" level=${level} msg=${JSON.stringify(msg)}${rest.join('')}\n`;
}

function isUnspecifiedOrLoopback(addr: string): boolean {
  const host = addr.replace(/:\d*$/, '');
  return host === '' || host === '0.0.0.0' || host === '::' || host === '[::]' || host.startsWith('127.') || host === 'localhost';
}

function portOf(addr: string): string {
  return /:(\d+)$/.exec(addr)?.[1] ?? '4242';
}

export interface SwarmdRun {
  readonly world: SwarmWorld;
  readonly on: string;
  readonly args: readonly string[];
  readonly finish: (output: CliOutput) => void;
}

/** Parse and start; `finish` once the node is ready or swarmd has died. */
export function runSwarmd(run: SwarmdRun): void {
  const { world, on } = run;
  const engine = world.engine(on);
  const shell = stripShellTail(run.args);
  const quietly = (output: CliOutput): CliOutput => (shell.redirected ? { ...output, stdout: '', stderr: '' } : output);
  const parsed = parseFlags(shell.words, SWARMD_FLAGS);
  if (!parsed.ok) return run.finish({ stdout: '', stderr: `Error: ${parsed.message}\n`, exitCode: 1 });
  if (engine === undefined) return run.finish({ stdout: '', stderr: `swarmsim: no node ${on}\n`, exitCode: 2 });
  // A crashed node runs nothing: say so rather than wait.
  if (!world.sim.isUp(on)) return run.finish({ stdout: '', stderr: `swarmsim: ${on} is down; swarmd cannot run there\n`, exitCode: 2 });
  const flags = parsed.value;
  const socket = flagString(flags, 'listen-control-api') ?? DEFAULT_CONTROL_SOCKET;
  const remoteApi = flagString(flags, 'listen-remote-api') ?? DEFAULT_REMOTE_API;
  const advertise = flagString(flags, 'advertise-remote-api');
  const joinAddr = flagString(flags, 'join-addr');
  const token = flagString(flags, 'join-token') ?? '';
  const warning = isUnspecifiedOrLoopback(remoteApi) ? 'Warning: Specifying a valid address with --listen-remote-api may be necessary for other managers to reach this one.\n' : '';
  const fatal = (message: string): void => run.finish(quietly({ stdout: warning, stderr: logLine(world.sim.now, 'fatal', message), exitCode: 1 }));
  if (swarmdOn(world, on) !== undefined || engine.membership.state !== 'inactive') return fatal(`listen unix ${socket}: bind: address already in use`);
  if (joinAddr !== undefined && token === '') return fatal('A valid join token is necessary to join this cluster');
  const advertiseAddr = advertise ?? (isUnspecifiedOrLoopback(remoteApi) ? undefined : remoteApi);
  const listenAddr = remoteApi.includes(':') ? remoteApi : `${remoteApi}:4242`;
  const started = world.sim.now;
  const ctx: CommandContext = {
    world,
    sim: world.sim,
    engine,
    instant: false,
    startedUs: started,
    finish: (output) => {
      if (output.exitCode !== 0) {
        const desc = output.stderr.trim().replace(/^Error response from daemon: /, '').replace(/^rpc error: code = \w+ desc = /, '');
        return fatal(desc);
      }
      const hostnameOverride = flagString(flags, 'hostname');
      rememberSwarmd(world, {
        hostname: on,
        stateDir: flagString(flags, 'state-dir') ?? DEFAULT_STATE_DIR,
        controlSocket: socket,
        remoteApi: listenAddr,
        ...(hostnameOverride === undefined || hostnameOverride === '' ? {} : { hostnameOverride }),
      });
      const manager = engine.membership.role === 'manager';
      const logs = manager
        ? logLine(started, 'info', 'Listening for local connections', [['addr', socket], ['proto', 'unix']]) +
          logLine(started, 'info', 'Listening for connections', [['addr', /^(0\.0\.0\.0|\[?::\]?)?:\d+$/.test(listenAddr) ? `[::]:${portOf(listenAddr)}` : listenAddr], ['proto', 'tcp']]) +
          (joinAddr === undefined ? logLine(started, 'info', 'Creating default ingress network') : '')
        : '';
      run.finish(quietly({ stdout: warning, stderr: logs, exitCode: 0 }));
    },
    clearDeadline: () => undefined,
  };
  if (joinAddr === undefined) {
    return swarmInit(ctx, {
      command: 'swarm init',
      listenAddr,
      ...(advertiseAddr === undefined ? {} : { advertiseAddr }),
      forceNewCluster: false,
      defaultAddrPool: [],
      spec: {},
    });
  }
  swarmJoin(ctx, {
    command: 'swarm join',
    remoteAddr: /:\d+$/.test(joinAddr) ? joinAddr : `${joinAddr}:4242`,
    token,
    listenAddr,
    ...(advertiseAddr === undefined ? {} : { advertiseAddr }),
  });
}
