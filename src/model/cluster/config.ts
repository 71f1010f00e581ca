/**
 * The `cluster:` key of a scenario file: which Docker engines exist, whether
 * they start as one formed swarm or as plain engines (`form: manual`), and the
 * Raft options a lesson may switch (pre-vote, for one).
 *
 * Two ways to name the engines:
 * - `managers: N, workers: M` gives hostnames manager-1..N, worker-1..M;
 * - `nodes: [...]` lists them with a role, labels and resources.
 * Addresses: the k-th engine (managers first, then workers, each in number
 * order; or the `nodes:` order) gets 10.0.<(k-1) div 250>.<(k-1) mod 250 + 2>,
 * so manager-1 is 10.0.0.2 (10.0.0.1 stands for the gateway).
 */
import { z } from 'zod';

export const MAX_MANAGERS = 9;
export const ENGINE_VERSION = '28.0.1';
export const DEFAULT_NANO_CPUS = 2_000_000_000;
export const DEFAULT_MEMORY_BYTES = 4 * 1024 * 1024 * 1024;

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

const nodeSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/).describe('The hostname (lower case, digits, dots and dashes).'),
    role: z.enum(['manager', 'worker']).describe('Role in the formed swarm (with form: manual, only a hint for lessons).'),
    labels: labelsSchema.optional().describe('Node labels (docker node update --label-add), set when the swarm forms.'),
    engineLabels: labelsSchema.optional().describe('Engine labels (daemon.json "labels").'),
    cpus: z.number().int().min(1).max(1024).optional().describe('CPUs the engine reports (default 2).'),
    memory: z.string().regex(/^[0-9]+(b|k|m|g)$/i).optional().describe('Memory the engine reports, e.g. 4g (default 4g).'),
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
    const names = (config.nodes ?? []).map((node) => node.name);
    const dup = names.find((name, i) => names.indexOf(name) !== i);
    if (dup !== undefined) ctx.addIssue({ code: 'custom', message: `node name ${dup} appears twice` });
    const form = config.form ?? 'auto';
    const managers = config.nodes === undefined ? (config.managers ?? 0) : config.nodes.filter((n) => n.role === 'manager').length;
    if (form === 'auto' && managers < 1) ctx.addIssue({ code: 'custom', message: 'a formed swarm needs at least one manager' });
    if (managers > MAX_MANAGERS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_MANAGERS} managers` });
  });

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
}

/** 10.0.<(k-1) div 250>.<(k-1) mod 250 + 2> for the k-th engine (1-based). */
export function addressOf(k: number): string {
  return `10.0.${Math.floor((k - 1) / 250)}.${((k - 1) % 250) + 2}`;
}

const MEMORY_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function memoryBytes(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MEMORY_BYTES;
  const unit = text.slice(-1).toLowerCase();
  return Number(text.slice(0, -1)) * (MEMORY_UNITS[unit] ?? 1);
}

/** Every engine, in the fixed order that also assigns addresses. */
export function engineConfigs(config: ClusterConfig): EngineConfig[] {
  if (config.nodes !== undefined) {
    return config.nodes.map((node, i) => ({
      hostname: node.name,
      address: addressOf(i + 1),
      role: node.role,
      labels: node.labels ?? {},
      engineLabels: node.engineLabels ?? {},
      nanoCPUs: (node.cpus ?? 2) * 1_000_000_000,
      memoryBytes: memoryBytes(node.memory),
    }));
  }
  const plain = (hostname: string, role: 'manager' | 'worker', k: number): EngineConfig => ({
    hostname,
    address: addressOf(k),
    role,
    labels: {},
    engineLabels: {},
    nanoCPUs: DEFAULT_NANO_CPUS,
    memoryBytes: DEFAULT_MEMORY_BYTES,
  });
  const managers = managerNames(config).map((name, i) => plain(name, 'manager', i + 1));
  const workers = workerNames(config).map((name, i) => plain(name, 'worker', managers.length + i + 1));
  return [...managers, ...workers];
}

export function managerNames(config: ClusterConfig): string[] {
  if (config.nodes !== undefined) return config.nodes.filter((n) => n.role === 'manager').map((n) => n.name);
  return Array.from({ length: config.managers ?? 0 }, (_, i) => `manager-${i + 1}`);
}

export function workerNames(config: ClusterConfig): string[] {
  if (config.nodes !== undefined) return config.nodes.filter((n) => n.role === 'worker').map((n) => n.name);
  return Array.from({ length: config.workers ?? 0 }, (_, i) => `worker-${i + 1}`);
}

/** Every node, in the order addresses are given. */
export function nodeNames(config: ClusterConfig): string[] {
  return engineConfigs(config).map((engine) => engine.hostname);
}
