/**
 * The network's faults against a simple reference predicate, written from the
 * rules in src/sim/faults.ts and src/sim/network.ts, and its crash, loss and
 * latency behaviour.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createSim, type KernelSim } from '../../src/sim/kernel.js';
import { micros } from '../../src/sim/time.js';
import type { BlockRule, Envelope, Protocol, SendResult } from '../../src/sim/types.js';

const NODES = ['n1', 'n2', 'n3', 'n4'];
const PORTS = [2377, 7946];
const PROTOCOLS: Protocol[] = ['tcp', 'udp'];

interface World {
  readonly sim: KernelSim;
  readonly delivered: string[];
  readonly lines: string[];
}

function world(seed = 1, nodes = NODES): World {
  const lines: string[] = [];
  const sim = createSim({ seed, traceSink: (line) => lines.push(line) });
  const delivered: string[] = [];
  for (const name of nodes) {
    sim.registerNode(name, {
      onMessage: (envelope: Envelope) => delivered.push(`${envelope.describe}@${sim.now}`),
      onCrash: () => {},
      onRestart: () => {},
    });
  }
  return { sim, delivered, lines };
}

function send(sim: KernelSim, from: string, to: string, port = 2377, protocol: Protocol = 'tcp', describe = `${from}>${to}`): SendResult {
  return sim.net.send({ from, to, port, protocol, payload: null, describe });
}

type Fault =
  | { readonly kind: 'partition'; readonly groups: string[][] }
  | { readonly kind: 'cut'; readonly from: string; readonly to: string }
  | { readonly kind: 'block'; readonly rule: BlockRule };

const nodeArb = fc.constantFrom(...NODES);
const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc
    .record({ assign: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 4, maxLength: 4 }) })
    .map(({ assign }) => {
      const groups: string[][] = [[], [], []];
      assign.forEach((g, i) => {
        if (g >= 0) groups[g]!.push(NODES[i]!);
      });
      return { kind: 'partition' as const, groups };
    }),
  fc
    .tuple(nodeArb, nodeArb)
    .filter(([a, b]) => a !== b)
    .map(([from, to]) => ({ kind: 'cut' as const, from, to })),
  fc
    .record({
      node: nodeArb,
      port: fc.constantFrom(...PORTS),
      protocol: fc.option(fc.constantFrom(...PROTOCOLS), { nil: undefined }),
      direction: fc.constantFrom('in' as const, 'out' as const, 'both' as const),
      mode: fc.option(fc.constantFrom('reject' as const, 'drop' as const), { nil: undefined }),
    })
    .map((rule) => ({ kind: 'block' as const, rule })),
);

/** The reference: what should happen to one message under a list of faults. */
function expectedOutcome(faults: readonly Fault[], from: string, to: string, port: number, protocol: Protocol): string {
  const rules = faults.flatMap((f) => (f.kind === 'block' ? [f.rule] : []));
  const hits = (rule: BlockRule, node: string, direction: 'in' | 'out') =>
    rule.node === node &&
    rule.port === port &&
    (rule.protocol === undefined || rule.protocol === protocol) &&
    (rule.direction === direction || rule.direction === 'both');
  const verdictOf = (rule: BlockRule) => (rule.mode === 'drop' ? 'dropped:blocked' : 'rejected:blocked');
  if (from === to) return 'delivered'; // loopback: no fault applies to a node's messages to itself
  const out = rules.find((rule) => hits(rule, from, 'out'));
  if (out !== undefined) return verdictOf(out);
  if (from !== to) {
    const partitions = faults.filter((f) => f.kind === 'partition');
    const last = partitions[partitions.length - 1];
    if (last !== undefined) {
      const groupOf = (node: string) => last.groups.findIndex((g) => g.includes(node));
      if (groupOf(from) === -1 || groupOf(from) !== groupOf(to)) return 'dropped:partition';
    }
    if (faults.some((f) => f.kind === 'cut' && f.from === from && f.to === to)) return 'dropped:cut';
  }
  const incoming = rules.find((rule) => hits(rule, to, 'in'));
  if (incoming !== undefined) return verdictOf(incoming);
  return 'delivered';
}

function apply(sim: KernelSim, fault: Fault): void {
  if (fault.kind === 'partition') sim.net.partition(fault.groups);
  else if (fault.kind === 'cut') sim.net.cut(fault.from, fault.to);
  else sim.net.block(fault.rule);
}

function allMessages(): [string, string, number, Protocol][] {
  return NODES.flatMap((from) =>
    NODES.flatMap((to) => PORTS.flatMap((port) => PROTOCOLS.map((p) => [from, to, port, p] as [string, string, number, Protocol]))),
  );
}

describe('faults vs the reference predicate', () => {
  test.prop([fc.array(faultArb, { maxLength: 6 })], { numRuns: 200 })(
    'every message is delivered, dropped or rejected exactly as the reference says; healAll restores delivery',
    (faults) => {
      const { sim, delivered, lines } = world();
      for (const fault of faults) apply(sim, fault);
      const seen: string[] = [];
      const wanted: string[] = [];
      for (const [from, to, port, protocol] of allMessages()) {
        const describe = `${from}>${to}:${port}/${protocol}`;
        const result = send(sim, from, to, port, protocol, describe);
        const expected = expectedOutcome(faults, from, to, port, protocol);
        wanted.push(`${describe} ${expected}`);
        seen.push(`${describe} ${result.kind === 'scheduled' ? 'delivered' : `${result.kind}:${result.reason}`}`);
        expect(sim.net.reachable(from, to, port, protocol)).toBe(expected === 'delivered');
      }
      sim.runUntilQuiet({ maxEvents: 1000 });
      expect(seen).toEqual(wanted);
      const deliveredNames = delivered.map((d) => d.split('@')[0]);
      expect(deliveredNames).toEqual(wanted.filter((w) => w.endsWith(' delivered')).map((w) => w.split(' ')[0]));
      const dropLines = lines.filter((line) => / net\.(drop|reject) /.test(line));
      expect(dropLines.length).toBe(wanted.filter((w) => !w.endsWith(' delivered')).length);

      sim.net.healAll();
      delivered.length = 0;
      for (const [from, to, port, protocol] of allMessages()) expect(send(sim, from, to, port, protocol).kind).toBe('scheduled');
      sim.runUntilQuiet({ maxEvents: 1000 });
      expect(delivered.length).toBe(allMessages().length);
    },
  );

  it('a node named in no group is isolated from everyone, loopback still works', () => {
    const { sim } = world();
    sim.net.partition([['n1', 'n2'], ['n3']]);
    expect(send(sim, 'n1', 'n2')).toEqual({ kind: 'scheduled' });
    expect(send(sim, 'n1', 'n3')).toEqual({ kind: 'dropped', reason: 'partition' });
    expect(send(sim, 'n4', 'n1')).toEqual({ kind: 'dropped', reason: 'partition' });
    expect(send(sim, 'n4', 'n4')).toEqual({ kind: 'scheduled' });
    expect(() => sim.net.partition([['n1'], ['n1', 'n2']])).toThrow('partition: node "n1" is in more than one group');
    expect(() => sim.net.partition([['ghost']])).toThrow('partition: unknown node "ghost"');
  });

  it('reject answers at once; drop is silent; both are traced with their reason', () => {
    const { sim, lines } = world();
    sim.net.block({ node: 'n2', port: 2377, direction: 'in' });
    sim.net.block({ node: 'n3', port: 2377, direction: 'in', mode: 'drop' });
    expect(send(sim, 'n1', 'n2')).toEqual({ kind: 'rejected', reason: 'blocked' });
    expect(send(sim, 'n1', 'n3')).toEqual({ kind: 'dropped', reason: 'blocked' });
    expect(send(sim, 'n1', 'n2', 7946)).toEqual({ kind: 'scheduled' });
    expect(lines.slice(1)).toEqual([
      '#0 0s net.reject from=n1 to=n2 port=2377 proto=tcp reason=blocked msg=n1>n2',
      '#0 0s net.drop from=n1 to=n3 port=2377 proto=tcp reason=blocked msg=n1>n3',
    ]);
  });

  it('a fault set while a message is in flight drops it at delivery', () => {
    const { sim, delivered, lines } = world();
    sim.net.setDefaultLink({ latency: { min: micros(10), max: micros(10) } });
    expect(send(sim, 'n1', 'n2')).toEqual({ kind: 'scheduled' });
    sim.net.partition([['n1'], ['n2']]);
    sim.runUntilQuiet({ maxEvents: 10 });
    expect(delivered).toEqual([]);
    expect(lines.at(-1)).toBe('#1 10µs net.drop from=n1 to=n2 port=2377 proto=tcp reason=partition msg=n1>n2');
  });

  it('slow links override latency both ways; the default link is used elsewhere', () => {
    const { sim, delivered } = world();
    sim.net.setDefaultLink({ latency: { min: micros(100), max: micros(100) } });
    sim.net.slow('n1', 'n2', { min: micros(5_000), max: micros(5_000) });
    send(sim, 'n1', 'n2');
    send(sim, 'n2', 'n1');
    send(sim, 'n1', 'n3');
    sim.runUntilQuiet({ maxEvents: 10 });
    expect(delivered).toEqual(['n1>n3@100', 'n1>n2@5000', 'n2>n1@5000']);
  });

  test.prop([fc.integer({ min: 0, max: 1000 }), fc.nat({ max: 500 }), fc.nat({ max: 500 })])(
    'latency is drawn in [min, max]',
    (seed, min, width) => {
      const { sim, delivered } = world(seed);
      sim.net.setDefaultLink({ latency: { min: micros(min), max: micros(min + width) } });
      for (let i = 0; i < 20; i++) send(sim, 'n1', 'n2');
      sim.runUntilQuiet({ maxEvents: 100 });
      for (const d of delivered) {
        const t = Number(d.split('@')[1]);
        expect(t >= min && t <= min + width).toBe(true);
      }
      expect(delivered.length).toBe(20);
    },
  );

  it('loss drops about num/den of the messages, traced as loss', () => {
    const { sim, delivered, lines } = world(3);
    sim.net.setDefaultLink({ latency: { min: micros(1), max: micros(1) }, loss: { num: 1, den: 10 } });
    const results = Array.from({ length: 2000 }, () => send(sim, 'n1', 'n2').kind);
    sim.runUntilQuiet({ maxEvents: 5000 });
    const lost = results.filter((k) => k === 'dropped').length;
    expect(lost).toBeGreaterThan(140);
    expect(lost).toBeLessThan(260);
    expect(delivered.length).toBe(2000 - lost);
    expect(lines.filter((l) => l.includes('reason=loss')).length).toBe(lost);
    expect(() => sim.net.setDefaultLink({ latency: { min: micros(1), max: micros(1) }, loss: { num: 2, den: 1 } })).toThrow(
      /invalid ratio/,
    );
  });
});

describe('crash and the network', () => {
  it('a down sender cannot send; a down receiver gets nothing; unknown receivers are no-handler', () => {
    const { sim, delivered } = world();
    sim.crash('n1');
    expect(send(sim, 'n1', 'n2')).toEqual({ kind: 'dropped', reason: 'sender-down' });
    expect(send(sim, 'n2', 'n1')).toEqual({ kind: 'scheduled' });
    expect(send(sim, 'n2', 'ghost')).toEqual({ kind: 'dropped', reason: 'no-handler' });
    expect(() => send(sim, 'ghost', 'n2')).toThrow('net.send: unknown sender "ghost"');
    sim.runUntilQuiet({ maxEvents: 10 });
    expect(delivered).toEqual([]);
    expect(sim.net.reachable('n2', 'n1', 2377, 'tcp')).toBe(false);
  });

  it('messages in flight to or from a node that crashes vanish, even if it restarts before delivery', () => {
    const { sim, delivered, lines } = world();
    sim.net.setDefaultLink({ latency: { min: micros(10), max: micros(10) } });
    send(sim, 'n2', 'n1', 2377, 'tcp', 'to-n1');
    send(sim, 'n1', 'n3', 2377, 'tcp', 'from-n1');
    send(sim, 'n2', 'n3', 2377, 'tcp', 'bystander');
    sim.crash('n1');
    send(sim, 'n2', 'n1', 2377, 'tcp', 'to-n1-while-down');
    sim.restart('n1');
    sim.runUntilQuiet({ maxEvents: 10 });
    expect(delivered).toEqual(['bystander@10']);
    expect(lines.filter((l) => l.includes('net.drop')).map((l) => l.replace(/^#\d+ \S+ /, ''))).toEqual([
      'net.drop from=n2 to=n1 port=2377 proto=tcp reason=receiver-down msg=to-n1',
      'net.drop from=n1 to=n3 port=2377 proto=tcp reason=sender-down msg=from-n1',
      'net.drop from=n2 to=n1 port=2377 proto=tcp reason=receiver-down msg=to-n1-while-down',
    ]);
    send(sim, 'n2', 'n1', 2377, 'tcp', 'after-restart');
    sim.runUntilQuiet({ maxEvents: 10 });
    expect(delivered).toEqual(['bystander@10', 'after-restart@20']);
  });
});

describe('lazy descriptions', () => {
  interface Ping {
    readonly n: number;
  }
  function counting(): { calls: number; describe: (payload: Ping) => string } {
    const counter = { calls: 0, describe: (payload: Ping) => (counter.calls++, `ping n=${payload.n}`) };
    return counter;
  }

  it('a describer renders the same line as the text, once per traced outcome', () => {
    const eager = world();
    const lazy = world();
    const counter = counting();
    eager.sim.net.block({ node: 'n3', port: 2377, direction: 'in', mode: 'drop' });
    lazy.sim.net.block({ node: 'n3', port: 2377, direction: 'in', mode: 'drop' });
    for (const to of ['n2', 'n3']) {
      eager.sim.net.send({ from: 'n1', to, port: 2377, protocol: 'tcp', payload: { n: 1 }, describe: 'ping n=1' });
      lazy.sim.net.send<Ping>({ from: 'n1', to, port: 2377, protocol: 'tcp', payload: { n: 1 }, describe: counter.describe });
    }
    eager.sim.runUntilQuiet({ maxEvents: 10 });
    lazy.sim.runUntilQuiet({ maxEvents: 10 });
    expect(lazy.lines).toEqual(eager.lines);
    expect(lazy.sim.trace.hash()).toBe(eager.sim.trace.hash());
    expect(counter.calls).toBe(2);
  });

  it('an untraced delivery never calls the describer', () => {
    const sim = createSim({ seed: 1, traceDeliveries: false });
    const got: number[] = [];
    sim.registerNode('n1', { onMessage: () => {}, onCrash: () => {}, onRestart: () => {} });
    sim.registerNode('n2', { onMessage: (envelope) => got.push((envelope.payload as Ping).n), onCrash: () => {}, onRestart: () => {} });
    const counter = counting();
    sim.net.send<Ping>({ from: 'n1', to: 'n2', port: 2377, protocol: 'tcp', payload: { n: 7 }, describe: counter.describe });
    sim.runUntilQuiet({ maxEvents: 10 });
    expect(got).toEqual([7]);
    expect(counter.calls).toBe(0);
  });
});
