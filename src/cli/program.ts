/**
 * The swarmsim command line (commander): `run`, `check`, `schema`,
 * `--version`, `--help`. `main(argv, io)` runs in-process and returns the exit
 * code; src/cli/main.ts is the thin bin around it. No user mistake ends in a
 * stack trace: each is one clear line on stderr and exit code 2.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { AnyModelPlugin } from '../sim/index.js';
import { swarmModel } from '../model/index.js';
import { EXIT_BAD_INPUT, EXIT_OK, checkCommand, runCommand, schemaCommand, type CheckFlags, type Env, type RunFlags } from './commands.js';
import { packageVersion, processIo, type CliIo } from './io.js';

export interface MainOptions {
  /** The model scenario files describe (default: the swarm). Tests pass the example model. */
  readonly model?: AnyModelPlugin;
  readonly version?: string;
}

const EXAMPLES = `
Examples:
  $ swarmsim run scenarios/raft/leader-failover.yaml
  $ swarmsim run scenarios/raft/*.yaml --seed 7
  $ swarmsim run scenarios/raft/leader-failover.yaml --seed 7 --trace run.ndjson
  $ swarmsim run scenarios/raft/*.yaml --json --quiet
  $ swarmsim check scenarios/raft/*.yaml
  $ swarmsim check --explain scenarios/raft/leader-failover.yaml
  $ swarmsim schema --out scenarios/schema.json

Exit codes: 0 every expectation and invariant held, 1 an expectation failed or an
invariant was violated, 2 bad input (usage, unreadable file, invalid scenario).
`;

function parseSeed(text: string): number {
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError(`expected a whole number >= 0, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function buildProgram(env: Env, version: string, setCode: (code: number) => void): Command {
  const program = new Command('swarmsim')
    .description('A deterministic discrete-event simulator of Docker Swarm: run scenario files in virtual time.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({ writeOut: (text) => env.io.out(text), writeErr: (text) => env.io.err(text) })
    .showHelpAfterError('(swarmsim --help shows the usage)')
    .addHelpText('after', EXAMPLES);
  program
    .command('run')
    .description('run scenario files and report each one')
    .argument('<files...>', 'scenario files (YAML)')
    .addOption(new Option('--seed <n>', 'root seed (overrides the files\u2019 seed:)').argParser(parseSeed))
    .option('--trace <file>', 'write the trace as NDJSON to this file (one scenario file only)')
    .option('--json', 'print one JSON object per file on stdout (other output goes to stderr)')
    .option('--quiet', 'print only failures and the summary')
    .action((files: string[], flags: RunFlags) => setCode(runCommand(env, files, flags)));
  program
    .command('check')
    .description('validate scenario files without running them')
    .argument('<files...>', 'scenario files (YAML)')
    .option('--explain', 'also list the nodes, variables, watches and steps each file defines')
    .action((files: string[], flags: CheckFlags) => setCode(checkCommand(env, files, flags)));
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors)')
    .option('--out <file>', 'write it to this file instead')
    .action((flags: { out?: string }) => setCode(schemaCommand(env, flags.out)));
  return program;
}

/** Run the CLI on `argv` (without the node and script paths); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo, options: MainOptions = {}): Promise<number> {
  const env: Env = { io, model: options.model ?? swarmModel };
  let code = EXIT_OK;
  const program = buildProgram(env, options.version ?? packageVersion(), (value) => {
    code = value;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_BAD_INPUT;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}
