/**
 * Crash, restart and slow links under random schedules, against a reference
 * written from the kernel's rules (src/sim/kernel.ts, src/sim/network.ts):
 * - a message is delivered iff its sender was up when it sent, neither end
 *   crashed or restarted while it was in flight, and it arrives after exactly
 *   the link's latency (a slow link's, else the default);
 * - every message that is not delivered is traced by exactly one `net.drop`
 *   line with the reason the reference predicts;
 * - a timer fires iff its owner did not crash between scheduling and due time;
 * - onCrash and onRestart are called once per crash and restart, in order.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { createSim } from '../../src/sim/kernel.js';
import { micros } from '../../src/sim/time.js';
import type { Envelope, Micros } from '../../src/sim/types.js';

const NODES = ['n1', 'n2', 'n3', 'n4'];
const DEFAULT_US = 1_000;

type Op =
  | { kind: 'send'; from: number; to: number }
  | { kind: 'timer'; owner: number; afterUs: number }
  | { kind: 'crash'; node: number }
  | { kind: 'restart'; node: number }
  | { kind: 'slow'; a: number; b: number; latencyUs: number }
  | { kind: 'heal' }
  | { kind: 'advance'; us: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('send' as const), from: fc.nat(3), to: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('timer' as const), owner: fc.nat(3), afterUs: fc.integer({ min: 0, max: 5_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), node: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), node: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('slow' as const), a: fc.nat(3), b: fc.nat(3), latencyUs: fc.integer({ min: 1, max: 4_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('heal' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), us: fc.integer({ min: 0, max: 3_000 }) }) },
);

interface Flight {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly dueUs: number;
  readonly epochs: readonly [number, number];
}

test.prop([fc.array(opArb, { maxLength: 60 }), fc.nat(1000)], { numRuns: 300 })(
  'deliveries, drops and timers follow the crash/restart/slow rules',
  (ops, seed) => {
    const lines: string[] = [];
    const sim = createSim({ seed, traceSink: (line) => lines.push(line) });
    sim.net.setDefaultLink({ latency: { min: micros(DEFAULT_US), max: micros(DEFAULT_US) } });
    const delivered: string[] = [];
    const calls: string[] = [];
    for (const name of NODES) {
      sim.registerNode(name, {
        onMessage: (e: Envelope) => delivered.push(`${String(e.payload)}@${sim.now}`),
        onCrash: () => calls.push(`crash ${name}`),
        onRestart: () => calls.push(`restart ${name}`),
      });
    }
    // Reference state.
    const up = new Map(NODES.map((n) => [n, true]));
    const epoch = new Map(NODES.map((n) => [n, 0]));
    const slow = new Map<string, number>();
    const pair = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
    const flights: Flight[] = [];
    const expectedDrops: string[] = [];
    const timers: { owner: string; dueUs: number; epoch: number; id: number }[] = [];
    const fired: number[] = [];
    const expectedCalls: string[] = [];
    let sent = 0;
    let timerIds = 0;

    const settle = (untilUs: number): void => {
      // Reference deliveries that are due, checked against the epochs at delivery.
      for (const f of flights.filter((x) => x.dueUs <= untilUs)) {
        const receiverDown = !(up.get(f.to) ?? false) || epoch.get(f.to) !== f.epochs[1];
        const senderChanged = epoch.get(f.from) !== f.epochs[0];
        if (receiverDown) expectedDrops.push(`${f.id} receiver-down`);
        else if (senderChanged) expectedDrops.push(`${f.id} sender-down`);
        else expectedDelivered.push(`${f.id}@${f.dueUs}`);
      }
      for (let i = flights.length - 1; i >= 0; i -= 1) if ((flights[i] as Flight).dueUs <= untilUs) flights.splice(i, 1);
      // Timers due by then fire iff their owner has not crashed (or restarted) since they were set.
      for (const t of timers.filter((x) => x.dueUs <= untilUs)) if (epoch.get(t.owner) === t.epoch) expectedFired.push(t.id);
      for (let i = timers.length - 1; i >= 0; i -= 1) if ((timers[i] as { dueUs: number }).dueUs <= untilUs) timers.splice(i, 1);
    };
    const expectedFired: number[] = [];
    const expectedDelivered: string[] = [];

    for (const op of ops) {
      switch (op.kind) {
        case 'send': {
          const from = NODES[op.from] as string;
          const to = NODES[op.to] as string;
          const id = `m${sent++}`;
          const result = sim.net.send({ from, to, port: 2377, protocol: 'tcp', payload: id, describe: id });
          if (!(up.get(from) ?? false)) {
            expect(result).toEqual({ kind: 'dropped', reason: 'sender-down' });
            expectedDrops.push(`${id} sender-down`);
          } else {
            expect(result).toEqual({ kind: 'scheduled' });
            const latency = from === to ? DEFAULT_US : (slow.get(pair(from, to)) ?? DEFAULT_US);
            flights.push({ id, from, to, dueUs: sim.now + latency, epochs: [epoch.get(from) ?? 0, epoch.get(to) ?? 0] });
          }
          break;
        }
        case 'timer': {
          const owner = NODES[op.owner] as string;
          if (!(up.get(owner) ?? false)) break; // the kernel refuses timers owned by a down node
          const id = timerIds++;
          timers.push({ owner, dueUs: sim.now + op.afterUs, epoch: epoch.get(owner) ?? 0, id });
          sim.schedule({ after: micros(op.afterUs), owner, label: 'probe' }, () => fired.push(id));
          break;
        }
        case 'crash': {
          const node = NODES[op.node] as string;
          if (!(up.get(node) ?? false)) break;
          sim.crash(node);
          up.set(node, false);
          epoch.set(node, (epoch.get(node) ?? 0) + 1);
          expectedCalls.push(`crash ${node}`);
          break;
        }
        case 'restart': {
          const node = NODES[op.node] as string;
          if (up.get(node) ?? false) break;
          sim.restart(node);
          up.set(node, true);
          epoch.set(node, (epoch.get(node) ?? 0) + 1);
          expectedCalls.push(`restart ${node}`);
          break;
        }
        case 'slow': {
          const a = NODES[op.a] as string;
          const b = NODES[op.b] as string;
          if (a === b) break;
          sim.net.slow(a, b, { min: micros(op.latencyUs), max: micros(op.latencyUs) });
          slow.set(pair(a, b), op.latencyUs);
          break;
        }
        case 'heal':
          sim.net.healAll();
          slow.clear();
          break;
        case 'advance': {
          const target = sim.now + op.us;
          // Deliveries due before `target` see the state as it is now (no op in between).
          settle(target);
          sim.runUntil(target as Micros);
          break;
        }
      }
    }
    settle(Number.MAX_SAFE_INTEGER);
    sim.runUntilQuiet({ maxEvents: 10_000 });

    const sortById = (xs: string[]): string[] => [...xs].sort();
    expect(sortById(delivered)).toEqual(sortById(expectedDelivered));
    const drops = lines
      .filter((l) => l.includes(' net.drop '))
      .map((l) => `${/msg=(\S+)/.exec(l)?.[1] ?? '?'} ${/reason=(\S+)/.exec(l)?.[1] ?? '?'}`);
    expect(sortById(drops)).toEqual(sortById(expectedDrops));
    const byNumber = (a: number, b: number): number => a - b;
    expect([...fired].sort(byNumber)).toEqual([...expectedFired].sort(byNumber));
    expect(calls).toEqual(expectedCalls);
  },
);
