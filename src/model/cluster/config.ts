/**
 * The `cluster:` key of a scenario file: which Docker engines exist, whether
 * they start as one formed swarm or as plain engines (`form: manual`), and the
 * Raft options a lesson may switch (pre-vote, for one).
 *
 * Two ways to name the engines:
 * - `managers: N, workers: M` gives hostnames manager-1..N, worker-1..M,
 *   each with the defaults below (2 CPUs, 4 GiB, linux/x86_64, engine 28.0.1,
 *   Active);
 * - `nodes: [...]` lists them: hostname, role, address, node and engine
 *   labels, resources, platform, engine version, availability at formation.
 * Addresses: the k-th engine (managers first, then workers, each in number
 * order; or the `nodes:` order) gets 10.0.<(k-1) div 250>.<(k-1) mod 250 + 2>,
 * so manager-1 is 10.0.0.2 (10.0.0.1 stands for the gateway).
 */
import { z } from 'zod';

export const MAX_MANAGERS = 9;
export const ENGINE_VERSION = '28.0.1';
export const DEFAULT_NANO_CPUS = 2_000_000_000;
export const DEFAULT_MEMORY_BYTES = 4 * 1024 * 1024 * 1024;
export const DEFAULT_PLATFORM = { os: 'linux', architecture: 'x86_64' } as const;
const HOSTNAME = /^[a-z0-9][a-z0-9.-]*$/;

const raftOptionsSchema = z
  .object({
    preVote: z.boolean().optional().describe('Pre-vote (off in Docker, as in SwarmKit). A lesson can switch it on.'),
    checkQuorum: z.boolean().optional().describe('Check-quorum (on in Docker).'),
    electionTick: z.number().int().min(2).optional().describe('Election timeout in ticks of 1s (Docker: 10).'),
    heartbeatTick: z.number().int().min(1).optional().describe('Heartbeat period in ticks (Docker: 1).'),
    snapshotInterval: z.number().int().min(1).optional().describe('Applied entries between snapshots (Docker: 10000).'),
    logEntriesForSlowFollowers: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Entries kept behind a snapshot for slow followers (Docker: 500).'),
  })
  .strict();

const labelsSchema = z.record(z.string(), z.string());

const memorySchema = z
  .string()
  .refine((text) => memoryOf(text) !== undefined, { message: "expected a size in Docker's units, like 512M, 2G or 1.5g" })
  .describe("Memory the engine reports, in Docker's units (512M, 2G; binary: 1G = 1024^3 bytes). Default 4G.");

const nodeSchema = z
  .object({
    hostname: z.string().regex(HOSTNAME).optional().describe('The hostname (lower case letters, digits, dots and dashes).'),
    name: z.string().regex(HOSTNAME).optional().describe('Older spelling of hostname.'),
    role: z.enum(['manager', 'worker']).describe('Role in the formed swarm (with form: manual, only a hint for lessons).'),
    address: z
      .string()
      .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, { message: 'expected an IPv4 address like 192.168.1.10' })
      .optional()
      .describe('Its IP address (default: 10.0.x.y by its place in the list).'),
    labels: labelsSchema.optional().describe('Node labels (docker node update --label-add), set when the swarm forms.'),
    engineLabels: labelsSchema.optional().describe('Engine labels (daemon.json "labels"), for engine.labels.<key> constraints.'),
    resources: z
      .object({
        cpus: z.number().int().min(1).max(1024).optional().describe('CPUs the engine reports (default 2).'),
        memory: memorySchema.optional(),
      })
      .strict()
      .optional()
      .describe('What the engine reports to the scheduler (NanoCPUs, MemoryBytes).'),
    platform: z
      .object({
        os: z.string().min(1).optional().describe('Default linux.'),
        arch: z.string().min(1).optional().describe('As uname -m says it: x86_64 (default), aarch64, ...'),
      })
      .strict()
      .optional()
      .describe('Operating system and architecture (node inspect Platform; --platform / node.platform constraints).'),
    engineVersion: z.string().min(1).optional().describe(`Docker engine version (default ${ENGINE_VERSION}).`),
    availability: z.enum(['active', 'pause', 'drain']).optional().describe('Availability when the swarm forms (default active).'),
    firewall: z
      .enum(['firewalld'])
      .optional()
      .describe('firewalld runs at boot with its public zone (only ssh let in): the swarm ports are rejected until firewall-cmd opens them.'),
  })
  .strict();

export const clusterSchema = z
  .object({
    managers: z.number().int().min(0).max(MAX_MANAGERS).optional().describe('Managers manager-1..N (already one Raft group unless form: manual).'),
    workers: z.number().int().min(0).max(5000).optional().describe('Worker nodes worker-1..M (default 0).'),
    nodes: z.array(nodeSchema).min(1).optional().describe('Engines by name, instead of managers/workers.'),
    form: z
      .enum(['auto', 'manual'])
      .optional()
      .describe('auto (default): the swarm is formed at t=0 (manager-1 ran init, the rest joined); manual: plain engines, not in a swarm.'),
    raft: raftOptionsSchema.optional().describe("Raft options; Docker's defaults when absent."),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.nodes !== undefined && (config.managers !== undefined || config.workers !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either nodes: or managers:/workers:, not both' });
    }
    if (config.nodes === undefined && config.managers === undefined) {
      ctx.addIssue({ code: 'custom', message: 'give managers: N (and workers: M) or a nodes: list' });
    }
    checkNodes(config.nodes ?? [], (message, path) => ctx.addIssue({ code: 'custom', message, path }));
    const form = config.form ?? 'auto';
    const managers = config.nodes === undefined ? (config.managers ?? 0) : config.nodes.filter((n) => n.role === 'manager').length;
    if (form === 'auto' && managers < 1) ctx.addIssue({ code: 'custom', message: 'a formed swarm needs at least one manager' });
    if (managers > MAX_MANAGERS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_MANAGERS} managers` });
  });

type NodeDefinition = z.infer<typeof nodeSchema>;

/** Each node has one hostname (hostname, or its older spelling name), unique, and a unique address. */
function checkNodes(nodes: readonly NodeDefinition[], issue: (message: string, path: (string | number)[]) => void): void {
  const names = new Map<string, number>();
  const addresses = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (node.hostname !== undefined && node.name !== undefined) issue('give hostname or name (its older spelling), not both', ['nodes', i, 'name']);
    const name = node.hostname ?? node.name;
    if (name === undefined) return issue('expected a hostname: for this node', ['nodes', i]);
    const first = names.get(name);
    if (first !== undefined) issue(`hostname ${name} is already nodes[${first}]'s`, ['nodes', i, node.hostname === undefined ? 'name' : 'hostname']);
    else names.set(name, i);
    const address = node.address ?? addressOf(i + 1);
    const owner = addresses.get(address);
    if (owner === undefined) addresses.set(address, i);
    else if (node.address !== undefined) issue(`address ${address} is already nodes[${owner}]'s`, ['nodes', i, 'address']);
    else issue(`its default address ${address} (by its place in the list) is already nodes[${owner}]'s: give it an address:`, ['nodes', i]);
  });
}

export type ClusterConfig = z.infer<typeof clusterSchema>;
export type RaftOptions = z.infer<typeof raftOptionsSchema>;

/** One engine as the world builds it. */
export interface EngineConfig {
  readonly hostname: string;
  readonly address: string;
  readonly role: 'manager' | 'worker';
  readonly labels: Readonly<Record<string, string>>;
  readonly engineLabels: Readonly<Record<string, string>>;
  readonly nanoCPUs: number;
  readonly memoryBytes: number;
  readonly platform: { readonly os: string; readonly architecture: string };
  readonly engineVersion: string;
  /** Availability when the swarm forms (form: auto). */
  readonly availability: 'active' | 'pause' | 'drain';
  /** A host firewall running at boot (absent: none). */
  readonly firewall?: 'firewalld';
}

/** 10.0.<(k-1) div 250>.<(k-1) mod 250 + 2> for the k-th engine (1-based). */
export function addressOf(k: number): string {
  return `10.0.${Math.floor((k - 1) / 250)}.${((k - 1) % 250) + 2}`;
}

/** go-units RAMInBytes: a number, an optional space, then b, k, m, g, t or p (optionally followed by b or ib), any case. */
export function memoryOf(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?) ?(?:([kmgtp])(?:i?b)?|b)?$/i.exec(text);
  if (match === null) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  const power = unit === '' ? 0 : 'kmgtp'.indexOf(unit) + 1;
  return Math.trunc(Number(match[1]) * 1024 ** power);
}

const plain = (hostname: string, role: 'manager' | 'worker', k: number): EngineConfig => ({
  hostname,
  address: addressOf(k),
  role,
  labels: {},
  engineLabels: {},
  nanoCPUs: DEFAULT_NANO_CPUS,
  memoryBytes: DEFAULT_MEMORY_BYTES,
  platform: DEFAULT_PLATFORM,
  engineVersion: ENGINE_VERSION,
  availability: 'active',
});

function defined(node: NodeDefinition, k: number): EngineConfig {
  const memory = node.resources?.memory;
  return {
    ...plain(node.hostname ?? node.name ?? `node-${k}`, node.role, k),
    ...(node.address === undefined ? {} : { address: node.address }),
    labels: node.labels ?? {},
    engineLabels: node.engineLabels ?? {},
    nanoCPUs: (node.resources?.cpus ?? DEFAULT_NANO_CPUS / 1e9) * 1e9,
    memoryBytes: memory === undefined ? DEFAULT_MEMORY_BYTES : (memoryOf(memory) ?? DEFAULT_MEMORY_BYTES),
    platform: { os: node.platform?.os ?? DEFAULT_PLATFORM.os, architecture: node.platform?.arch ?? DEFAULT_PLATFORM.architecture },
    engineVersion: node.engineVersion ?? ENGINE_VERSION,
    availability: node.availability ?? 'active',
    ...(node.firewall === undefined ? {} : { firewall: node.firewall }),
  };
}

/** Every engine, in the fixed order that also assigns addresses. */
export function engineConfigs(config: ClusterConfig): EngineConfig[] {
  if (config.nodes !== undefined) return config.nodes.map((node, i) => defined(node, i + 1));
  const managers = managerNames(config).map((name, i) => plain(name, 'manager', i + 1));
  const workers = workerNames(config).map((name, i) => plain(name, 'worker', managers.length + i + 1));
  return [...managers, ...workers];
}

function hostnameOf(node: NodeDefinition): string {
  return node.hostname ?? node.name ?? '';
}

export function managerNames(config: ClusterConfig): string[] {
  if (config.nodes !== undefined) return config.nodes.filter((n) => n.role === 'manager').map(hostnameOf);
  return Array.from({ length: config.managers ?? 0 }, (_, i) => `manager-${i + 1}`);
}

export function workerNames(config: ClusterConfig): string[] {
  if (config.nodes !== undefined) return config.nodes.filter((n) => n.role === 'worker').map(hostnameOf);
  return Array.from({ length: config.workers ?? 0 }, (_, i) => `worker-${i + 1}`);
}

/** Every node, in the order addresses are given. */
export function nodeNames(config: ClusterConfig): string[] {
  return engineConfigs(config).map((engine) => engine.hostname);
}

function sizeText(bytes: number): string {
  if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  return `${bytes} bytes`;
}

/**
 * For `check --explain`: with a `nodes:` list, one line per node
 * (`mgr: manager, 192.168.1.10, 4 CPUs, 8 GiB, linux/x86_64, engine 28.0.1,
 * drain, engine labels disk=ssd`); with the short form, one line of the
 * defaults every node shares.
 */
export function describeNodes(config: ClusterConfig): string[] {
  if (config.nodes === undefined) {
    return [`every node: 2 CPUs, ${sizeText(DEFAULT_MEMORY_BYTES)}, ${DEFAULT_PLATFORM.os}/${DEFAULT_PLATFORM.architecture}, engine ${ENGINE_VERSION}, active; addresses from ${addressOf(1)} in node order`];
  }
  const labels = (what: string, map: Readonly<Record<string, string>>): string[] => {
    const pairs = Object.entries(map).map(([key, value]) => `${key}=${value}`);
    return pairs.length === 0 ? [] : [`${what} ${pairs.join(' ')}`];
  };
  return engineConfigs(config).map((engine) => {
    const parts = [
      engine.role,
      engine.address,
      `${engine.nanoCPUs / 1e9} CPU${engine.nanoCPUs === 1e9 ? '' : 's'}`,
      sizeText(engine.memoryBytes),
      `${engine.platform.os}/${engine.platform.architecture}`,
      `engine ${engine.engineVersion}`,
      engine.availability,
      ...(engine.firewall === undefined ? [] : [engine.firewall]),
      ...labels('labels', engine.labels),
      ...labels('engine labels', engine.engineLabels),
    ];
    return `${engine.hostname}: ${parts.join(', ')}`;
  });
}
