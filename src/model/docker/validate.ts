/**
 * Daemon-side checks the cluster applies to a request, kept pure here so the
 * texts stay next to the catalogue: node reference resolution
 * (docker-cli.md §1.6), `node ls --filter` (moby `daemon/cluster/filters.go`,
 * SwarmKit `controlapi/node.go#ListNodes`), the `node update` spec merge
 * (docker/cli `node/update.go#mergeNodeUpdate`, moby `convert/node.go`), and
 * the join token's shape (SwarmKit `ca/config.go#ParseJoinToken`).
 */
import { compareStrings } from '../../sim/order.js';
import type { Labels, Node, NodeAvailability, NodeRole, NodeSpec } from '../store/objects.js';
import type { CliOutput } from './errors.js';
import {
  invalidAvailability,
  invalidFilter,
  invalidMembershipFilter,
  invalidRole,
  invalidRoleFilter,
  labelKeyMissing,
  nodeAmbiguous,
  nodeNotFound,
} from './errors.js';
import type { FilterTerm, NodeUpdateRequest } from './requests.js';

export type Resolved<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CliOutput };

/** Full ID, then exact hostname, then ID prefix; several matches at a step are ambiguous. */
export function resolveNodeRef(nodes: readonly Node[], ref: string): Resolved<Node> {
  const sorted = [...nodes].sort((a, b) => compareStrings(a.id, b.id));
  const byId = sorted.find((node) => node.id === ref);
  if (byId !== undefined) return { ok: true, value: byId };
  for (const matches of [sorted.filter((node) => node.description?.hostname === ref), sorted.filter((node) => node.id.startsWith(ref))]) {
    if (matches.length === 1) return { ok: true, value: matches[0] as Node };
    if (matches.length > 1) return { ok: false, error: nodeAmbiguous(ref, matches.length) };
  }
  return { ok: false, error: nodeNotFound(ref) };
}

export interface NodeListFilter {
  readonly namePrefixes: readonly string[];
  readonly idPrefixes: readonly string[];
  /** `label=`: engine labels. */
  readonly engineLabels: readonly FilterTerm[];
  /** `node.label=`: node (spec) labels. */
  readonly nodeLabels: readonly FilterTerm[];
  readonly roles: readonly NodeRole[];
  /** Only `accepted` nodes exist in swarmsim; `pending` matches none. */
  readonly memberships: readonly ('accepted' | 'pending')[];
}

const ACCEPTED_FILTERS = new Set(['name', 'id', 'label', 'node.label', 'role', 'membership']);

function labelTerm(text: string): FilterTerm {
  const eq = text.indexOf('=');
  return eq < 0 ? { key: text, value: '' } : { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/** Validate `--filter` terms as the daemon does; keys checked in sorted order. */
export function nodeListFilter(terms: readonly FilterTerm[]): Resolved<NodeListFilter> {
  const unknown = terms.map((term) => term.key).filter((key) => !ACCEPTED_FILTERS.has(key));
  if (unknown.length > 0) return { ok: false, error: invalidFilter([...unknown].sort(compareStrings)[0] as string) };
  const values = (key: string): string[] => terms.filter((term) => term.key === key).map((term) => term.value);
  const roles: NodeRole[] = [];
  for (const value of values('role')) {
    const lower = value.toLowerCase();
    if (lower === 'worker' || lower === 'manager') roles.push(lower);
    else if (value !== '') return { ok: false, error: invalidRoleFilter(value) };
  }
  const memberships: ('accepted' | 'pending')[] = [];
  for (const value of values('membership')) {
    const lower = value.toLowerCase();
    if (lower === 'accepted' || lower === 'pending') memberships.push(lower);
    else if (value !== '') return { ok: false, error: invalidMembershipFilter(value) };
  }
  return {
    ok: true,
    value: {
      namePrefixes: values('name'),
      idPrefixes: values('id'),
      engineLabels: values('label').map(labelTerm),
      nodeLabels: values('node.label').map(labelTerm),
      roles,
      memberships,
    },
  };
}

function labelsMatch(labels: Labels, terms: readonly FilterTerm[]): boolean {
  return terms.every((term) => (term.value === '' ? term.key in labels : labels[term.key] === term.value));
}

function anyPrefix(text: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => text.startsWith(prefix));
}

/** SwarmKit's ListNodes filtering: OR within one key, AND across keys. */
export function filterNodes(nodes: readonly Node[], filter: NodeListFilter): Node[] {
  return nodes.filter((node) => {
    const hostname = node.description?.hostname;
    if (filter.namePrefixes.length > 0 && (hostname === undefined || !anyPrefix(hostname, filter.namePrefixes))) return false;
    if (!anyPrefix(node.id, filter.idPrefixes)) return false;
    if (filter.engineLabels.length > 0 && (node.description === undefined || !labelsMatch(node.description.engine.labels, filter.engineLabels))) {
      return false;
    }
    if (!labelsMatch(node.spec.labels, filter.nodeLabels)) return false;
    if (filter.roles.length > 0 && !filter.roles.includes(node.role)) return false;
    if (filter.memberships.length > 0 && !filter.memberships.includes('accepted')) return false;
    return true;
  });
}

/**
 * `node update` on a node's spec: the CLI merges the flags (a missing
 * `--label-rm` key fails here, client-side), then the daemon converts role and
 * availability case-insensitively (`invalid Role: "boss"`).
 */
export function applyNodeUpdate(spec: NodeSpec, request: NodeUpdateRequest): Resolved<NodeSpec> {
  const labels: Record<string, string> = { ...spec.labels };
  for (const entry of request.labelAdd) {
    const term = labelTerm(entry);
    labels[term.key] = term.value;
  }
  for (const key of request.labelRm) {
    if (!(key in labels)) return { ok: false, error: labelKeyMissing(key) };
    delete labels[key];
  }
  const role = (request.role ?? spec.role).toLowerCase();
  if (role !== 'worker' && role !== 'manager') return { ok: false, error: invalidRole(request.role ?? '') };
  const availability = (request.availability ?? spec.availability).toLowerCase();
  if (availability !== 'active' && availability !== 'pause' && availability !== 'drain') {
    return { ok: false, error: invalidAvailability(request.availability ?? '') };
  }
  return { ok: true, value: { ...spec, labels, role, availability: availability as NodeAvailability } };
}

export interface JoinTokenParts {
  /** 50 base-36 chars standing for the root CA digest. */
  readonly digest: string;
  /** 25 base-36 chars. */
  readonly secret: string;
}

/**
 * `SWMTKN-1-<50 base36>-<25 base36>`, else null (→ `invalid join token`, at once).
 * An empty token is not malformed: the join is tried and rejected after ~10 s
 * (`joinTokenRejected`, swarm-behaviour.md §3.4); callers check '' first.
 */
export function parseJoinToken(token: string): JoinTokenParts | null {
  const match = /^SWMTKN-1-([0-9a-z]{50})-([0-9a-z]{25})$/.exec(token);
  if (match === null) return null;
  return { digest: match[1] as string, secret: match[2] as string };
}
