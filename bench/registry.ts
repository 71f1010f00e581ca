/**
 * The benchmark registry: name -> benchmark. To add one, write `bench/<name>.ts`
 * exporting a `Benchmark` and add a line below.
 *
 * Contract for every benchmark: `npm run bench -- <name>` prints a readable
 * figure; `npm run bench -- <name> --json` prints exactly one JSON object with
 * at least `name`, `wallMs`, `eventsPerSec`, `peakRssMb`, and for whole-cluster
 * runs `simulatedMs` and `speedup` (simulated time / wall time).
 */
import { controlBenchmark } from './control.js';
import { kernelBenchmark } from './kernel.js';
import { meshBenchmark } from './mesh.js';
import { networkBenchmark } from './network.js';
import { raftBenchmark } from './raft.js';
import { servicesBenchmark } from './services.js';
import { updateBenchmark } from './update.js';

export interface BenchResult {
  readonly name: string;
  readonly wallMs: number;
  readonly eventsPerSec: number;
  readonly peakRssMb: number;
  readonly simulatedMs?: number;
  readonly speedup?: number;
  readonly [extra: string]: number | string | undefined;
}

export interface Benchmark {
  readonly description: string;
  run(): BenchResult;
  /** Readable lines for a terminal. */
  describe(result: BenchResult): string;
}

export const benchmarks: Readonly<Record<string, Benchmark>> = {
  control: controlBenchmark,
  kernel: kernelBenchmark,
  mesh: meshBenchmark,
  network: networkBenchmark,
  raft: raftBenchmark,
  services: servicesBenchmark,
  update: updateBenchmark,
};
