/**
 * Probing the routing mesh (issue 6: "an expectation can measure the share of
 * probes answered over an interval"): the `probe` step starts a prober that,
 * while the scenario goes on, sends an HTTP request to a published port on
 * each named node every `every` for `for`; the `probes` expectation checks
 * the share answered once the prober is done.
 *
 * ```yaml
 * - probe: { port: 8080, nodes: [manager-1], every: 100ms, for: 20s }
 * - wait: 5s
 *   run: docker node update --availability drain worker-1
 *   on: manager-1
 * - expect:
 *     probes: { port: 8080, answered: { atLeast: 0.99 } }
 *   within: 30s
 * ```
 *
 * Modelling choices (docs/routing-mesh.md): by default each node probes
 * itself (`curl localhost:<port>` on every node, as the seed tutorial does);
 * `from: <node>` sends every probe from that node through the network. A
 * probe counts as answered when a task answers (any HTTP status); refused,
 * dropped and unresolved probes are not, and the verdict is taken when the
 * probe is sent (it never waits for a timeout). Probes are real requests:
 * they move the round-robin cursors and hit counters. One prober per port: a
 * new `probe` of the same port starts a fresh count.
 */
import { z } from 'zod';
import type { ExpectationKind, StepKind } from '../../sim/plugin.js';
import { formatDuration, parseDuration } from '../../sim/time.js';
import type { Micros } from '../../sim/types.js';
import { durationText, nodeName } from '../schema-kit.js';
import type { SwarmWorld } from '../world.js';
import { meshRequest } from './request.js';

const share = z.number().min(0).max(1);
const portNumber = z.number().int().min(1).max(65535);

export const probeSchema = z
  .object({
    probe: z
      .object({
        port: portNumber.describe('The published port to probe (tcp).'),
        nodes: z.array(nodeName).min(1).optional().describe('The nodes whose port is probed; default: every node of the cluster.'),
        from: nodeName.optional().describe('Send every probe from this node; default: each node probes itself (localhost).'),
        every: durationText.default('100ms').describe('Time between two probes of one node (default 100ms).'),
        for: durationText.describe('How long to keep probing (the step itself ends at once; the probes go on beside the next steps).'),
      })
      .strict()
      .refine((p) => parseDuration(p.every) > 0, { message: 'every must be longer than 0s', path: ['every'] }),
  })
  .strict();

export type ProbeArgs = z.infer<typeof probeSchema>;

export interface ProbeCount {
  readonly node: string;
  answered: number;
  sent: number;
}

interface Prober {
  readonly port: number;
  readonly forUs: Micros;
  readonly counts: ProbeCount[];
  done: boolean;
}

const probers = new WeakMap<SwarmWorld, Map<number, Prober>>();

function probersOf(world: SwarmWorld): Map<number, Prober> {
  let map = probers.get(world);
  if (map === undefined) {
    map = new Map();
    probers.set(world, map);
  }
  return map;
}

function percent(answered: number, sent: number): string {
  return sent === 0 ? 'n/a' : `${((answered * 100) / sent).toFixed(1)}%`;
}

function totals(counts: readonly ProbeCount[]): { answered: number; sent: number } {
  return { answered: counts.reduce((sum, c) => sum + c.answered, 0), sent: counts.reduce((sum, c) => sum + c.sent, 0) };
}

/** The prober's report: the totals, then one line per node. */
export function probeReport(port: number, counts: readonly ProbeCount[]): string {
  const { answered, sent } = totals(counts);
  const width = Math.max(0, ...counts.map((c) => c.node.length));
  const lines = counts.map((c) => `  ${c.node.padEnd(width)}  ${c.answered}/${c.sent}`);
  return [`port ${port}: ${answered}/${sent} probes answered (${percent(answered, sent)})`, ...lines].join('\n');
}

/** Is `answered`/`sent` outside the bounds? (compared without dividing) */
export function shareOutside(answered: number, sent: number, bounds: { atLeast?: number | undefined; atMost?: number | undefined }): boolean {
  const tooFew = bounds.atLeast !== undefined && answered < bounds.atLeast * sent;
  const tooMany = bounds.atMost !== undefined && answered > bounds.atMost * sent;
  return tooFew || tooMany;
}

function boundsText(bounds: { atLeast?: number | undefined; atMost?: number | undefined }): string {
  const parts = [bounds.atLeast === undefined ? '' : `at least ${bounds.atLeast * 100}%`, bounds.atMost === undefined ? '' : `at most ${bounds.atMost * 100}%`];
  return parts.filter(Boolean).join(' and ');
}

export const probeStep: StepKind<SwarmWorld, ProbeArgs> = {
  description: 'Start probing a published port on nodes at a fixed interval for a while (the `probes` expectation checks the share answered).',
  schema: probeSchema,
  nodeRefs: (args) => [...(args.probe.nodes ?? []), ...(args.probe.from === undefined ? [] : [args.probe.from])],
  start(world, args, ctx) {
    const { port, from } = args.probe;
    const everyUs = parseDuration(args.probe.every);
    const forUs = parseDuration(args.probe.for);
    const nodes = args.probe.nodes ?? world.nodeNames;
    const prober: Prober = { port, forUs, counts: nodes.map((node) => ({ node, answered: 0, sent: 0 })), done: false };
    probersOf(world).set(port, prober);
    const endUs = ctx.sim.now + forUs;
    const finish = (): void => {
      prober.done = true;
      const { answered, sent } = totals(prober.counts);
      world.sim.trace.emit({ kind: 'mesh.probe-done', fields: [['port', port], ['answered', answered], ['sent', sent]] });
    };
    const tick = (): void => {
      if (probersOf(world).get(port) !== prober) return; // replaced by a newer probe of this port
      for (const count of prober.counts) {
        const client = from ?? count.node;
        const outcome = world.sim.isUp(client) ? meshRequest(world, { from: client, host: count.node, port, commit: true }) : undefined;
        count.sent += 1;
        if (outcome?.kind === 'answered') count.answered += 1;
      }
      if (ctx.sim.now + everyUs < endUs) ctx.sim.schedule({ after: everyUs, label: 'mesh/probe' }, tick);
      else ctx.sim.schedule({ at: endUs as Micros, label: 'mesh/probe-end' }, finish);
    };
    if (forUs === 0) finish();
    else tick();
    ctx.done({ ok: true, output: `probing port ${port} on ${nodes.join(', ')}${from === undefined ? '' : ` from ${from}`} every ${args.probe.every} for ${formatDuration(forUs)}` });
  },
};

const probesSchema = z
  .object({
    probes: z
      .object({
        port: portNumber.describe('The port an earlier `probe` step probes.'),
        node: nodeName.optional().describe("Only this node's probes; default: all probed nodes together."),
        answered: z
          .object({ atLeast: share.optional(), atMost: share.optional() })
          .strict()
          .refine((b) => b.atLeast !== undefined || b.atMost !== undefined, { message: 'expected atLeast, atMost or both' })
          .describe('Bounds on the share of probes answered, 0 to 1.'),
      })
      .strict(),
  })
  .strict();

export type ProbesArgs = z.infer<typeof probesSchema>;

export const probesExpectation: ExpectationKind<SwarmWorld, ProbesArgs> = {
  description: 'The share of probes answered by a finished `probe` of a port (holds once the probing is over and the share is within bounds).',
  schema: probesSchema,
  nodeRefs: (args) => (args.probes.node === undefined ? [] : [args.probes.node]),
  output(world, args) {
    const prober = probersOf(world).get(args.probes.port);
    return prober === undefined ? '' : probeReport(prober.port, prober.counts);
  },
  evaluate(world, args) {
    const { port, node, answered: bounds } = args.probes;
    const expected = `${boundsText(bounds)} of the probes to port ${port}${node === undefined ? '' : ` on ${node}`} answered`;
    const prober = probersOf(world).get(port);
    if (prober === undefined) return { holds: false, expected, seen: `no probe of port ${port}` };
    const counts = node === undefined ? prober.counts : prober.counts.filter((c) => c.node === node);
    if (counts.length === 0) return { holds: false, expected, seen: `port ${port} is not probed on ${node ?? '?'}` };
    const { answered, sent } = totals(counts);
    const perNode = prober.counts.map((c) => `${c.node} ${c.answered}/${c.sent}`).join(', ');
    const seen = `${answered}/${sent} answered (${percent(answered, sent)})${prober.done ? '' : ' so far, still probing'}: ${perNode}`;
    return { holds: prober.done && !shareOutside(answered, sent, bounds), expected, seen };
  },
};
