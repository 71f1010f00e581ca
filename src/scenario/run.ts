/**
 * `runScenario`: drive a validated scenario on a fresh kernel.
 *
 * Steps run one after another. A step starts at its `at:` time (or at once if
 * that time has passed), `wait:` after the previous step finished, or right
 * when the previous step finished. Faults, `show` and instant expectations
 * finish at once; `run` and model steps when the model calls `done`; an
 * expectation with `within:` after the first event after which it holds, or at
 * its deadline. The run ends when the last step finishes. Every selected
 * invariant is checked after every event (and after each step's action); the
 * first violation of each is kept. Failures never stop the run; a limit
 * (`limits.maxEvents`, `limits.maxTime`) does.
 */
import { DEFAULT_LATENCY, createSim, formatDuration, type AnyModelPlugin, type KernelSim, type Micros, type TraceSink } from '../sim/index.js';
import { Clock } from './clock.js';
import { formatFailure, formatViolation } from './report.js';
import { applyFault, describeAction } from './faults.js';
import type { InvariantViolation, RunFailure, RunResult, Scenario, Step, StepAction } from './types.js';
import { VARIABLE_PATTERN } from './step-actions.js';
import type { Evaluation, Invariant, StepOutcome } from '../sim/index.js';

export interface RunOptions {
  readonly model: AnyModelPlugin;
  /** Overrides the file's `seed:`. One of the two is required. */
  readonly seed?: number;
  /** Receives every trace line and its NDJSON form (`--trace`). */
  readonly traceSink?: TraceSink;
  /** Called with each output line as it is printed. */
  readonly onOutput?: (line: string) => void;
}

class Runner {
  readonly sim: KernelSim;
  readonly world: unknown;
  readonly clock: Clock;
  readonly output: string[] = [];
  readonly failures: RunFailure[] = [];
  readonly violations = new Map<string, InvariantViolation>();
  readonly variables = new Map<string, string>();
  readonly invariants: readonly Invariant<unknown>[];
  passed = 0;
  failed = 0;

  constructor(
    readonly scenario: Scenario,
    readonly options: RunOptions,
    readonly seed: number,
  ) {
    const { model } = options;
    this.sim = createSim(options.traceSink === undefined ? { seed } : { seed, traceSink: options.traceSink });
    const { latency, loss } = scenario.network;
    if (latency !== undefined || loss !== undefined) {
      this.sim.net.setDefaultLink(loss === undefined ? { latency: latency ?? DEFAULT_LATENCY } : { latency: latency ?? DEFAULT_LATENCY, loss });
    }
    this.invariants = model.invariants.filter((invariant) => scenario.invariants.includes(invariant.name));
    this.clock = new Clock(this.sim, scenario.limits);
    this.world = model.create(this.sim, { cluster: scenario.cluster, images: scenario.images, files: scenario.files });
    this.checkInvariants();
    this.sim.afterEvent(() => this.checkInvariants());
  }

  print(line: string): void {
    this.output.push(line);
    this.options.onOutput?.(line);
  }

  printBlock(header: string, text: string): void {
    this.print(`[${formatDuration(this.sim.now)}] ${header}`);
    const lines = text.replace(/\n+$/, '').split('\n');
    if (text.trim() !== '') for (const line of lines) this.print(line);
  }

  checkInvariants(): void {
    for (const invariant of this.invariants) {
      if (this.violations.has(invariant.name)) continue;
      const detail = invariant.check(this.world);
      if (detail === undefined) continue;
      const violation = { name: invariant.name, event: this.sim.eventCount, atUs: this.sim.now, detail };
      this.violations.set(invariant.name, violation);
      this.print(formatViolation(this.scenario.file, violation));
    }
  }

  fail(step: Step | undefined, kind: RunFailure['kind'], message: string): void {
    const where = step === undefined ? this.scenario.file : `${this.scenario.file}:${step.position.line}`;
    const failure: RunFailure = {
      kind,
      where,
      ...(step === undefined ? {} : { line: step.position.line, stepIndex: step.index }),
      atUs: this.sim.now,
      message,
    };
    this.failures.push(failure);
    this.print(formatFailure(failure));
  }

  substitute(text: string): string {
    return text.replace(VARIABLE_PATTERN, (whole, name: string) => this.variables.get(name) ?? whole);
  }

  substituteDeep(value: unknown): unknown {
    if (typeof value === 'string') return this.substitute(value);
    if (Array.isArray(value)) return value.map((item) => this.substituteDeep(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.substituteDeep(item)]));
    }
    return value;
  }

  /** Wait for the step's start time; false when a limit stopped the run. */
  reachStart(step: Step, previousEnd: Micros): boolean {
    const timing = step.timing;
    if (timing.kind === 'next') return true;
    const target = timing.kind === 'at' ? Math.max(timing.us, this.sim.now) : previousEnd + timing.us;
    return this.clock.advanceTo(target as Micros);
  }

  runSteps(): void {
    let previousEnd = this.sim.now;
    for (const step of this.scenario.steps) {
      if (!this.reachStart(step, previousEnd)) break;
      this.sim.trace.emit({ kind: 'scenario.step', fields: [['step', step.index], ['action', describeAction(step.action)]] });
      this.runStep(step, step.action);
      this.checkInvariants();
      if (this.clock.limitHit !== undefined) break;
      previousEnd = this.sim.now;
    }
    const hit = this.clock.limitHit;
    if (hit !== undefined) this.fail(undefined, 'limit', hit.message);
  }

  runStep(step: Step, action: StepAction): void {
    switch (action.kind) {
      case 'run':
        return this.runCommand(step, action);
      case 'model':
        return this.runModelStep(step, action);
      case 'show-view': {
        const view = this.options.model.views[action.view];
        if (view !== undefined) this.printBlock(`show ${action.view}${action.args === '' ? '' : ` ${action.args}`}`, view.render(this.world, action.args));
        return;
      }
      case 'show-command':
        return this.showCommand(action.line, action.on);
      case 'expect':
        return this.expect(step, action);
      default: {
        const problem = applyFault(this.sim, action);
        if (problem !== undefined) this.fail(step, 'step', problem);
      }
    }
  }

  showCommand(rawLine: string, on: string): void {
    const line = this.substitute(rawLine);
    const result = this.options.model.commands?.render(this.world, { line, on });
    if (result === undefined) return;
    const exit = result.exitCode === 0 ? '' : `(exit code ${result.exitCode})\n`;
    this.printBlock(`${on}$ ${line}`, `${result.stdout}${result.stderr}${exit}`);
  }

  /** Start an asynchronous step and run events until it calls done. */
  awaitDone(step: Step, start: (ctx: { sim: KernelSim; done: (outcome: StepOutcome) => void }) => void): StepOutcome | undefined {
    let outcome: StepOutcome | undefined;
    start({
      sim: this.sim,
      done: (result) => {
        if (outcome !== undefined) throw new Error(`steps[${step.index}] (${step.key}): done was called twice`);
        outcome = result;
      },
    });
    const end = this.clock.runUntil(undefined, () => outcome !== undefined);
    if (end === 'quiet') this.fail(step, 'step', `${step.key} never finished: no event was left to run`);
    if (outcome !== undefined && !outcome.ok) this.fail(step, 'step', `${step.key} failed: ${outcome.message}`);
    return outcome;
  }

  runCommand(step: Step, action: StepAction & { kind: 'run' }): void {
    const commands = this.options.model.commands;
    if (commands === undefined) return;
    const line = this.substitute(action.line);
    const outcome = this.awaitDone(step, (ctx) => commands.start(this.world, { line, on: action.on }, ctx));
    if (outcome?.output !== undefined && outcome.output.trim() !== '') this.printBlock(`${action.on}$ ${line}`, outcome.output);
    if (outcome?.ok === true && action.save !== undefined) this.variables.set(action.save, (outcome.output ?? '').trim());
  }

  runModelStep(step: Step, action: StepAction & { kind: 'model' }): void {
    const kind = this.options.model.steps[action.step];
    if (kind === undefined) return;
    const outcome = this.awaitDone(step, (ctx) => kind.start(this.world, action.args, ctx));
    if (outcome?.output !== undefined && outcome.output.trim() !== '') this.printBlock(action.step, outcome.output);
  }

  expect(step: Step, action: StepAction & { kind: 'expect' }): void {
    const kind = this.options.model.expectations[action.expectation];
    if (kind === undefined) return;
    const args = this.variables.size === 0 ? action.args : this.substituteDeep(action.args);
    let last: Evaluation | undefined;
    const holds = (): boolean => {
      last = kind.evaluate(this.world, args);
      return last.holds;
    };
    const within = action.withinUs;
    const ok = within === undefined ? holds() : this.clock.runUntil((this.sim.now + within) as Micros, holds) === 'met';
    if (ok) {
      this.passed++;
      return;
    }
    if (this.clock.limitHit !== undefined) return;
    this.failed++;
    const evaluation = last ?? kind.evaluate(this.world, args);
    const waited = within === undefined ? '' : ` within ${formatDuration(within)}`;
    this.fail(step, 'expectation', `expected ${evaluation.expected}${waited}, saw ${evaluation.seen}`);
  }

  result(): RunResult {
    const violations = [...this.violations.values()].sort((a, b) => a.event - b.event || (a.name < b.name ? -1 : 1));
    return {
      file: this.scenario.file,
      seed: this.seed,
      pass: this.failures.length === 0 && violations.length === 0,
      events: this.sim.eventCount,
      simulatedUs: this.sim.now,
      traceHash: this.sim.trace.hash(),
      expectations: { passed: this.passed, failed: this.failed },
      failures: this.failures,
      violations,
      output: this.output,
    };
  }
}

export function runScenario(scenario: Scenario, options: RunOptions): RunResult {
  const seed = options.seed ?? scenario.seed;
  if (seed === undefined) {
    throw new RangeError(`runScenario: ${scenario.file} has no seed: pass options.seed`);
  }
  const runner = new Runner(scenario, options, seed);
  runner.runSteps();
  return runner.result();
}
