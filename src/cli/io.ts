/**
 * What the CLI touches outside itself, behind one interface so that `main`
 * runs in-process in tests: the two output streams, files, the one source of
 * ambient randomness (a seed when none is given) and the package version.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file written line by line (the NDJSON trace), buffered. */
export interface LineWriter {
  write(line: string): void;
  close(): void;
}

export interface CliIo {
  /** Standard output (text includes its newlines). */
  out(text: string): void;
  /** Standard error. */
  err(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  openLines(path: string): LineWriter;
  /** A seed for a run that has none: the only ambient randomness in swarmsim. */
  randomSeed(): number;
}

const FLUSH_CHARS = 1 << 16;

function openLines(path: string): LineWriter {
  const fd = openSync(path, 'w');
  let buffer: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (buffer.length > 0) writeSync(fd, buffer.join(''));
    buffer = [];
    size = 0;
  };
  return {
    write(line) {
      buffer.push(line, '\n');
      size += line.length + 1;
      if (size >= FLUSH_CHARS) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, text) => {
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  },
  openLines,
  randomSeed: () => randomInt(1, 2 ** 31),
};

/** The version in the package.json above this file (src/cli or dist/src/cli). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'swarmsim' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here: look one directory up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
