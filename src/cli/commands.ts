/**
 * The actions behind `swarmsim run`, `check` and `schema`. Each returns the
 * exit code: 0 everything held, 1 an expectation failed or an invariant was
 * violated, 2 bad input (unreadable file, invalid scenario, bad option).
 */
import { dirname, isAbsolute, join } from 'node:path';
import type { AnyModelPlugin } from '../sim/index.js';
import {
  explainScenario,
  formatFailure,
  formatScenarioError,
  formatSummary,
  formatViolation,
  loadScenario,
  resultToJson,
  runScenario,
  scenarioJsonSchemaText,
  type RunResult,
  type Scenario,
} from '../scenario/index.js';
import type { CliIo, LineWriter } from './io.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export interface Env {
  readonly io: CliIo;
  readonly model: AnyModelPlugin;
}

export interface RunFlags {
  readonly seed?: number;
  readonly trace?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

function readProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Files a scenario's commands name, read from the scenario's folder (a compose file beside it); undefined when unreadable. */
function besideScenario(env: Env, scenarioFile: string): (path: string) => string | undefined {
  return (path) => {
    try {
      return env.io.readFile(isAbsolute(path) ? path : join(dirname(scenarioFile), path));
    } catch {
      return undefined;
    }
  };
}

/** Read and validate every file; print every problem; the scenarios when all are valid. */
function loadAll(env: Env, files: readonly string[]): Scenario[] | undefined {
  const scenarios: Scenario[] = [];
  let bad = false;
  for (const file of files) {
    let text: string;
    try {
      text = env.io.readFile(file);
    } catch (error) {
      env.io.err(`swarmsim: cannot read ${file}: ${readProblem(error)}\n`);
      bad = true;
      continue;
    }
    const loaded = loadScenario({ text, file, model: env.model });
    if (loaded.ok) scenarios.push(loaded.scenario);
    else {
      bad = true;
      for (const error of loaded.errors) env.io.err(`${formatScenarioError(error)}\n`);
    }
  }
  return bad ? undefined : scenarios;
}

export interface CheckFlags {
  /** Also list the nodes, variables, watches and steps of each valid file. */
  readonly explain?: boolean;
}

export function checkCommand(env: Env, files: readonly string[], flags: CheckFlags = {}): number {
  let bad = false;
  for (const file of files) {
    const scenarios = loadAll(env, [file]);
    const scenario = scenarios?.[0];
    if (scenario === undefined) bad = true;
    else {
      const count = scenario.steps.length;
      env.io.out(`${file}: ok (${count} step${count === 1 ? '' : 's'})\n`);
      if (flags.explain === true) for (const line of explainScenario(scenario, env.model)) env.io.out(`  ${line}\n`);
    }
  }
  return bad ? EXIT_BAD_INPUT : EXIT_OK;
}

function seedLine(file: string, seed: number, source: 'flag' | 'file' | 'random'): string {
  if (source === 'random') return `seed ${seed} (${file}; chosen at random, replay with --seed ${seed})`;
  return `seed ${seed} (${file}${source === 'flag' ? '; from --seed' : ''})`;
}

function openTrace(env: Env, path: string): LineWriter | undefined {
  try {
    return env.io.openLines(path);
  } catch (error) {
    env.io.err(`swarmsim: cannot write the trace to ${path}: ${readProblem(error)}\n`);
    return undefined;
  }
}

export function runCommand(env: Env, files: readonly string[], flags: RunFlags): number {
  const { io } = env;
  if (flags.trace !== undefined && files.length > 1) {
    io.err('swarmsim: --trace takes one scenario file at a time\n');
    return EXIT_BAD_INPUT;
  }
  const scenarios = loadAll(env, files);
  if (scenarios === undefined) return EXIT_BAD_INPUT;
  const randomSeed = flags.seed === undefined && scenarios.some((s) => s.seed === undefined) ? io.randomSeed() : undefined;
  const human = (line: string): void => (flags.json === true ? io.err(`${line}\n`) : io.out(`${line}\n`));
  let failed = false;
  for (const scenario of scenarios) {
    const seed = flags.seed ?? scenario.seed ?? randomSeed ?? 0;
    const source = flags.seed !== undefined ? 'flag' : scenario.seed !== undefined ? 'file' : 'random';
    if (flags.quiet !== true) human(seedLine(scenario.file, seed, source));
    const trace = flags.trace === undefined ? undefined : openTrace(env, flags.trace);
    if (flags.trace !== undefined && trace === undefined) return EXIT_BAD_INPUT;
    let result: RunResult;
    try {
      result = runScenario(scenario, {
        model: env.model,
        seed,
        ...(trace === undefined ? {} : { traceSink: (_line: string, ndjson: string) => trace.write(ndjson) }),
        ...(flags.quiet === true ? {} : { onOutput: human }),
        readFile: besideScenario(env, scenario.file),
      });
    } finally {
      trace?.close();
    }
    if (flags.quiet === true) {
      for (const failure of result.failures) human(formatFailure(failure));
      for (const violation of result.violations) human(formatViolation(result.file, violation));
    }
    if (flags.json === true) io.out(`${resultToJson(result)}\n`);
    else io.out(`${formatSummary(result)}\n`);
    if (!result.pass) failed = true;
  }
  return failed ? EXIT_FAILED : EXIT_OK;
}

export function schemaCommand(env: Env, out: string | undefined): number {
  const text = scenarioJsonSchemaText(env.model);
  if (out === undefined) {
    env.io.out(text);
    return EXIT_OK;
  }
  try {
    env.io.writeFile(out, text);
  } catch (error) {
    env.io.err(`swarmsim: cannot write ${out}: ${readProblem(error)}\n`);
    return EXIT_BAD_INPUT;
  }
  return EXIT_OK;
}
