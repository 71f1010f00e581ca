// `npx swarmsim` runs dist/src/cli/main.js directly (through its #! line), so
// the build must leave it executable (`npm run build` chmods it; pretest builds).
import { readFileSync, statSync } from 'node:fs';
import { expect, test } from 'vitest';

test('the built bin is executable and starts with a node shebang', () => {
  const bin = 'dist/src/cli/main.js';
  expect(statSync(bin).mode & 0o111).not.toBe(0);
  expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
  expect(pkg.bin.swarmsim).toBe(bin);
});
