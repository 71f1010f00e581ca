/**
 * The JSON Schema of scenario files for one model, generated from the same zod
 * schemas the loader validates with (schemas.ts and the model's own), so that
 * editors complete and check files (`# yaml-language-server: $schema=...`).
 * A step is one of several shapes, one per action; cross-field rules (`at`
 * never goes backwards, node names exist) are the loader's alone.
 */
import { z } from 'zod';
import { sortedKeys, type AnyModelPlugin } from '../sim/index.js';
import {
  commandLineSchema,
  durationSchema,
  faultSchemas,
  filesSchema,
  forSchema,
  invariantsSchema,
  limitsSchema,
  networkSchema,
  nodeNameSchema,
  outputCheckSchemas,
  saveSchema,
  seedSchema,
  showSchema,
  stepIdSchema,
  tookSchema,
  ttySchema,
  envSchema,
  stdinSchema,
} from './schemas.js';

const timing = {
  id: stepIdSchema.optional().meta({ description: 'A name for the step' }),
  at: durationSchema.optional().meta({ description: 'Start at this absolute time (never earlier than a previous at)' }),
  wait: durationSchema.optional().meta({ description: 'Start this long after the previous step finished' }),
};

const save = saveSchema.optional();

/** A model step kind's schema (an object with the kind's key) plus the timing keys and `save`. */
function withTiming(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) return schema.extend({ ...timing, save });
  return z.intersection(z.object({ ...timing, save }), schema);
}

/** A kind's mapping; with the output checks when the kind reports its output. */
function kindShape(model: AnyModelPlugin, name: string): z.ZodType {
  const kind = model.expectations[name];
  const schema = (kind?.schema ?? z.never()) as z.ZodType;
  if (kind?.output === undefined || !(schema instanceof z.ZodObject)) return schema;
  const checks = Object.fromEntries(Object.entries(outputCheckSchemas).filter(([key]) => !(key in schema.shape)).map(([key, check]) => [key, check.optional()]));
  return schema.extend(checks);
}

/** One expectation: a kind the model registers, or `not:` around one (recursive). */
function expectationSchema(model: AnyModelPlugin): z.ZodType | undefined {
  const kinds = sortedKeys(model.expectations).map((name) => kindShape(model, name));
  if (kinds.length === 0) return undefined;
  const not = z
    .strictObject({
      get not(): z.ZodType {
        return expectation;
      },
    })
    .meta({ description: 'Holds when the expectation inside does not' });
  const options: z.ZodType[] = [...kinds, not];
  const expectation: z.ZodType = z
    .union(options as [z.ZodType, z.ZodType, ...z.ZodType[]])
    .meta({ id: 'expectation', description: 'One expectation kind with its keys, or not: { <expectation> }' });
  return expectation;
}

function stepShapes(model: AnyModelPlugin): z.ZodType[] {
  const shapes: z.ZodType[] = [];
  if (model.commands !== undefined) {
    shapes.push(
      z.strictObject({
        ...timing,
        run: commandLineSchema.meta({ description: 'A command line, as typed' }),
        on: nodeNameSchema,
        save,
        took: tookSchema.optional(),
        tty: ttySchema.optional(),
        env: envSchema.optional(),
        stdin: stdinSchema.optional(),
      }),
    );
  }
  const views = sortedKeys(model.views);
  shapes.push(z.strictObject({ ...timing, show: showSchema.meta({ description: `A view (${views.join(', ')}) or a command line (with on)` }), on: nodeNameSchema.optional(), save }));
  for (const [key, schema] of Object.entries(faultSchemas)) shapes.push(z.strictObject({ ...timing, [key]: schema }));
  const expect = expectationSchema(model);
  if (expect !== undefined) {
    shapes.push(z.strictObject({ ...timing, expect, within: durationSchema.optional().meta({ description: 'Keep checking after every event until it holds, at most this long' }), took: tookSchema.optional(), save }));
    shapes.push(z.strictObject({ ...timing, always: expect, for: forSchema.optional() }).meta({ description: 'A watch: the expectation holds after every event of its window' }));
    shapes.push(z.strictObject({ ...timing, never: expect, for: forSchema.optional() }).meta({ description: 'A watch: the expectation holds after no event of its window' }));
  }
  for (const name of sortedKeys(model.steps)) {
    if (name in faultSchemas || ['run', 'show', 'expect', 'always', 'never'].includes(name)) continue;
    const kind = model.steps[name];
    if (kind !== undefined) shapes.push(withTiming(kind.schema as z.ZodType).meta({ description: kind.description }));
  }
  return shapes;
}

/** The JSON Schema (draft-07) of a scenario file for `model`. */
export function scenarioJsonSchema(model: AnyModelPlugin): Record<string, unknown> {
  const shapes = stepShapes(model);
  const step = shapes.length === 1 ? (shapes[0] as z.ZodType) : z.union(shapes as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  const file = z
    .strictObject({
      name: z.string().optional(),
      description: z.string().optional(),
      seed: seedSchema.optional(),
      cluster: model.clusterSchema as z.ZodType,
      network: networkSchema.optional(),
      images: (model.imagesSchema as z.ZodType).optional(),
      files: filesSchema.optional(),
      tty: ttySchema.optional(),
      steps: z.array(step),
      invariants: invariantsSchema.optional(),
      limits: limitsSchema.optional(),
    })
    .meta({ title: `swarmsim scenario (${model.name} model)`, description: 'See docs/scenario-format.md' });
  return z.toJSONSchema(file, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The schema as the committed file holds it: two-space JSON and a final newline. */
export function scenarioJsonSchemaText(model: AnyModelPlugin): string {
  return `${JSON.stringify(scenarioJsonSchema(model), null, 2)}\n`;
}
