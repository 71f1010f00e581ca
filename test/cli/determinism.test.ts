/**
 * The determinism contract (architecture.md): every shipped scenario,
 * `scenarios/**\/*.yaml`, run twice in separate processes with the same seed,
 * gives the same trace hash, event count and simulated time. Spawns the built
 * bin (`pretest` builds dist). The second process runs the files in reverse
 * order, so state leaking from one run into the next would show too.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { yamlFiles } from '../support/scenario-files.js';

const execFileAsync = promisify(execFile);


const FILES = yamlFiles('scenarios');

interface Summary {
  readonly file: string;
  readonly traceHash: string;
  readonly events: number;
  readonly simulatedUs: number;
  readonly seed: number;
}

/** One separate process over `files`; exit 0 or 1 (a scenario may fail; it must still be deterministic). */
async function runJson(files: readonly string[]): Promise<Map<string, Summary>> {
  const args = ['dist/src/cli/main.js', 'run', ...files, '--json', '--quiet', '--seed', '7'];
  const { stdout } = await execFileAsync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }).catch(
    (error: { code?: number; stdout?: string; stderr?: string }) => {
      if (error.code !== 1) throw new Error(`exit ${String(error.code)}: ${error.stderr ?? ''}`);
      return { stdout: error.stdout ?? '' };
    },
  );
  const summaries = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Summary);
  expect(summaries).toHaveLength(files.length);
  return new Map(summaries.map((summary) => [summary.file, summary]));
}

let first = new Map<string, Summary>();
let second = new Map<string, Summary>();

beforeAll(async () => {
  if (FILES.length === 0) return;
  [first, second] = await Promise.all([runJson(FILES), runJson([...FILES].reverse())]);
});

test('there is at least one shipped scenario to check', () => {
  expect(FILES.length).toBeGreaterThan(0);
});

describe.each(FILES)('%s', (file) => {
  test('two processes, seed 7: the same trace hash, events and simulated time', () => {
    const a = first.get(file);
    expect(a?.seed).toBe(7);
    expect(a?.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.get(file)).toEqual(a);
  });
});
