/**
 * The scenario's `images:` table: how each image behaves when an agent pulls
 * and runs it (issue 6). Keys are image references as a user writes them;
 * they are normalised the way the docker client normalises `service create`
 * images (docker-cli.md §5, `imageWithTagString`): `redis` → `redis:latest`,
 * `docker.io/library/redis` → `redis:latest`, `docker.io/me/app` → `me/app:latest`,
 * `redis@sha256:…` unchanged. Unparsable references are left as typed.
 *
 * ```yaml
 * images:
 *   web:2:   { pull: 3s, start: 500ms }
 *   broken:  { pull: fail }
 *   crasher: { exit: { after: 10s, code: 137 } }
 *   hits:    { http: "You have hit this page {hits} times. - Edition v1\n" }
 * ```
 *
 * Defaults (modelling choices, docs/scheduling.md lists them): `pull` 1s,
 * `start` 0s (the notes give no start time; a container starts in the same
 * instant), no `exit` = runs until stopped. An image missing from the table
 * exists and behaves by the defaults; `pull: fail` makes it unpullable.
 */
import { z } from 'zod';
import { parseDuration } from '../../sim/time.js';
import type { Micros } from '../../sim/types.js';
import { durationText } from '../schema-kit.js';

export const DEFAULT_PULL_US = 1_000_000 as Micros;
export const DEFAULT_START_US = 0 as Micros;

export interface ImageExit {
  readonly afterUs: Micros;
  readonly code: number;
}

/** What the image answers on HTTP (the routing mesh's `curl`, src/model/mesh/http.ts has the placeholders). */
export interface ImageHttp {
  readonly body: string;
  readonly status: number;
}

export interface ImageBehaviour {
  /** Pull time, or `fail`: the image cannot be pulled (the task is rejected). */
  readonly pull: Micros | 'fail';
  readonly startUs: Micros;
  /** Absent: the container runs until stopped. */
  readonly exit?: ImageExit;
  /** Absent: the mesh's default answer for the image (docs/routing-mesh.md). */
  readonly http?: ImageHttp;
}

/** Normalised reference → behaviour. */
export type ImageCatalogue = ReadonlyMap<string, ImageBehaviour>;

export const DEFAULT_IMAGE: ImageBehaviour = { pull: DEFAULT_PULL_US, startUs: DEFAULT_START_US };

const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

function isDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first;
}

/**
 * distribution/reference `ParseNormalizedNamed` + `FamiliarString(TagNameOnly)`:
 * the familiar name with `:latest` added when there is neither tag nor digest.
 * Returns the input unchanged when it does not parse (the client sends it as typed).
 */
export function normalizeImageRef(ref: string): string {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : '';
  if (at >= 0 && !DIGEST.test(digest)) return ref;
  const nameTag = at >= 0 ? ref.slice(0, at) : ref;
  const lastSlash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const hasTag = colon > lastSlash;
  const name = hasTag ? nameTag.slice(0, colon) : nameTag;
  const tag = hasTag ? nameTag.slice(colon + 1) : '';
  if (hasTag && !TAG.test(tag)) return ref;
  const parts = name.split('/');
  let domain = '';
  if (parts.length > 1 && isDomain(parts[0] as string)) domain = parts.shift() as string;
  if (domain !== '' && !DOMAIN.test(domain)) return ref;
  if (parts.length === 0 || !parts.every((part) => NAME_COMPONENT.test(part))) return ref;
  if (domain === 'index.docker.io') domain = 'docker.io';
  let path = parts.join('/');
  if ((domain === 'docker.io' || domain === '') && parts.length > 1 && parts[0] === 'library') path = parts.slice(1).join('/');
  const familiar = domain === '' || domain === 'docker.io' ? path : `${domain}/${path}`;
  const withTag = hasTag ? `${familiar}:${tag}` : at >= 0 ? familiar : `${familiar}:latest`;
  return at >= 0 ? `${withTag}@${digest}` : withTag;
}

/** The reference without a pinned digest (`nginx:latest@sha256:…` → `nginx:latest`), for display and lookup. */
export function stripDigest(ref: string): string {
  const at = ref.indexOf('@');
  return at >= 0 ? ref.slice(0, at) : ref;
}

/** How an image behaves: its table entry (by normalised reference, digest ignored), else the defaults. */
export function imageBehaviour(catalogue: ImageCatalogue, ref: string): ImageBehaviour {
  const normalized = normalizeImageRef(ref);
  return catalogue.get(normalized) ?? catalogue.get(stripDigest(normalized)) ?? DEFAULT_IMAGE;
}

const exitSchema = z
  .object({
    after: durationText.describe('How long the container runs before it exits on its own'),
    code: z.number().int().min(0).max(255).describe('Its exit code: 0 completes the task, anything else fails it'),
  })
  .strict();

const httpSchema = z
  .object({
    body: z.string().describe('The response body, placeholders included'),
    status: z.number().int().min(100).max(599).optional().describe('HTTP status code (default 200)'),
  })
  .strict();

const imageEntrySchema = z
  .object({
    pull: z
      .union([z.literal('fail'), durationText])
      .optional()
      .describe('Pull time (default 1s), or `fail`: the image cannot be pulled and tasks are rejected with "No such image: <image>"'),
    start: durationText.optional().describe('Time from starting to running (default 0s)'),
    exit: exitSchema.optional().describe('The container exits on its own after a while; absent: it runs until stopped'),
    http: z
      .union([z.string(), httpSchema])
      .optional()
      .describe(
        'What the container answers on HTTP through a published port (curl): a body, or { body, status }. Placeholders: {hostname} (the 12-character container ID), {hits} (the service\'s hit counter), {service}, {task}, {node}, {slot}',
      ),
  })
  .strict();

/** The `images:` table as a scenario file writes it. */
export const imagesSchema = z
  .record(z.string().min(1), imageEntrySchema.nullable())
  .describe('How images behave when pulled and run; an image not listed exists, pulls in 1s and runs until stopped.');

export type ImagesInput = z.infer<typeof imagesSchema>;

/** The catalogue from the parsed table (keys normalised; a later duplicate key after normalisation wins). */
export function imageCatalogue(input: ImagesInput | undefined): ImageCatalogue {
  const catalogue = new Map<string, ImageBehaviour>();
  for (const [ref, entry] of Object.entries(input ?? {})) {
    const pull = entry?.pull === undefined ? DEFAULT_PULL_US : entry.pull === 'fail' ? 'fail' : parseDuration(entry.pull);
    const startUs = entry?.start === undefined ? DEFAULT_START_US : parseDuration(entry.start);
    const exit = entry?.exit === undefined ? undefined : { afterUs: parseDuration(entry.exit.after), code: entry.exit.code };
    const http = entry?.http === undefined ? undefined : typeof entry.http === 'string' ? { body: entry.http, status: 200 } : { body: entry.http.body, status: entry.http.status ?? 200 };
    catalogue.set(normalizeImageRef(ref), { pull, startUs, ...(exit === undefined ? {} : { exit }), ...(http === undefined ? {} : { http }) });
  }
  return catalogue;
}
