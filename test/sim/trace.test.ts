/**
 * Trace lines, the NDJSON form and the hash (style.md #11, #12): the hash is
 * sha256 of the text trace, the same seed gives the same hash, another seed a
 * different one.
 */
import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createSim, type KernelSim } from '../../src/sim/kernel.js';
import { micros } from '../../src/sim/time.js';
import { describeEnvelope } from '../../src/sim/network.js';
import { quoteValue } from '../../src/sim/trace.js';
import type { Envelope } from '../../src/sim/types.js';

function recordingSim(seed: number, options: { traceTimers?: boolean } = {}) {
  const lines: string[] = [];
  const json: string[] = [];
  const sim = createSim({
    seed,
    ...options,
    traceSink: (line, ndjson) => {
      lines.push(line);
      json.push(ndjson);
    },
  });
  return { sim, lines, json };
}

describe('line format', () => {
  it('renders #event time kind node= k=v with quoting only where needed', () => {
    const { sim, lines, json } = recordingSim(7);
    sim.registerNode('manager-1', { onMessage: () => {}, onCrash: () => {}, onRestart: () => {} });
    sim.schedule({ after: micros(1_500_000), label: 'x' }, () => {
      sim.trace.emit({
        kind: 'raft.elected',
        node: 'manager-1',
        fields: [
          ['term', 3],
          ['leader', true],
          ['why', 'won vote'],
          ['quote', 'say "hi"'],
          ['empty', ''],
          ['eq', 'a=b'],
          ['nl', 'a\nb'],
          ['plain', 'web.1/abc'],
        ],
      });
    });
    sim.runUntilQuiet({ maxEvents: 5 });
    expect(lines).toEqual([
      '#0 0s sim.start seed=7',
      '#1 1.5s raft.elected node=manager-1 term=3 leader=true why="won vote" quote="say \\"hi\\"" empty="" eq="a=b" nl="a\\nb" plain=web.1/abc',
    ]);
    const record = JSON.parse(json[1]!) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['n', 't', 'kind', 'node', 'fields', 'hash']);
    expect(record).toMatchObject({ n: 1, t: 1_500_000, kind: 'raft.elected', node: 'manager-1' });
    expect(record.fields).toEqual({ term: 3, leader: true, why: 'won vote', quote: 'say "hi"', empty: '', eq: 'a=b', nl: 'a\nb', plain: 'web.1/abc' });
    expect(record.hash).toBe(sim.trace.hash());
    expect(json[0]).toBe(`{"n":0,"t":0,"kind":"sim.start","fields":{"seed":7},"hash":"${sha256(`${lines[0]}\n`)}"}`);
  });

  it('rejects malformed kinds, keys and values', () => {
    const { sim } = recordingSim(1);
    expect(() => sim.trace.emit({ kind: 'has space' })).toThrow(/kind "has space" must match/);
    expect(() => sim.trace.emit({ kind: 'k', fields: [['a b', 1]] })).toThrow(/field key "a b"/);
    expect(() => sim.trace.emit({ kind: 'k', fields: [['x', 1.5]] })).toThrow(/not an integer/);
    expect(() => sim.trace.emit({ kind: 'k', fields: [['x', 1], ['x', 2]] })).toThrow(/appears twice/);
    expect(() => sim.trace.emit({ kind: 'k', fields: [['node', 'n']] })).toThrow(/'node' is not a field key/);
    expect(sim.trace.lineCount).toBe(1);
  });

  test.prop([fc.string()])('a quoted value reads back with JSON.parse; a bare one has no space, quote or =', (value) => {
    const text = quoteValue(value);
    if (text.startsWith('"') && text !== value) expect(JSON.parse(text)).toBe(value);
    else {
      expect(text).toBe(value);
      expect(/[\s"=\\]/.test(text) || text === '').toBe(false);
    }
  });

  it('traces timers only when asked', () => {
    const quiet = recordingSim(1);
    const loud = recordingSim(1, { traceTimers: true });
    for (const { sim } of [quiet, loud]) {
      sim.registerNode('n1', { onMessage: () => {}, onCrash: () => {}, onRestart: () => {} });
      sim.schedule({ after: micros(5), label: 'raft/tick', owner: 'n1' }, () => {});
      sim.runUntilQuiet({ maxEvents: 5 });
    }
    expect(quiet.lines).toEqual(['#0 0s sim.start seed=1']);
    expect(loud.lines).toEqual(['#0 0s sim.start seed=1', '#1 5µs timer label=raft/tick owner=n1']);
  });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A small random workload: nodes gossip to random peers at random times over a lossy, jittery network. */
function workload(seed: number, sink?: (line: string) => void): KernelSim {
  const sim = createSim({ seed, traceSink: sink === undefined ? undefined : (line) => sink(line) });
  const names = ['a', 'b', 'c', 'd'];
  sim.net.setDefaultLink({ latency: { min: micros(100), max: micros(900) }, loss: { num: 1, den: 20 } });
  for (const name of names) {
    const rng = sim.rng.fork(`gossip/${name}`);
    let sent = 0;
    const tick = (): void => {
      if (sent++ >= 15) return;
      const peer = rng.pick(names.filter((n) => n !== name));
      sim.net.send({ from: name, to: peer, port: 7946, protocol: 'udp', payload: sent, describe: `ping n=${sent}` });
      sim.schedule({ after: micros(rng.intBetween(50, 2_000)), owner: name, label: 'gossip' }, tick);
    };
    sim.registerNode(name, {
      onMessage: (envelope: Envelope) => sim.trace.emit({ kind: 'got', node: name, fields: [['msg', describeEnvelope(envelope)]] }),
      onCrash: () => {},
      onRestart: () => {},
    });
    sim.schedule({ after: micros(rng.intBetween(0, 1_000)), owner: name, label: 'gossip' }, tick);
  }
  sim.schedule({ at: micros(5_000), label: 'fault' }, () => sim.crash('c'));
  sim.schedule({ at: micros(9_000), label: 'fault' }, () => sim.restart('c'));
  sim.runUntilQuiet({ maxEvents: 10_000 });
  return sim;
}

describe('determinism', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 32 })], { numRuns: 30 })('same seed, same hash; next seed, another hash', (seed) => {
    const first = workload(seed);
    const again = workload(seed);
    expect(again.trace.hash()).toBe(first.trace.hash());
    expect(again.eventCount).toBe(first.eventCount);
    expect(workload(seed + 1).trace.hash()).not.toBe(first.trace.hash());
  });

  it('the hash is sha256 of the text trace, one line per line', () => {
    const lines: string[] = [];
    const sim = workload(11, (line) => lines.push(line));
    expect(lines.length).toBe(sim.trace.lineCount);
    expect(lines.length).toBeGreaterThan(50);
    expect(sim.trace.hash()).toBe(sha256(lines.map((l) => `${l}\n`).join('')));
  });

  it('pins a short trace (update with vitest -u only when the change is intended)', () => {
    const lines: string[] = [];
    const sim = workload(5, (line) => lines.push(line));
    expect({ hash: sim.trace.hash(), first: lines.slice(0, 12) }).toMatchSnapshot();
  });
});
