/**
 * Transcript tests (etcd-io/raft `testdata/*.txt`, datadriven). Each file
 * names in its header the Raft paper section or SwarmKit behaviour it shows.
 * Regenerate with `npx vitest run test/model/raft -u` and review the diff.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTranscript } from './transcript.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

describe('raft transcripts', () => {
  it('has transcripts', () => expect(files.length).toBeGreaterThanOrEqual(10));
  for (const file of files) {
    it(file, async () => {
      const output = runTranscript(readFileSync(join(dir, file), 'utf8'));
      await expect(output).toMatchFileSnapshot(join(dir, file));
    });
  }
});
