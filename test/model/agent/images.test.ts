/** Image references normalised as docker-cli.md §5 gives (`imageWithTagString`), and the `images:` table's defaults. */
import { describe, expect, test } from 'vitest';
import { DEFAULT_IMAGE, imageBehaviour, imageCatalogue, imagesSchema, normalizeImageRef } from '../../../src/model/agent/index.js';

describe('normalizeImageRef', () => {
  test.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1.25', 'nginx:1.25'],
    ['docker.io/library/nginx', 'nginx:latest'],
    ['index.docker.io/library/nginx:alpine', 'nginx:alpine'],
    ['library/redis', 'redis:latest'],
    ['docker.io/me/app', 'me/app:latest'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['registry.example.com/team/app:2', 'registry.example.com/team/app:2'],
    [`nginx@sha256:${'a'.repeat(64)}`, `nginx@sha256:${'a'.repeat(64)}`],
    [`nginx:latest@sha256:${'b'.repeat(64)}`, `nginx:latest@sha256:${'b'.repeat(64)}`],
    ['Nginx', 'Nginx'],
    ['web:bad tag', 'web:bad tag'],
  ])('%s → %s', (ref, expected) => {
    expect(normalizeImageRef(ref)).toBe(expected);
  });
});

describe('images table', () => {
  test('defaults: pull 1s, start 0s, runs forever; unknown image = defaults', () => {
    const catalogue = imageCatalogue(imagesSchema.parse({ web: {}, 'docker.io/library/db:5': { pull: 'fail' }, job: { start: '2s', exit: { after: '1m', code: 3 } } }));
    expect(imageBehaviour(catalogue, 'web:latest')).toEqual({ pull: 1_000_000, startUs: 0 });
    expect(imageBehaviour(catalogue, 'db:5').pull).toBe('fail');
    expect(imageBehaviour(catalogue, 'job')).toEqual({ pull: 1_000_000, startUs: 2_000_000, exit: { afterUs: 60_000_000, code: 3 } });
    expect(imageBehaviour(catalogue, 'other')).toBe(DEFAULT_IMAGE);
    expect(imageBehaviour(catalogue, `web:latest@sha256:${'c'.repeat(64)}`)).toEqual({ pull: 1_000_000, startUs: 0 });
  });

  test('schema refuses unknown keys, bad durations and bad exit codes', () => {
    expect(imagesSchema.safeParse({ web: { pul: '1s' } }).success).toBe(false);
    expect(imagesSchema.safeParse({ web: { pull: '5' } }).success).toBe(false);
    expect(imagesSchema.safeParse({ web: { pull: 'never' } }).success).toBe(false);
    expect(imagesSchema.safeParse({ web: { exit: { after: '1s', code: 1.5 } } }).success).toBe(false);
    expect(imagesSchema.safeParse({ web: null, b: { pull: 'fail' } }).success).toBe(true);
  });
});
