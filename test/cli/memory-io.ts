/** An in-memory CliIo for running `main` in-process: files from a map, output captured. */
import type { CliIo } from '../../src/cli/io.js';

export interface MemoryIo extends CliIo {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly written: Map<string, string>;
  /** stdout as one string. */
  outText(): string;
  errText(): string;
}

export function memoryIo(files: Readonly<Record<string, string>>, seed = 1234): MemoryIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written = new Map<string, string>();
  return {
    stdout,
    stderr,
    written,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    writeFile: (path, text) => void written.set(path, text),
    openLines: (path) => {
      const lines: string[] = [];
      return {
        write: (line) => void lines.push(line),
        close: () => void written.set(path, lines.map((line) => `${line}\n`).join('')),
      };
    },
    randomSeed: () => seed,
    outText: () => stdout.join(''),
    errText: () => stderr.join(''),
  };
}
