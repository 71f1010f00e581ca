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

export type StepAction =
  | FaultAction
  | { readonly kind: 'run'; readonly line: string; readonly on: string; readonly save?: string }
  | { readonly kind: 'show-view'; readonly view: string; readonly args: string }
  | { readonly kind: 'show-command'; readonly line: string; readonly on: string }
  | {
      readonly kind: 'expect';
      /** The expectation kind's name (the one key of `expect:` the model registered). */
      readonly expectation: string;
      /** The whole `expect:` object, as the kind's schema parsed it. */
      readonly args: unknown;
      readonly withinUs?: Micros;
    }
  | { readonly kind: 'model'; readonly step: string; readonly args: unknown };

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
  /** Invariant names to check after every event (every registered one when the file names none). */
  readonly invariants: readonly string[];
  readonly limits: ScenarioLimits;
}

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** Something that went wrong during a run (an expectation, a step, a limit). */
export interface RunFailure {
  readonly kind: 'expectation' | 'step' | 'limit';
  /** `file:line` of the step, or `file` for a limit. */
  readonly where: string;
  readonly line?: number;
  readonly stepIndex?: number;
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
