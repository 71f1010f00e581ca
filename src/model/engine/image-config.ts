/**
 * What a container inherits from its image's config: the entrypoint and
 * command (docker ps COMMAND) and the exposed ports (docker ps PORTS of a
 * swarm task, whose ingress ports bind nothing on the container). The
 * scenario's `images:` table says how an image behaves, not what is in it, so
 * the configs of a few well-known official images are written here, as their
 * Dockerfiles on Docker Hub set them; any other image has no command and no
 * exposed ports (a modelling choice: docs/containers.md).
 */
import { normalizeImageRef, stripDigest } from '../agent/images.js';

export interface ExposedPort {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
}

export interface ImageConfig {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly exposed: readonly ExposedPort[];
}

const NO_CONFIG: ImageConfig = { entrypoint: [], cmd: [], exposed: [] };

const tcp = (port: number): ExposedPort => ({ port, protocol: 'tcp' });
const ENTRYPOINT_SH = ['docker-entrypoint.sh'];

/** By repository (familiar name without tag or digest). */
const KNOWN: ReadonlyMap<string, ImageConfig> = new Map([
  ['nginx', { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], exposed: [tcp(80)] }],
  ['redis', { entrypoint: ENTRYPOINT_SH, cmd: ['redis-server'], exposed: [tcp(6379)] }],
  ['httpd', { entrypoint: [], cmd: ['httpd-foreground'], exposed: [tcp(80)] }],
  ['mysql', { entrypoint: ENTRYPOINT_SH, cmd: ['mysqld'], exposed: [tcp(3306), tcp(33060)] }],
  ['postgres', { entrypoint: ENTRYPOINT_SH, cmd: ['postgres'], exposed: [tcp(5432)] }],
  ['alpine', { entrypoint: [], cmd: ['/bin/sh'], exposed: [] }],
  ['busybox', { entrypoint: [], cmd: ['sh'], exposed: [] }],
  ['ubuntu', { entrypoint: [], cmd: ['/bin/bash'], exposed: [] }],
  ['debian', { entrypoint: [], cmd: ['bash'], exposed: [] }],
]);

/** The repository part of a reference: `nginx:1.11.1-alpine@sha256:…` → `nginx`. */
export function repositoryOf(ref: string): string {
  const named = stripDigest(normalizeImageRef(ref));
  const lastSlash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  return colon > lastSlash ? named.slice(0, colon) : named;
}

export function imageConfig(ref: string): ImageConfig {
  return KNOWN.get(repositoryOf(ref)) ?? NO_CONFIG;
}

/**
 * The container's Path and Args (moby `daemon/create.go`): the entrypoint,
 * then the service's args if any, else the image's cmd.
 */
export function containerCommand(ref: string, args: readonly string[] | undefined): { path: string; args: readonly string[] } {
  const config = imageConfig(ref);
  const cmd = args !== undefined && args.length > 0 ? args : config.cmd;
  const all = [...config.entrypoint, ...cmd];
  return { path: all[0] ?? '', args: all.slice(1) };
}
