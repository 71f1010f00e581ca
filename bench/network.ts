/**
 * `network`: messages delivered per second through the kernel's network, with
 * latency (uniform 100µs..2ms, one draw per message) and loss (1/100, one draw
 * per message) on, deliveries traced and hashed (the default).
 *
 * Pattern: 16 nodes; 1,000 messages in flight; each delivery makes the
 * receiver send one new message to a peer picked from its own stream, so the
 * network stays loaded. Lost messages are replaced by a timer so the load
 * does not decay.
 */
import { createSim } from '../src/sim/kernel.js';
import { micros } from '../src/sim/time.js';
import type { Envelope } from '../src/sim/types.js';
import { grouped, median, peakRssMb, timed } from './measure.js';
import type { Benchmark, BenchResult } from './registry.js';

const NODES = 16;
const IN_FLIGHT = 1_000;
const DELIVERIES = 1_000_000;
const ROUNDS = 3;

function networkRun(deliveries: number): { perSec: number; simulatedUs: number; events: number; hash: string } {
  const sim = createSim({ seed: 1 });
  sim.net.setDefaultLink({ latency: { min: micros(100), max: micros(2_000) }, loss: { num: 1, den: 100 } });
  const names = Array.from({ length: NODES }, (_, i) => `node-${String(i + 1).padStart(2, '0')}`);
  const rng = sim.rng.fork('bench/network');
  let delivered = 0;
  const sendFrom = (from: string): void => {
    const to = rng.pick(names);
    const result = sim.net.send({ from, to, port: 7946, protocol: 'udp', payload: delivered, describe: 'gossip' });
    if (result.kind !== 'scheduled') sim.schedule({ after: micros(1), label: 'resend' }, () => sendFrom(from));
  };
  for (const name of names) {
    sim.registerNode(name, {
      onMessage: (envelope: Envelope) => {
        delivered++;
        sendFrom(envelope.to);
      },
      onCrash: () => {},
      onRestart: () => {},
    });
  }
  for (let i = 0; i < IN_FLIGHT; i++) sendFrom(names[i % NODES] as string);
  const wall = timed(() => {
    while (delivered < deliveries) sim.step();
  });
  return { perSec: (deliveries / wall) * 1000, simulatedUs: sim.now, events: sim.eventCount, hash: sim.trace.hash() };
}

function run(): BenchResult {
  networkRun(DELIVERIES / 4);
  const rates: number[] = [];
  let last = { perSec: 0, simulatedUs: 0, events: 0, hash: '' };
  const wallMs = timed(() => {
    for (let round = 0; round < ROUNDS; round++) {
      last = networkRun(DELIVERIES);
      rates.push(last.perSec);
    }
  });
  const deliveriesPerSec = median(rates);
  return {
    name: 'network',
    wallMs: Math.round(wallMs),
    eventsPerSec: Math.round((deliveriesPerSec * last.events) / DELIVERIES),
    peakRssMb: peakRssMb(),
    deliveriesPerSec: Math.round(deliveriesPerSec),
    deliveriesPerRound: DELIVERIES,
    rounds: ROUNDS,
    traceHash: last.hash,
  };
}

export const networkBenchmark: Benchmark = {
  description: 'messages delivered per second with latency 100µs..2ms and loss 1/100, traced',
  run,
  describe: (r) =>
    [
      `network   ${grouped(Number(r.deliveriesPerSec))} deliveries/s (target >= 1,000,000), ${grouped(r.eventsPerSec)} events/s`,
      `median of ${String(r.rounds)} rounds of ${grouped(Number(r.deliveriesPerRound))} deliveries; 16 nodes, 1,000 in flight, traced`,
      `wall ${grouped(r.wallMs)} ms, peak RSS ${r.peakRssMb} MB, trace hash ${String(r.traceHash).slice(0, 16)}…`,
    ].join('\n'),
};
