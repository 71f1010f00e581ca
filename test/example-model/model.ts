/**
 * The example model: a small ping-pong cluster that exercises the scenario
 * layer and the kernel before the swarm model exists.
 *
 * - `cluster: { nodes: N, heartbeat?: 100ms }` names nodes node-1..node-N.
 * - A `ping: { from, to }` step sends a ping on port 7000/tcp; the receiver
 *   counts it and answers a pong. The step ends at the pong, at the timeout
 *   (default 1s), or at once when a REJECT firewall rule answers. The result is
 *   kept per (from, to) for the `reply` expectation.
 * - Each node keeps a persistent counter (`received`, survives a restart) and a
 *   volatile one (lost on crash). With `heartbeat`, every node sends a beat to
 *   every other node on 7946/udp at that interval; beats are volatile.
 * - `forget: <node>` wipes a node's persistent counter (a disk loss): the way
 *   tests provoke the invariant `volatileNeverExceedsPersistent`.
 * - Commands: `count` prints a node's counters; `ping <node>` pings from `on`
 *   (taking the round trip, or the 1s timeout); `echo <text>`; `progress`
 *   prints three lines, or in a terminal (`tty: true`) only the final frame.
 * - The `command: <line>, on: <node>` expectation renders a command now; it
 *   reports its `output`, so the scenario layer's output checks and `save:`
 *   work on it.
 */
import { z } from 'zod';
import {
  formatDuration,
  parseDuration,
  type CommandLine,
  type Envelope,
  type Micros,
  type ModelPlugin,
  type Sim,
  type StepContext,
} from '../../src/sim/index.js';

export const PING_PORT = 7000;
export const BEAT_PORT = 7946;

interface NodeState {
  readonly persistent: { received: number };
  readonly volatile: { received: number; beats: number };
}

export type ReplyResult = 'pong' | 'timeout' | 'rejected';

interface Reply {
  readonly result: ReplyResult;
  readonly rttUs: number;
}

interface Pending {
  readonly from: string;
  readonly to: string;
  readonly sentUs: number;
  readonly finish: (reply: Reply) => void;
  timer?: number;
}

interface Message {
  readonly type: 'ping' | 'pong' | 'beat';
  readonly id: number;
}

export interface PingWorld {
  readonly sim: Sim;
  readonly names: readonly string[];
  readonly nodes: Map<string, NodeState>;
  readonly replies: Map<string, Reply>;
  readonly pending: Map<number, Pending>;
  readonly heartbeatUs: Micros | undefined;
  nextId: number;
}

const clusterSchema = z.strictObject({
  nodes: z.int().min(1).max(100),
  heartbeat: z.string().optional(),
});
type Cluster = z.infer<typeof clusterSchema>;

const imagesSchema = z.record(z.string(), z.unknown());

function nodeNames(cluster: Cluster): string[] {
  return Array.from({ length: cluster.nodes }, (_, i) => `node-${i + 1}`);
}

function state(world: PingWorld, node: string): NodeState {
  const found = world.nodes.get(node);
  if (found === undefined) throw new Error(`example model: unknown node ${node}`);
  return found;
}

function send(world: PingWorld, from: string, to: string, message: Message, port: number): ReturnType<Sim['net']['send']> {
  const protocol = port === BEAT_PORT ? 'udp' : 'tcp';
  return world.sim.net.send({ from, to, port, protocol, payload: message, describe: `${message.type} id=${message.id}` });
}

function armHeartbeat(world: PingWorld, node: string): void {
  const every = world.heartbeatUs;
  if (every === undefined) return;
  world.sim.schedule({ after: every, owner: node, label: 'ping/heartbeat' }, () => {
    for (const other of world.names) if (other !== node) send(world, node, other, { type: 'beat', id: 0 }, BEAT_PORT);
    armHeartbeat(world, node);
  });
}

function onMessage(world: PingWorld, node: string, envelope: Envelope): void {
  const message = envelope.payload as Message;
  const own = state(world, node);
  if (message.type === 'beat') {
    own.volatile.beats++;
  } else if (message.type === 'ping') {
    own.persistent.received++;
    own.volatile.received++;
    send(world, node, envelope.from, { type: 'pong', id: message.id }, PING_PORT);
  } else {
    const pending = world.pending.get(message.id);
    if (pending !== undefined) pending.finish({ result: 'pong', rttUs: world.sim.now - pending.sentUs });
  }
}

function create(sim: Sim, input: { cluster: Cluster }): PingWorld {
  const heartbeat = input.cluster.heartbeat;
  const world: PingWorld = {
    sim,
    names: nodeNames(input.cluster),
    nodes: new Map(),
    replies: new Map(),
    pending: new Map(),
    heartbeatUs: heartbeat === undefined ? undefined : parseDuration(heartbeat),
    nextId: 1,
  };
  for (const name of world.names) {
    world.nodes.set(name, { persistent: { received: 0 }, volatile: { received: 0, beats: 0 } });
    sim.registerNode(name, {
      onMessage: (envelope) => onMessage(world, name, envelope),
      onCrash: () => {
        const own = state(world, name);
        own.volatile.received = 0;
        own.volatile.beats = 0;
      },
      onRestart: () => armHeartbeat(world, name),
    });
  }
  for (const name of world.names) armHeartbeat(world, name);
  return world;
}

/** Send one ping; `done` gets the reply (pong, timeout or rejected). */
export function ping(world: PingWorld, args: { from: string; to: string; timeoutUs: number }, done: (reply: Reply) => void): void {
  const id = world.nextId++;
  const key = `${args.from}>${args.to}`;
  const pending: Pending = {
    from: args.from,
    to: args.to,
    sentUs: world.sim.now,
    finish: (reply) => {
      if (!world.pending.delete(id)) return;
      if (pending.timer !== undefined) world.sim.cancel(pending.timer as never);
      world.replies.set(key, reply);
      done(reply);
    },
  };
  world.pending.set(id, pending);
  const result = send(world, args.from, args.to, { type: 'ping', id }, PING_PORT);
  if (result.kind === 'rejected') {
    pending.finish({ result: 'rejected', rttUs: 0 });
    return;
  }
  pending.timer = world.sim.schedule({ after: args.timeoutUs as Micros, label: 'ping/timeout' }, () =>
    pending.finish({ result: 'timeout', rttUs: world.sim.now - pending.sentUs }),
  );
}

function describeReply(reply: Reply | undefined): string {
  if (reply === undefined) return 'none';
  return reply.result === 'pong' ? `pong in ${formatDuration(reply.rttUs as Micros)}` : reply.result;
}

const pingSchema = z.strictObject({
  ping: z.strictObject({ from: z.string(), to: z.string(), timeout: z.string().optional() }),
});
const forgetSchema = z.strictObject({ forget: z.string() });
const deliveredSchema = z.strictObject({
  delivered: z.string(),
  atLeast: z.int().min(0).optional(),
  atMost: z.int().min(0).optional(),
  counter: z.enum(['persistent', 'volatile']).optional(),
});
const replySchema = z.strictObject({
  reply: z.strictObject({ from: z.string(), to: z.string() }),
  is: z.enum(['pong', 'timeout', 'rejected', 'none']),
  rttAtLeast: z.string().optional(),
});
const commandSchema = z.strictObject({ command: z.string().min(1), on: z.string(), contains: z.string().optional() });
const beatsSchema = z.strictObject({ beats: z.string(), atLeast: z.int().min(0).optional(), atMost: z.int().min(0).optional() });

function countLine(world: PingWorld, node: string): string {
  const own = state(world, node);
  return `${node} received ${own.persistent.received} (volatile ${own.volatile.received}, beats ${own.volatile.beats})`;
}

function startCommand(world: PingWorld, command: CommandLine, ctx: StepContext): void {
  const [verb, target] = command.line.trim().split(/\s+/);
  if (verb === 'env') {
    // Echo what the step handed over: its environment and its standard input.
    const env = Object.entries(command.env ?? {}).map(([name, value]) => `${name}=${value}`);
    ctx.done({ ok: true, output: `${[...env, `stdin=${command.stdin ?? '(none)'}`].join('\n')}\n` });
    return;
  }
  if (verb === 'progress') {
    ctx.done({ ok: true, output: command.tty === true ? 'progress: 3/3 done\n' : 'progress: 1/3\nprogress: 2/3\nprogress: 3/3\n' });
    return;
  }
  if (verb === 'ping' && target !== undefined && world.nodes.has(target)) {
    ping(world, { from: command.on, to: target, timeoutUs: 1_000_000 }, (reply) => ctx.done({ ok: true, output: describeReply(reply) }));
    return;
  }
  const rendered = renderCommand(world, command);
  if (rendered.exitCode === 0) ctx.done({ ok: true, output: rendered.stdout });
  else ctx.done({ ok: false, message: rendered.stderr.trim(), output: rendered.stdout });
}

function renderCommand(world: PingWorld, command: { line: string; on: string }): { stdout: string; stderr: string; exitCode: number } {
  const [verb, target] = command.line.trim().split(/\s+/);
  if (verb === 'count') return { stdout: `${countLine(world, target ?? command.on)}\n`, stderr: '', exitCode: 0 };
  if (verb === 'echo') return { stdout: `${command.line.trim().slice(5)}\n`, stderr: '', exitCode: 0 };
  return { stdout: '', stderr: `unknown command: ${command.line}\n`, exitCode: 127 };
}

export const pingModel: ModelPlugin<PingWorld, Cluster, unknown> = {
  name: 'ping-pong',
  clusterSchema,
  imagesSchema,
  nodeNames,
  create: (sim, input) => create(sim, input),
  steps: {
    ping: {
      description: 'Send one ping and wait for the pong (or the timeout, default 1s)',
      schema: pingSchema,
      nodeRefs: ({ ping: args }: z.infer<typeof pingSchema>) => [args.from, args.to],
      start: (world: PingWorld, { ping: args }: z.infer<typeof pingSchema>, ctx: StepContext) => {
        const timeoutUs = args.timeout === undefined ? 1_000_000 : parseDuration(args.timeout);
        ping(world, { from: args.from, to: args.to, timeoutUs }, (reply) => ctx.done({ ok: true, output: describeReply(reply) }));
      },
    },
    forget: {
      description: "Wipe a node's persistent counter (a lost disk)",
      schema: forgetSchema,
      nodeRefs: (args: z.infer<typeof forgetSchema>) => [args.forget],
      start: (world: PingWorld, args: z.infer<typeof forgetSchema>, ctx: StepContext) => {
        state(world, args.forget).persistent.received = 0;
        ctx.done({ ok: true });
      },
    },
  },
  expectations: {
    command: {
      description: 'What a command prints on a node now (contains: text in it)',
      schema: commandSchema,
      nodeRefs: (args: z.infer<typeof commandSchema>) => [args.on],
      evaluate: (world: PingWorld, args: z.infer<typeof commandSchema>) => {
        const out = renderCommand(world, { line: args.command, on: args.on });
        const text = out.stdout + out.stderr;
        const holds = args.contains === undefined || text.includes(args.contains);
        const expected = `${args.command} on ${args.on}${args.contains === undefined ? '' : `: output containing ${JSON.stringify(args.contains)}`}`;
        return { holds, expected, seen: `output ${JSON.stringify(text)}` };
      },
      output: (world: PingWorld, args: z.infer<typeof commandSchema>) => {
        const out = renderCommand(world, { line: args.command, on: args.on });
        return out.stdout + out.stderr;
      },
    },
    delivered: {
      description: "A node's counter is within bounds",
      schema: deliveredSchema,
      nodeRefs: (args: z.infer<typeof deliveredSchema>) => [args.delivered],
      evaluate: (world: PingWorld, args: z.infer<typeof deliveredSchema>) => {
        const counter = args.counter ?? 'persistent';
        const own = state(world, args.delivered);
        const value = counter === 'persistent' ? own.persistent.received : own.volatile.received;
        const bounds = [args.atLeast === undefined ? '' : `>= ${args.atLeast}`, args.atMost === undefined ? '' : `<= ${args.atMost}`];
        const holds = (args.atLeast === undefined || value >= args.atLeast) && (args.atMost === undefined || value <= args.atMost);
        const expected = `${args.delivered} ${counter} received ${bounds.filter((b) => b !== '').join(' and ')}`;
        return { holds, expected, seen: `${value}` };
      },
    },
    reply: {
      description: 'The last ping from one node to another ended this way',
      schema: replySchema,
      nodeRefs: (args: z.infer<typeof replySchema>) => [args.reply.from, args.reply.to],
      evaluate: (world: PingWorld, args: z.infer<typeof replySchema>) => {
        const reply = world.replies.get(`${args.reply.from}>${args.reply.to}`);
        const minRtt = args.rttAtLeast === undefined ? 0 : parseDuration(args.rttAtLeast);
        const result = reply?.result ?? 'none';
        const holds = result === args.is && (reply === undefined || reply.rttUs >= minRtt);
        const rtt = args.rttAtLeast === undefined ? '' : ` in at least ${args.rttAtLeast}`;
        return { holds, expected: `reply ${args.reply.from} -> ${args.reply.to} ${args.is}${rtt}`, seen: describeReply(reply) };
      },
    },
    beats: {
      description: 'A node heard at least this many heartbeats since it last started',
      schema: beatsSchema,
      nodeRefs: (args: z.infer<typeof beatsSchema>) => [args.beats],
      evaluate: (world: PingWorld, args: z.infer<typeof beatsSchema>) => {
        const beats = state(world, args.beats).volatile.beats;
        const holds = (args.atLeast === undefined || beats >= args.atLeast) && (args.atMost === undefined || beats <= args.atMost);
        const bounds = [args.atLeast === undefined ? '' : `>= ${args.atLeast}`, args.atMost === undefined ? '' : `<= ${args.atMost}`];
        return { holds, expected: `${args.beats} beats ${bounds.filter((b) => b !== '').join(' and ')}`, seen: `${beats}` };
      },
    },
  },
  invariants: [
    {
      name: 'volatileNeverExceedsPersistent',
      description: 'A node never counts more pings since its start than in its whole life',
      check: (world: PingWorld) => {
        for (const name of world.names) {
          const own = state(world, name);
          if (own.volatile.received > own.persistent.received) {
            return `${name}: volatile ${own.volatile.received} > persistent ${own.persistent.received}`;
          }
        }
        return undefined;
      },
    },
  ],
  views: {
    counters: {
      description: 'Every node with its counters',
      render: (world: PingWorld) => world.names.map((name) => `${countLine(world, name)}${world.sim.isUp(name) ? '' : ' DOWN'}`).join('\n'),
    },
  },
  commands: { start: startCommand, render: renderCommand },
};
