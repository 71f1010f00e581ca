/**
 * The scenario layer's data: a validated scenario (what `loadScenario` returns
 * and `runScenario` drives), its steps and actions, load errors and run
 * results. Model-specific values (cluster, images, step and expectation
 * arguments) stay opaque here: the model plug-in validated them with its own
 * zod schemas and reads them back.
 */
import type { BlockRule, LatencyRange, Micros, Ratio } from '../sim/index.js';

/** Where something sits in the scenario file (1-based line and column). */
export interface SourcePosition {
  readonly line: number;
  readonly col: number;
}

/** One problem found while loading a file. Rendered `file:line:col: path: message`. */
export interface ScenarioError extends SourcePosition {
  readonly file: string;
  /** Key path like `steps[3].partition`; '' for the whole file (YAML syntax). */
  readonly path: string;
  readonly message: string;
}

/** When a step starts: an absolute time, a delay after the previous step, or right after it. */
export type StepTiming =
  | { readonly kind: 'at'; readonly us: Micros }
  | { readonly kind: 'wait'; readonly us: Micros }
  | { readonly kind: 'next' };

export type FaultAction =
  | { readonly kind: 'crash'; readonly node: string }
  | { readonly kind: 'restart'; readonly node: string }
  | { readonly kind: 'partition'; readonly groups: readonly (readonly string[])[] }
  | { readonly kind: 'cut'; readonly from: string; readonly to: string }
  | { readonly kind: 'block'; readonly rule: BlockRule; readonly port: string }
  | { readonly kind: 'slow'; readonly between: readonly [string, string]; readonly latency: LatencyRange }
  | { readonly kind: 'heal' };

/** `equals`, `notEquals`, `notContains`, `notMatches`: checks the scenario layer makes on a kind's trimmed output. */
export interface OutputChecks {
  readonly equals?: string;
  readonly notEquals?: string;
  readonly notContains?: string;
  readonly notMatches?: string;
}

/** One expectation as written: a model kind (with its args and output checks), or `not:` around one. */
export type ExpectationSpec =
  | {
      readonly form: 'kind';
      /** The expectation kind's name (the one key of the mapping the model registered). */
      readonly expectation: string;
      /** The mapping without the output checks, as the kind's schema parsed it. */
      readonly args: unknown;
      readonly checks?: OutputChecks;
    }
  | { readonly form: 'not'; readonly inner: ExpectationSpec };

/** `save: name` or `save: { name, match }`: keep a step's trimmed output, or the first group of `match`. */
export interface SaveSpec {
  readonly name: string;
  readonly match?: string;
}

/** `took: { atLeast, atMost }` beside a `run` or a command `expect`: bounds on the simulated time the command took. */
export interface TookSpec {
  readonly atLeastUs?: Micros;
  readonly atMostUs?: Micros;
}

export type StepAction =
  | FaultAction
  | {
      readonly kind: 'run';
      readonly line: string;
      readonly on: string;
      readonly save?: SaveSpec;
      readonly took?: TookSpec;
      readonly tty?: boolean;
      readonly env?: Readonly<Record<string, string>>;
      readonly stdin?: string;
    }
  | { readonly kind: 'show-view'; readonly view: string; readonly args: string; readonly save?: SaveSpec }
  | { readonly kind: 'show-command'; readonly line: string; readonly on: string; readonly save?: SaveSpec }
  | {
      readonly kind: 'expect';
      readonly spec: ExpectationSpec;
      /** The mapping as written, in one line (`{ leader: manager-1 }`), for traces and `check --explain`. */
      readonly text: string;
      readonly withinUs?: Micros;
      /** Bounds on the time the kind's command took (kinds with a `took` hook only). */
      readonly took?: TookSpec;
      readonly save?: SaveSpec;
    }
  | {
      /** `always:` (must hold after every event of the window) or `never:` (must never hold). */
      readonly kind: 'watch';
      readonly mode: 'always' | 'never';
      readonly spec: ExpectationSpec;
      readonly text: string;
      /** Absent: until the end of the run. */
      readonly forUs?: Micros;
    }
  | { readonly kind: 'model'; readonly step: string; readonly args: unknown; readonly save?: SaveSpec };

export interface Step {
  /** 0-based index in `steps:`. */
  readonly index: number;
  readonly id?: string;
  /** The action key (`crash`, `expect`, `propose`, ...), as written. */
  readonly key: string;
  /** Position of the action key, for `file:line` in failures. */
  readonly position: SourcePosition;
  readonly timing: StepTiming;
  readonly action: StepAction;
}

/** Where a variable is set and used (for `swarmsim check --explain`). */
export interface VariableInfo {
  readonly name: string;
  /** Index of the step whose `save:` sets it (the first one, when several do). */
  readonly setBy: readonly number[];
  readonly usedBy: readonly number[];
}

export interface ScenarioLimits {
  readonly maxEvents: number;
  readonly maxTimeUs: Micros;
}

/** A validated scenario, ready to run. */
export interface Scenario {
  readonly file: string;
  readonly name?: string;
  readonly description?: string;
  readonly seed?: number;
  /** As the model's clusterSchema parsed it. */
  readonly cluster: unknown;
  /** As the model's imagesSchema parsed it (undefined when the file has no `images:`). */
  readonly images: unknown;
  readonly files: Readonly<Record<string, string>>;
  readonly network: { readonly latency?: LatencyRange; readonly loss?: Ratio };
  readonly steps: readonly Step[];
  /** `tty: true` at the top level: every `run` runs in a terminal unless the step says `tty: false`. */
  readonly tty: boolean;
  /** The node names the cluster defines (the model's nodeNames), in its order. */
  readonly nodes: readonly string[];
  /** Every `save:` name: the step that sets it and the steps that use `${name}`. */
  readonly variables: readonly VariableInfo[];
  /** Invariant names to check after every event (every registered one when the file names none). */
  readonly invariants: readonly string[];
  readonly limits: ScenarioLimits;
}

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** Something that went wrong during a run (an expectation, a step, a limit). */
export interface RunFailure {
  readonly kind: 'expectation' | 'step' | 'limit' | 'watch';
  /** `file:line` of the step, or `file` for a limit. */
  readonly where: string;
  readonly line?: number;
  readonly stepIndex?: number;
  /** The step's `id:`, when it has one. */
  readonly stepId?: string;
  /** For a watch: the kernel event after which it was first violated. */
  readonly event?: number;
  readonly atUs: Micros;
  /** One line: `expected <expected>, saw <seen>` for expectations. */
  readonly message: string;
}

/** The first violation of one invariant. */
export interface InvariantViolation {
  readonly name: string;
  /** The kernel event after which it was seen (0: before the first event). */
  readonly event: number;
  readonly atUs: Micros;
  readonly detail: string;
}

export interface RunResult {
  readonly file: string;
  readonly seed: number;
  /** Did every expectation, step and invariant hold, with no limit hit? */
  readonly pass: boolean;
  readonly events: number;
  readonly simulatedUs: Micros;
  readonly traceHash: string;
  readonly expectations: { readonly passed: number; readonly failed: number };
  readonly failures: readonly RunFailure[];
  readonly violations: readonly InvariantViolation[];
  /** Every line the run printed (show output, failures, violations), in order. */
  readonly output: readonly string[];
}
