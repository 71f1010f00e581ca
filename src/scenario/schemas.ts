/**
 * The zod schemas for the parts of a scenario file the scenario layer owns:
 * durations, ratios, latencies, node names, the fault actions, `network:` and
 * `limits:`. The loader validates with them and the JSON Schema for editors is
 * generated from them (json-schema.ts), so the two cannot drift apart.
 *
 * Message convention: a custom message that starts with `expected` says what
 * was expected; the loader appends `, got <what was there>`. Durations and
 * ratios report the kernel's own DurationError / RatioError text.
 */
import { z } from 'zod';
import { DurationError, RatioError, parseDuration, parseLatencyRange, parseRatio } from '../sim/index.js';
import type { Protocol } from '../sim/index.js';

function kernelCheck(parse: (text: string) => unknown, errorClass: typeof DurationError | typeof RatioError) {
  return (value: string | number, ctx: z.RefinementCtx): void => {
    try {
      parse(value as string);
    } catch (error) {
      if (!(error instanceof errorClass)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  };
}

export const durationSchema = z
  .string({ error: 'expected a duration like 500ms, 10s or 1m30s' })
  .superRefine(kernelCheck(parseDuration, DurationError))
  .meta({ description: 'A Go duration: 500ms, 10s, 1m30s, 1h2m3.5s' });

export const latencySchema = z
  .string({ error: 'expected a latency like 2ms or a range like 1ms..5ms' })
  .superRefine(kernelCheck(parseLatencyRange, DurationError))
  .meta({ description: 'A fixed latency (2ms) or a uniform range, both ends included (1ms..5ms)' });

export const ratioSchema = z
  .union([z.string(), z.number()], { error: 'expected a ratio like 1/100' })
  .superRefine(kernelCheck((text) => parseRatio(text), RatioError))
  .meta({ description: 'A probability as a fraction of integers: 1/100, or 0, or 1' });

export const nodeNameSchema = z
  .string({ error: 'expected a node name' })
  .min(1)
  .meta({ description: "A node name from the cluster (the model's nodeNames)" });

/** `2377` (both protocols), `7946/tcp`, `4789/udp`. */
export function parsePort(value: string | number): { port: number; protocol?: Protocol } | undefined {
  const match = /^([0-9]{1,5})(?:\/(tcp|udp))?$/.exec(String(value));
  if (match === null) return undefined;
  const port = Number(match[1]);
  if (port < 1 || port > 65535) return undefined;
  return match[2] === undefined ? { port } : { port, protocol: match[2] as Protocol };
}

const PORT_EXPECTED = 'expected a port in 1..65535 like 2377, 7946/tcp or 4789/udp';

export const portSchema = z
  .union([z.int(), z.string()], { error: PORT_EXPECTED })
  .superRefine((value, ctx) => {
    if (parsePort(value) === undefined) ctx.addIssue({ code: 'custom', message: PORT_EXPECTED });
  })
  .meta({ description: 'A port: 2377 (tcp and udp), 7946/tcp or 4789/udp' });

export const partitionSchema = z
  .array(z.array(nodeNameSchema, { error: 'expected a group (a list of node names)' }), {
    error: 'expected a list of node groups',
  })
  .min(1)
  .meta({ description: 'Split the network into groups; nodes talk only within their group: [[a, b], [c]]' });

export const cutSchema = z
  .strictObject({ from: nodeNameSchema, to: nodeNameSchema }, { error: 'expected a mapping { from, to }' })
  .meta({ description: 'Drop every message from `from` to `to` (one way)' });

export const blockSchema = z
  .strictObject(
    {
      node: nodeNameSchema,
      port: portSchema,
      direction: z.enum(['in', 'out', 'both']),
      mode: z.enum(['reject', 'drop']).optional().meta({ description: 'reject (default): the sender learns at once; drop: silence' }),
    },
    { error: 'expected a mapping { node, port, direction, mode }' },
  )
  .meta({ description: 'A firewall rule on one node' });

export const slowSchema = z
  .strictObject(
    {
      between: z.tuple([nodeNameSchema, nodeNameSchema], { error: 'expected two node names [a, b]' }),
      latency: latencySchema,
    },
    { error: 'expected a mapping { between: [a, b], latency }' },
  )
  .meta({ description: 'Override the latency both ways between two nodes' });

export const healSchema = z.literal('all', { error: 'expected all' }).meta({ description: 'Remove every partition, cut, block and slow link' });

export const networkSchema = z
  .strictObject(
    {
      latency: latencySchema.optional(),
      loss: ratioSchema.optional(),
    },
    { error: 'expected a mapping { latency, loss }' },
  )
  .meta({ description: 'The default link between any two nodes' });

export const limitsSchema = z
  .strictObject(
    {
      maxEvents: z.int({ error: 'expected a whole number of events' }).min(1).max(Number.MAX_SAFE_INTEGER).optional(),
      maxTime: durationSchema.optional(),
    },
    { error: 'expected a mapping { maxEvents, maxTime }' },
  )
  .meta({ description: 'Bounds on the run; hitting one is a failure' });

export const seedSchema = z
  .int({ error: 'expected a whole number' })
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .meta({ description: 'The root seed; `swarmsim run --seed` overrides it' });

export const filesSchema = z
  .record(z.string(), z.string({ error: 'expected the file content as text' }), { error: 'expected a mapping of file name to content' })
  .meta({ description: 'File name -> content, as if in the working directory of every node' });

export const invariantsSchema = z
  .array(z.string({ error: 'expected an invariant name' }), { error: 'expected a list of invariant names' })
  .meta({ description: 'Invariants checked after every event (default: every registered one)' });

export const textSchema = z.string({ error: 'expected text' });
export const commandLineSchema = z.string({ error: 'expected a command line' }).min(1);
export const showSchema = z.string({ error: 'expected a view name or a command line' }).min(1);
export const variableNameSchema = z
  .string({ error: 'expected a variable name' })
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a variable name (letters, digits and _)' });

/** A JavaScript regular expression, checked to compile. */
export const regexSchema = z.string({ error: 'expected a regular expression' }).superRefine((value, ctx) => {
  try {
    new RegExp(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(error as Error).message}` });
  }
});

/** How many capturing groups a (valid) pattern has. */
export function groupCount(pattern: string): number {
  return (new RegExp(`${pattern}|`).exec('')?.length ?? 1) - 1;
}

/** True for a pattern with exactly one capturing group (an invalid one is regexSchema's to report). */
function hasOneGroup(pattern: string): boolean {
  try {
    return groupCount(pattern) === 1;
  } catch {
    return true;
  }
}

export const saveSchema = z
  .union(
    [
      variableNameSchema,
      z.strictObject({
        name: variableNameSchema,
        match: regexSchema
          .refine(hasOneGroup, { error: 'expected a regular expression with exactly one group (...)' })
          .optional()
          .meta({ description: 'Keep the first group of this JavaScript regular expression (exactly one group)' }),
      }),
    ],
    { error: 'expected a variable name or a mapping { name, match }' },
  )
  .meta({ description: 'Keep the trimmed output as ${name} for later steps; with match, keep its first group' });

export const tookSchema = z
  .strictObject(
    {
      atLeast: durationSchema.optional().meta({ description: 'The command took at least this long' }),
      atMost: durationSchema.optional().meta({ description: 'The command took at most this long' }),
    },
    { error: 'expected a mapping { atLeast, atMost }' },
  )
  .meta({ description: 'Bounds on the simulated time the command took' });

export const ttySchema = z.boolean({ error: 'expected true or false' }).meta({ description: 'Run commands in a terminal (progress shows its final frame)' });

export const envSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' }), z.string({ error: 'expected text' }), { error: 'expected a mapping of NAME: value' })
  .meta({ description: 'Environment variables the command sees (e.g. SWARM_SOCKET for swarmctl)' });

export const stdinSchema = z.string({ error: 'expected text' }).meta({ description: 'Text on the command\'s standard input (e.g. the unlock key for docker swarm unlock)' });

export const forSchema = durationSchema.meta({ description: 'How long the watch lasts from its step (default: to the end of the run)' });

/** Checks the scenario layer makes on a kind's trimmed output (kinds with `output` only). */
export const outputCheckSchemas = {
  equals: z.string({ error: 'expected text' }).meta({ description: 'The trimmed output is exactly this' }),
  notEquals: z.string({ error: 'expected text' }).meta({ description: 'The trimmed output is not exactly this' }),
  notContains: z.string({ error: 'expected text' }).meta({ description: 'The output does not contain this text' }),
  notMatches: regexSchema.meta({ description: 'The output does not match this JavaScript regular expression' }),
} as const;

export const OUTPUT_CHECK_KEYS = Object.keys(outputCheckSchemas) as (keyof typeof outputCheckSchemas)[];

export const stepIdSchema = z.string({ error: 'expected a step name' }).min(1);

/** Faults the scenario layer applies through the kernel, by action key. */
export const faultSchemas = {
  crash: nodeNameSchema.meta({ description: 'Crash a node: its timers and in-flight messages vanish' }),
  restart: nodeNameSchema.meta({ description: 'Restart a crashed node: persistent state survives' }),
  partition: partitionSchema,
  cut: cutSchema,
  block: blockSchema,
  slow: slowSchema,
  heal: healSchema,
} as const;

export type FaultKey = keyof typeof faultSchemas;
export const FAULT_KEYS = Object.keys(faultSchemas) as FaultKey[];

/** Defaults for `limits:` (documented in docs/scenario-format.md). */
export const DEFAULT_MAX_EVENTS = 50_000_000;
export const DEFAULT_MAX_TIME = '24h';
