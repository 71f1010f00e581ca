/**
 * `runScenario`: drive a validated scenario on a fresh kernel.
 *
 * Steps run one after another. A step starts at its `at:` time (or at once if
 * that time has passed), `wait:` after the previous step finished, or right
 * when the previous step finished. Faults, `show` and instant expectations
 * finish at once; `run` and model steps when the model calls `done`; an
 * expectation with `within:` after the first event after which it holds, or at
 * its deadline; a watch (`always`/`never`) at once, and keeps being judged after
 * every event of its window (watches.ts). The run ends when the last step
 * finishes, or when the last watch with `for:` ends if that is later. Every selected
 * invariant is checked after every event (and after each step's action); the
 * first violation of each is kept. Failures never stop the run; a limit
 * (`limits.maxEvents`, `limits.maxTime`) does.
 */
import { DEFAULT_LATENCY, createSim, formatDuration, type AnyModelPlugin, type KernelSim, type Micros, type TraceSink } from '../sim/index.js';
import type { Invariant, StepOutcome } from '../sim/index.js';
import { Clock } from './clock.js';
import { judge, type Judgement } from './expectations.js';
import { applyFault, describeAction } from './faults.js';
import { formatFailure, formatViolation } from './report.js';
import { capture, tookFailure } from './captures.js';
import type { ExpectationSpec, InvariantViolation, RunFailure, RunResult, SaveSpec, Scenario, Step, StepAction, TookSpec } from './types.js';
import { substitute, substituteDeep } from './variables.js';
import { Watches, type WatchViolation } from './watches.js';

export interface RunOptions {
  readonly model: AnyModelPlugin;
  /** Overrides the file's `seed:`. One of the two is required. */
  readonly seed?: number;
  /** Receives every trace line and its NDJSON form (`--trace`). */
  readonly traceSink?: TraceSink;
  /** Called with each output line as it is printed. */
  readonly onOutput?: (line: string) => void;
  /** Reads a file next to the scenario, for commands that name a file `files:` does not give (the CLI reads the scenario's folder). */
  readonly readFile?: (path: string) => string | undefined;
}

type RunAction = StepAction & { kind: 'run' };
type ExpectAction = StepAction & { kind: 'expect' };
type WatchAction = StepAction & { kind: 'watch' };

class Runner {
  readonly sim: KernelSim;
  readonly world: unknown;
  readonly clock: Clock;
  readonly watches: Watches;
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
    const input = { cluster: scenario.cluster, images: scenario.images, files: scenario.files };
    this.world = model.create(this.sim, options.readFile === undefined ? input : { ...input, readFile: options.readFile });
    this.watches = new Watches(model, this.world, this.sim, (violation) => this.watchFailed(violation));
    this.checkInvariants();
    this.sim.afterEvent(() => {
      this.checkInvariants();
      this.watches.check();
    });
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

  fail(step: Step | undefined, kind: RunFailure['kind'], message: string, extra: { atUs?: Micros; event?: number } = {}): void {
    const where = step === undefined ? this.scenario.file : `${this.scenario.file}:${step.position.line}`;
    const failure: RunFailure = {
      kind,
      where,
      ...(step === undefined ? {} : { line: step.position.line, stepIndex: step.index }),
      ...(step?.id === undefined ? {} : { stepId: step.id }),
      ...(extra.event === undefined ? {} : { event: extra.event }),
      atUs: extra.atUs ?? this.sim.now,
      message,
    };
    this.failures.push(failure);
    this.print(formatFailure(failure));
  }

  watchFailed(violation: WatchViolation): void {
    this.fail(violation.watch.step, 'watch', violation.message, { atUs: violation.atUs, event: violation.event });
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
      this.sim.trace.emit({ kind: 'scenario.step', fields: [...stepFields(step), ['action', describeAction(step.action)]] });
      this.runStep(step, step.action);
      this.checkInvariants();
      this.watches.check();
      if (this.clock.limitHit !== undefined) break;
      previousEnd = this.sim.now;
    }
    const lastWatch = this.watches.latestEnd();
    if (this.clock.limitHit === undefined && lastWatch !== undefined && lastWatch > this.sim.now) this.clock.advanceTo(lastWatch);
    this.watches.finish();
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
        if (view === undefined) return;
        const args = this.substitute(action.args);
        const text = view.render(this.world, args);
        this.printBlock(`show ${action.view}${args === '' ? '' : ` ${args}`}`, text);
        return this.save(step, action.save, text);
      }
      case 'show-command':
        return this.showCommand(step, action.line, action.on, action.save);
      case 'expect':
        return this.expect(step, action);
      case 'watch':
        return this.startWatch(step, action);
      default: {
        const problem = applyFault(this.sim, action);
        if (problem !== undefined) this.fail(step, 'step', problem);
      }
    }
  }

  substitute(text: string): string {
    return substitute(text, this.variables);
  }

  /** Keep a step's output as a variable (captures.ts); a failed `match` fails the step. */
  save(step: Step, save: SaveSpec | undefined, text: string): void {
    if (save === undefined) return;
    const captured = capture(save, text);
    if (captured.ok) this.variables.set(save.name, captured.value);
    else this.fail(step, 'step', captured.message);
  }

  showCommand(step: Step, rawLine: string, on: string, save: SaveSpec | undefined): void {
    const line = this.substitute(rawLine);
    const commands = this.options.model.commands;
    if (commands === undefined) return;
    this.traceCommand('start', step, [['on', on], ['line', line]]);
    const result = commands.render(this.world, { line, on });
    this.traceCommand('end', step, [['on', on], ['took', '0s'], ['exit', result.exitCode]]);
    const exit = result.exitCode === 0 ? '' : `(exit code ${result.exitCode})\n`;
    this.printBlock(`${on}$ ${line}`, `${result.stdout}${result.stderr}${exit}`);
    this.save(step, save, `${result.stdout}${result.stderr}`);
  }

  traceCommand(edge: 'start' | 'end', step: Step, fields: readonly (readonly [string, string | number | boolean])[]): void {
    this.sim.trace.emit({ kind: `scenario.command-${edge}`, fields: [...stepFields(step), ...fields] });
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

  runCommand(step: Step, action: RunAction): void {
    const commands = this.options.model.commands;
    if (commands === undefined) return;
    const line = this.substitute(action.line);
    const tty = action.tty ?? this.scenario.tty;
    const startUs = this.sim.now;
    this.traceCommand('start', step, [['on', action.on], ['line', line], ...(tty ? [['tty', true] as const] : [])]);
    const env = action.env === undefined ? undefined : Object.fromEntries(Object.entries(action.env).map(([name, value]) => [name, this.substitute(value)]));
    const stdin = action.stdin === undefined ? undefined : this.substitute(action.stdin);
    const command = { line, on: action.on, tty, ...(env === undefined ? {} : { env }), ...(stdin === undefined ? {} : { stdin }) };
    const outcome = this.awaitDone(step, (ctx) => commands.start(this.world, command, ctx));
    const tookUs = (this.sim.now - startUs) as Micros;
    const exit = outcome === undefined ? 'unfinished' : outcome.ok ? 'ok' : 'failed';
    this.traceCommand('end', step, [['on', action.on], ['took', formatDuration(tookUs)], ['exit', exit]]);
    if (outcome?.output !== undefined && outcome.output.trim() !== '') this.printBlock(`${action.on}$ ${line}`, outcome.output);
    if (outcome !== undefined && action.took !== undefined) this.checkTook(step, `run ${JSON.stringify(line)} on ${action.on}`, action.took, tookUs);
    if (outcome?.ok === true) this.save(step, action.save, outcome.output ?? '');
  }

  checkTook(step: Step, what: string, took: TookSpec, tookUs: Micros): void {
    const failure = tookFailure(what, took, tookUs);
    if (failure === undefined) {
      this.passed++;
      return;
    }
    this.failed++;
    this.fail(step, 'expectation', failure);
  }

  runModelStep(step: Step, action: StepAction & { kind: 'model' }): void {
    const kind = this.options.model.steps[action.step];
    if (kind === undefined) return;
    const args = substituteDeep(action.args, this.variables);
    const outcome = this.awaitDone(step, (ctx) => kind.start(this.world, args, ctx));
    if (outcome?.output !== undefined && outcome.output.trim() !== '') this.printBlock(action.step, outcome.output);
    if (outcome?.ok === true) this.save(step, action.save, outcome.output ?? '');
  }

  expect(step: Step, action: ExpectAction): void {
    const spec = substituteDeep(action.spec, this.variables);
    let last: Judgement | undefined;
    const holds = (): boolean => {
      last = judge(this.options.model, this.world, spec, action.save !== undefined);
      return last.holds;
    };
    const within = action.withinUs;
    const ok = within === undefined ? holds() : this.clock.runUntil((this.sim.now + within) as Micros, holds) === 'met';
    if (action.took !== undefined && this.clock.limitHit === undefined) this.checkExpectTook(step, action, spec, ok);
    if (ok) {
      this.passed++;
      if (last !== undefined) this.save(step, action.save, last.output ?? last.seen);
      return;
    }
    if (this.clock.limitHit !== undefined) return;
    this.failed++;
    const judgement = last ?? judge(this.options.model, this.world, spec);
    const waited = within === undefined ? '' : ` within ${formatDuration(within)}`;
    this.fail(step, 'expectation', `expected ${judgement.expected}${waited}, saw ${judgement.seen}`);
  }

  /**
   * `took:` beside a command expectation: the kind says how long its command
   * took once it returned. A command still running when the step ends fails
   * `took` only if the expectation itself held (else that failure says it).
   */
  checkExpectTook(step: Step, action: ExpectAction, spec: ExpectationSpec, held: boolean): void {
    const took = action.took;
    if (took === undefined || spec.form !== 'kind') return;
    const tookUs = this.options.model.expectations[spec.expectation]?.took?.(this.world, spec.args);
    if (tookUs !== undefined) return this.checkTook(step, `expect ${action.text}`, took, tookUs);
    if (!held) return;
    this.failed++;
    this.fail(step, 'expectation', `expected expect ${action.text} to return, it was still running (took: needs the command's end)`);
  }

    startWatch(step: Step, action: WatchAction): void {
    const startUs = this.sim.now;
    const endUs = action.forUs === undefined ? undefined : ((startUs + action.forUs) as Micros);
    this.watches.start({ step, mode: action.mode, spec: substituteDeep(action.spec, this.variables), startUs, endUs });
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
      expectations: { passed: this.passed + this.watches.passed, failed: this.failed + this.watches.failed },
      failures: this.failures,
      violations,
      output: this.output,
    };
  }
}

/** `step=3 id=join-worker` (the id only when the step has one). */
function stepFields(step: Step): [string, string | number][] {
  return step.id === undefined ? [['step', step.index]] : [['step', step.index], ['id', step.id]];
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
