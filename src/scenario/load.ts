/**
 * `loadScenario`: YAML text → a validated Scenario, or every error found.
 *
 * The text is parsed with `yaml` (positions via LineCounter), turned into plain
 * data (nothing in a scenario file is executed: no custom tags, no code), then
 * checked key by key: the scenario layer's own keys with schemas.ts, the
 * model's `cluster:` / `images:` / step kinds / expectation kinds with the
 * model's zod schemas. Every error names file:line:col, the key path, what was
 * expected and what was there; all of them are reported, sorted by position.
 */
import { LineCounter, parseDocument } from 'yaml';
import {
  parseDuration,
  parseLatencyRange,
  parseRatio,
  type AnyModelPlugin,
  type LatencyRange,
  type Ratio,
} from '../sim/index.js';
import { LoadContext, isRecord } from './context.js';
import { SourceMap } from './positions.js';
import {
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_TIME,
  filesSchema,
  invariantsSchema,
  limitsSchema,
  networkSchema,
  seedSchema,
  textSchema,
  ttySchema,
} from './schemas.js';
import { validateSteps } from './steps.js';
import type { LoadResult, Scenario, ScenarioError } from './types.js';
import { describeType, describeValue, didYouMean, listWords } from './words.js';

export interface LoadOptions {
  /** The YAML text. */
  readonly text: string;
  /** The name errors and failures carry (usually the path as the user typed it). */
  readonly file: string;
  readonly model: AnyModelPlugin;
}

export const TOP_LEVEL_KEYS = [
  'name',
  'description',
  'seed',
  'cluster',
  'network',
  'images',
  'files',
  'tty',
  'steps',
  'invariants',
  'limits',
] as const;

/** `file:line:col: path: message` (path left out when empty). */
export function formatScenarioError(error: ScenarioError): string {
  const where = `${error.file}:${error.line}:${error.col}`;
  return error.path === '' ? `${where}: ${error.message}` : `${where}: ${error.path}: ${error.message}`;
}

function syntaxErrors(file: string, text: string): { errors: ScenarioError[]; ctx?: LoadContext; data?: unknown } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, line, col, path: '', message: `YAML syntax: ${error.message}` };
    });
    return { errors };
  }
  const ctx = new LoadContext(file, new SourceMap(doc, lineCounter));
  return { errors: [], ctx, data: doc.toJS({ maxAliasCount: 1000 }) as unknown };
}

export function loadScenario(options: LoadOptions): LoadResult {
  const { text, file, model } = options;
  const parsed = syntaxErrors(file, text);
  if (parsed.ctx === undefined) return { ok: false, errors: parsed.errors };
  const ctx = parsed.ctx;
  const data = parsed.data;
  if (!isRecord(data)) {
    const got = data === null || data === undefined ? 'an empty file' : describeType(data);
    ctx.error([], `expected a mapping with at least \`cluster\` and \`steps\`, got ${got}`);
    return { ok: false, errors: ctx.sortedErrors() };
  }
  const scenario = validateTopLevel(ctx, data, model);
  const errors = ctx.sortedErrors();
  if (errors.length > 0 || scenario === undefined) return { ok: false, errors };
  return { ok: true, scenario };
}

function validateTopLevel(ctx: LoadContext, data: Record<string, unknown>, model: AnyModelPlugin): Scenario | undefined {
  ctx.unknownKeys(data, TOP_LEVEL_KEYS, []);
  const name = data.name === undefined ? undefined : ctx.check(textSchema, data.name, ['name']);
  const description = data.description === undefined ? undefined : ctx.check(textSchema, data.description, ['description']);
  const seed = data.seed === undefined ? undefined : ctx.check(seedSchema, data.seed, ['seed']);
  const cluster: unknown = ctx.check(model.clusterSchema, data.cluster, ['cluster']);
  const images: unknown = data.images === undefined ? undefined : ctx.check(model.imagesSchema, data.images, ['images']);
  const files = data.files === undefined ? {} : ctx.check(filesSchema, data.files, ['files']);
  const network = validateNetwork(ctx, data.network);
  const limits = validateLimits(ctx, data.limits);
  const invariants = validateInvariants(ctx, data.invariants, model);
  const nodes = cluster === undefined ? undefined : [...model.nodeNames(cluster)];
  if (data.steps === undefined) ctx.error(['steps'], 'expected a list of steps, got nothing', 'key');
  const tty = data.tty === undefined ? false : ctx.check(ttySchema, data.tty, ['tty']);
  const { steps, variables } = data.steps === undefined ? { steps: [], variables: [] } : validateSteps(data.steps, { ctx, model, nodes });
  if (ctx.errors.length > 0 || cluster === undefined || files === undefined || nodes === undefined || tty === undefined) return undefined;
  if (network === undefined || limits === undefined || invariants === undefined) return undefined;
  return {
    file: ctx.file,
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    ...(seed === undefined ? {} : { seed }),
    cluster,
    images,
    files,
    network,
    steps,
    tty,
    nodes,
    variables,
    invariants,
    limits,
  };
}

function validateNetwork(ctx: LoadContext, raw: unknown): Scenario['network'] | undefined {
  if (raw === undefined) return {};
  const parsed = ctx.check(networkSchema, raw, ['network']);
  if (parsed === undefined) return undefined;
  const network: { latency?: LatencyRange; loss?: Ratio } = {};
  if (parsed.latency !== undefined) network.latency = parseLatencyRange(parsed.latency);
  if (parsed.loss !== undefined) network.loss = parseRatio(parsed.loss);
  return network;
}

function validateLimits(ctx: LoadContext, raw: unknown): Scenario['limits'] | undefined {
  const parsed = raw === undefined ? {} : ctx.check(limitsSchema, raw, ['limits']);
  if (parsed === undefined) return undefined;
  return {
    maxEvents: parsed.maxEvents ?? DEFAULT_MAX_EVENTS,
    maxTimeUs: parseDuration(parsed.maxTime ?? DEFAULT_MAX_TIME),
  };
}

function validateInvariants(ctx: LoadContext, raw: unknown, model: AnyModelPlugin): string[] | undefined {
  const registered = model.invariants.map((invariant) => invariant.name);
  if (raw === undefined) return registered;
  const names = ctx.check(invariantsSchema, raw, ['invariants']);
  if (names === undefined) return undefined;
  let ok = true;
  names.forEach((name, index) => {
    if (registered.includes(name)) return;
    ok = false;
    const choices = registered.length === 0 ? 'none are registered' : listWords(registered);
    ctx.error(['invariants', index], `expected an invariant of the model (${choices}), got ${describeValue(name)}${didYouMean(name, registered)}`);
  });
  return ok ? [...new Set(names)] : undefined;
}
