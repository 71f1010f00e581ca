/**
 * Scenario expectations on what a user sees: `docker: <command line>` (with
 * `on`, and any of `stdout` exact, `contains`/`matches` on stdout+stderr,
 * `stderr` exact, `exitCode`), and `node: { <hostname>: { status,
 * availability, managerStatus } }` in the CLI's words, case-insensitive,
 * read from the leader as `node ls` would (`none` = no manager status).
 * The `nodes` view prints `docker node ls` as the current leader serves it.
 */
import { z } from 'zod';
import type { ExpectationKind, View } from '../../sim/plugin.js';
import { prettyPrint } from '../docker/humanize.js';
import { renderNodeLs } from '../docker/render/nodes.js';
import { nodeViews } from '../manager/views.js';
import { hostOf } from '../raft-host/host.js';
import { nodeName, regexText } from '../schema-kit.js';
import type { Node } from '../store/objects.js';
import type { ExpectationRun, SwarmWorld } from '../world.js';
import { formatDuration, type Micros } from '../../sim/index.js';
import type { CliOutput } from '../docker/errors.js';
import { isWriteLine, runDocker } from './runner.js';

const dockerSchema = z
  .object({
    docker: z.string().min(1).describe('A docker command line, without the word docker (node ls, info, ...).'),
    on: nodeName.describe('The node whose docker CLI runs it.'),
    stdout: z.string().optional().describe('stdout, exactly.'),
    stderr: z.string().optional().describe('stderr, exactly.'),
    contains: z.string().optional().describe('Text found in stdout+stderr.'),
    matches: regexText.optional().describe('A JavaScript regular expression (no flags) found in stdout+stderr.'),
    exitCode: z.number().int().min(0).optional().describe('The exit status.'),
    stdin: z.string().optional().describe("The command's standard input (the key for swarm unlock)."),
  })
  .strict();

type DockerArgs = z.infer<typeof dockerSchema>;

/**
 * A read (`node ls`, `info`, ...) is rendered at each evaluation, at that
 * instant. A command that changes the swarm (a `swarm join` that should fail,
 * a `node demote` refused for quorum) is started once, when the step first
 * evaluates, and takes the virtual time it takes: the expectation holds once
 * it has returned with the expected output, so give it a `within:` as long
 * as the command may take (a join: 20 s). Runs are kept per step on the world,
 * with their start and end times: `took` is the virtual time between them.
 */
function commandOutput(world: SwarmWorld, args: DockerArgs): CliOutput | undefined {
  if (!isWriteLine(args.docker)) {
    let out: CliOutput = { stdout: '', stderr: '', exitCode: 0 };
    runDocker(world, { line: args.docker, on: args.on, ...stdinOf(args) }, true, (output) => {
      out = output;
    });
    return out;
  }
  return startedRun(world, args).output;
}

function stdinOf(args: DockerArgs): { stdin?: string } {
  return args.stdin === undefined ? {} : { stdin: args.stdin };
}

/** The write command of this expectation step, started on first use (its start time kept for `took`). */
function startedRun(world: SwarmWorld, args: DockerArgs): ExpectationRun {
  let run = world.expectationRuns.get(args);
  if (run === undefined) {
    const started: ExpectationRun = { startedUs: world.sim.now };
    run = started;
    world.expectationRuns.set(args, started);
    runDocker(world, { line: args.docker, on: args.on, ...stdinOf(args) }, false, (output) => {
      started.output = output;
      started.endedUs = world.sim.now;
      const tookUs = (world.sim.now - started.startedUs) as Micros;
      world.sim.trace.emit({ kind: 'docker.exit', node: args.on, fields: [['code', output.exitCode], ['took', formatDuration(tookUs)]] });
    });
  }
  return run;
}

export const dockerExpectation: ExpectationKind<SwarmWorld, DockerArgs> = {
  description:
    'What a docker command prints on a node: a read at this instant; a command that changes the swarm is run once, from the step start, and checked when it returns (give it a within:).',
  schema: dockerSchema,
  nodeRefs: (args) => [args.on],
  took(world, args) {
    // A read answers at the instant it is rendered.
    if (!isWriteLine(args.docker)) return 0 as Micros;
    const run = startedRun(world, args);
    return run.endedUs === undefined ? undefined : ((run.endedUs - run.startedUs) as Micros);
  },
  output(world, args) {
    const out = commandOutput(world, args);
    return out === undefined ? '' : out.stdout + out.stderr;
  },
  evaluate(world, args) {
    const out = commandOutput(world, args);
    if (out === undefined) return { holds: false, expected: `docker ${args.docker} on ${args.on} to return`, seen: 'the command still running' };
    const text = out.stdout + out.stderr;
    const wants: string[] = [];
    let holds = true;
    if (args.stdout !== undefined) {
      wants.push(`stdout ${JSON.stringify(args.stdout)}`);
      holds &&= out.stdout === args.stdout;
    }
    if (args.stderr !== undefined) {
      wants.push(`stderr ${JSON.stringify(args.stderr)}`);
      holds &&= out.stderr === args.stderr;
    }
    if (args.contains !== undefined) {
      wants.push(`output containing ${JSON.stringify(args.contains)}`);
      holds &&= text.includes(args.contains);
    }
    if (args.matches !== undefined) {
      wants.push(`output matching /${args.matches}/`);
      holds &&= new RegExp(args.matches).test(text);
    }
    if (args.exitCode !== undefined) {
      wants.push(`exit code ${args.exitCode}`);
      holds &&= out.exitCode === args.exitCode;
    }
    return { holds, expected: `docker ${args.docker} on ${args.on}: ${wants.join(', ') || 'anything'}`, seen: `exit code ${out.exitCode}, output ${JSON.stringify(text)}` };
  },
};

/** One of the CLI's words, in any case (`absent`: no such node in node ls). */
function cliWord(words: readonly string[], what: string) {
  return z
    .string()
    .refine((text) => words.includes(text.toLowerCase()), { message: `expected ${what}: ${words.join(', ')} (any case)` })
    .describe(`${words.join(', ')}; any case`);
}

const nodeWords = z
  .object({
    status: cliWord(['ready', 'down', 'unknown', 'disconnected', 'absent'], 'a node status as node ls shows it').optional(),
    availability: cliWord(['active', 'pause', 'drain', 'absent'], 'an availability as node ls shows it').optional(),
    managerStatus: cliWord(['leader', 'reachable', 'unreachable', 'none', 'absent'], 'a manager status as node ls shows it (none: a worker)').optional(),
  })
  .strict();

const nodeSchema = z.object({ node: z.record(nodeName, nodeWords).describe('Per hostname, what node ls shows.') }).strict();

/** The engine that leads (ready leader of the highest term), if any. */
export function leaderEngine(world: SwarmWorld) {
  const host = world.leader();
  if (host === undefined) return undefined;
  const engine = world.engine(hostOf(host.id));
  return engine?.leadership === undefined ? undefined : engine;
}

function words(node: Node | undefined): { status: string; availability: string; managerStatus: string } {
  if (node === undefined) return { status: 'absent', availability: 'absent', managerStatus: 'absent' };
  const ms = node.managerStatus;
  return {
    status: prettyPrint(node.status.state),
    availability: prettyPrint(node.spec.availability),
    managerStatus: ms === undefined ? 'none' : ms.leader ? 'Leader' : prettyPrint(ms.reachability),
  };
}

export const nodeExpectation: ExpectationKind<SwarmWorld, z.infer<typeof nodeSchema>> = {
  description: 'Status, availability and manager status of nodes, as node ls on the leader shows them.',
  schema: nodeSchema,
  nodeRefs: (args) => Object.keys(args.node),
  evaluate(world, args) {
    const leader = leaderEngine(world);
    const nodes = leader === undefined ? [] : nodeViews(leader);
    const names = Object.keys(args.node).sort();
    const expected: string[] = [];
    const seen: string[] = [];
    let holds = leader !== undefined;
    for (const name of names) {
      const want = args.node[name] ?? {};
      const have = words(nodes.find((n) => n.description?.hostname === name));
      const keys = (['status', 'availability', 'managerStatus'] as const).filter((k) => want[k] !== undefined);
      expected.push(`${name} ${keys.map((k) => `${k}=${want[k] ?? ''}`).join(' ')}`);
      seen.push(`${name} ${keys.map((k) => `${k}=${have[k]}`).join(' ')}`);
      for (const k of keys) holds &&= (want[k] ?? '').toLowerCase() === have[k].toLowerCase();
    }
    return { holds, expected: expected.join(', '), seen: leader === undefined ? 'no leader' : seen.join(', ') };
  },
};

export const nodesView: View<SwarmWorld> = {
  description: 'docker node ls as the current leader serves it.',
  render(world) {
    const leader = leaderEngine(world);
    if (leader === undefined) return 'no leader';
    return renderNodeLs(nodeViews(leader), { selfNodeId: leader.membership.nodeId });
  },
};
