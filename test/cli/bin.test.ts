/**
 * The built bin as a user runs it (`node dist/src/cli/main.js`, what `npx
 * swarmsim` starts; `pretest` builds dist): exit codes 0, 1 and 2, the
 * summary line, `--json`, `--version`, and no stack trace for a user mistake.
 * Runs the real swarm model.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const BIN = 'dist/src/cli/main.js';
let dir = '';

function swarmsim(...args: string[]): { code: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'swarmsim-bin-'));
  const head = 'seed: 5\ncluster: { managers: 3 }\nsteps:\n  - expect: { leader: { not: none } }\n    within: 30s\n';
  writeFileSync(join(dir, 'pass.yaml'), head);
  writeFileSync(join(dir, 'fail.yaml'), `${head}  - expect: { leader: none }\n`);
  writeFileSync(join(dir, 'invalid.yaml'), `${head}  - crash: manager-4\n`);
});

describe('the built swarmsim bin', () => {
  test('exit 0: seed first, summary last', () => {
    const file = join(dir, 'pass.yaml');
    const { code, out, err } = swarmsim('run', file);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(`seed 5 (${file})`);
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: pass seed=5 events=\\d+ simulated=\\S+ trace=[0-9a-f]{64}$`));
  });

  test('exit 1: a failed expectation', () => {
    const file = join(dir, 'fail.yaml');
    const { code, out } = swarmsim('run', file);
    expect(code).toBe(1);
    expect(out).toContain(`${file}:6: expected `);
    expect(out).toContain(`${file}: FAIL seed=5 `);
  });

  test('exit 2: an invalid file, one line per error, no stack', () => {
    const file = join(dir, 'invalid.yaml');
    const { code, out, err } = swarmsim('run', file);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      `${file}:6:12: steps[1].crash: expected a node of the cluster (manager-1, manager-2 or manager-3), got "manager-4" (did you mean \`manager-1\`?)\n`,
    );
  });

  test('exit 2: an unreadable file and a bad option', () => {
    expect(swarmsim('run', join(dir, 'nope.yaml'))).toMatchObject({ code: 2, out: '', err: `swarmsim: cannot read ${join(dir, 'nope.yaml')}: no such file\n` });
    const bad = swarmsim('run', join(dir, 'pass.yaml'), '--seed', '1.5');
    expect(bad.code).toBe(2);
    expect(bad.err).not.toMatch(/\n\s+at /);
  });

  test('--json: one object per file on stdout', () => {
    const { code, out } = swarmsim('run', join(dir, 'pass.yaml'), join(dir, 'fail.yaml'), '--json', '--seed', '9');
    expect(code).toBe(1);
    const objects = out.trimEnd().split('\n').map((line) => JSON.parse(line) as { file: string; seed: number; pass: boolean; traceHash: string });
    expect(objects.map((o) => [o.file, o.seed, o.pass])).toEqual([
      [join(dir, 'pass.yaml'), 9, true],
      [join(dir, 'fail.yaml'), 9, false],
    ]);
  });

  test('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(swarmsim('--version')).toMatchObject({ code: 0, out: `${pkg.version}\n` });
  });
});
