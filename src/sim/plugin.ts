/**
 * The model plug-in interface. A model (the swarm in src/model, or the small
 * ping-pong model in test/) registers here what a scenario file may say about
 * it: its `cluster:` and `images:` shapes, its step kinds, expectation kinds,
 * invariants and views. The scenario layer validates and drives scenario files
 * through this interface only, so it never imports Docker concepts.
 *
 * Every schema is a zod schema: the scenario loader validates with it and the
 * JSON Schema for editors is generated from it.
 */
import type { z } from 'zod';
import type { Micros, Sim } from './types.js';

/** How a step ended. A failed step is reported with the step's file:line and the run goes on. */
export type StepOutcome =
  | { readonly ok: true; readonly output?: string }
  | { readonly ok: false; readonly message: string; readonly output?: string };

export interface StepContext {
  readonly sim: Sim;
  /** Call exactly once, now or from a later kernel event; the next step starts then. */
  done(outcome: StepOutcome): void;
}

export interface StepKind<W, A> {
  readonly description: string;
  readonly schema: z.ZodType<A>;
  /** Node names the arguments mention, so the loader rejects unknown ones before the run. */
  nodeRefs?(args: A): readonly string[];
  start(world: W, args: A, ctx: StepContext): void;
}

/** What an expectation found: whether it holds, and both sides in words for the report. */
export interface Evaluation {
  readonly holds: boolean;
  readonly expected: string;
  readonly seen: string;
}

export interface ExpectationKind<W, A> {
  readonly description: string;
  readonly schema: z.ZodType<A>;
  nodeRefs?(args: A): readonly string[];
  /** Pure read of the world; may be called after every event. */
  evaluate(world: W, args: A): Evaluation;
  /**
   * Optional: the text this expectation looks at (a command's stdout then
   * stderr), as a user would see it now. When present, the scenario layer
   * offers `equals`, `notEquals`, `notContains` and `notMatches` beside the
   * kind's own keys (compared with the trimmed text) and `save:` keeps it;
   * the args it gets are the kind's own keys only. Pure, like `evaluate`.
   */
  output?(world: W, args: A): string;
  /**
   * Optional: how long the command this expectation runs took, in virtual
   * time, once it has returned (undefined while it still runs). When present,
   * the scenario layer accepts `took: { atLeast, atMost }` beside the
   * `expect:` and checks it when the step ends. Pure, like `evaluate`.
   */
  took?(world: W, args: A): Micros | undefined;
}

/** A named safety property checked after every event. */
export interface Invariant<W> {
  readonly name: string;
  readonly description: string;
  /** undefined when it holds; otherwise one line saying what broke. */
  check(world: W): string | undefined;
}

/** Something `show:` can print at an instant (`show: raft`). */
export interface View<W> {
  readonly description: string;
  render(world: W, args: string): string;
}

/** A command line to run on a node. */
export interface CommandLine {
  readonly line: string;
  readonly on: string;
  /**
   * Whether the command runs in a terminal (`tty: true` on the `run` step or
   * the whole scenario); commands that show progress print the terminal's
   * final frame then. Absent or false: a script's non-terminal output.
   */
  readonly tty?: boolean;
  /** Environment variables the command sees (the step's `env:`). */
  readonly env?: Readonly<Record<string, string>>;
  /** The command's standard input (the step's `stdin:`). */
  readonly stdin?: string;
}

/** `run:` and `show: docker ...` command lines, when the model understands commands. */
export interface CommandRunner<W> {
  /** Run a command line on a node; may take virtual time; calls ctx.done once. */
  start(world: W, command: CommandLine, ctx: StepContext): void;
  /** Render a command's output at this instant without advancing time (for `show:` and expectations). */
  render(world: W, command: { line: string; on: string }): { stdout: string; stderr: string; exitCode: number };
}

export interface ModelInput<C, I> {
  readonly cluster: C;
  readonly images: I;
  readonly files: Readonly<Record<string, string>>;
  /**
   * Reads a file next to the scenario (a compose file `stack deploy -c`
   * names that `files:` does not give); undefined when there is none.
   */
  readonly readFile?: (path: string) => string | undefined;
}

export interface ModelPlugin<W, C = unknown, I = unknown> {
  readonly name: string;
  readonly clusterSchema: z.ZodType<C>;
  readonly imagesSchema: z.ZodType<I>;
  /** Every node name the cluster description defines, in a fixed order. */
  nodeNames(cluster: C): readonly string[];
  /** Optional: one line per node saying what the cluster gives it (`swarmsim check --explain`), in nodeNames order. */
  describeNodes?(cluster: C): readonly string[];
  /** Build the world on a fresh kernel; register nodes and arm the first timers. */
  create(sim: Sim, input: ModelInput<C, I>): W;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own argument type
  readonly steps: Readonly<Record<string, StepKind<W, any>>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own argument type
  readonly expectations: Readonly<Record<string, ExpectationKind<W, any>>>;
  readonly invariants: readonly Invariant<W>[];
  readonly views: Readonly<Record<string, View<W>>>;
  readonly commands?: CommandRunner<W>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds models of any world type
export type AnyModelPlugin = ModelPlugin<any, any, any>;
