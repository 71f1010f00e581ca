/**
 * The `cluster:` key of a scenario file, as far as the model understands it
 * today: how many managers and workers, and the Raft options a lesson may
 * switch (pre-vote, for one). Node names follow Docker's tutorials:
 * manager-1.., worker-1...
 */
import { z } from 'zod';

export const MAX_MANAGERS = 9;

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

export const clusterSchema = z
  .object({
    managers: z.number().int().min(1).max(MAX_MANAGERS).describe('Managers, already joined as one Raft group.'),
    workers: z.number().int().min(0).max(5000).optional().describe('Worker nodes (default 0).'),
    raft: raftOptionsSchema.optional().describe("Raft options; Docker's defaults when absent."),
  })
  .strict();

export type ClusterConfig = z.infer<typeof clusterSchema>;
export type RaftOptions = z.infer<typeof raftOptionsSchema>;

export function managerNames(config: ClusterConfig): string[] {
  return Array.from({ length: config.managers }, (_, i) => `manager-${i + 1}`);
}

export function workerNames(config: ClusterConfig): string[] {
  return Array.from({ length: config.workers ?? 0 }, (_, i) => `worker-${i + 1}`);
}

/** Every node, managers first, each group in number order. */
export function nodeNames(config: ClusterConfig): string[] {
  return [...managerNames(config), ...workerNames(config)];
}
