#!/usr/bin/env node
/**
 * The `swarmsim` bin: run the CLI on this process's arguments and exit with
 * its code. A bug inside swarmsim (not a user mistake) prints its stack and
 * exits with 3.
 */
import { main } from './program.js';
import { processIo } from './io.js';

main(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`swarmsim: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  },
);
