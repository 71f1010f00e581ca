/**
 * Raft configuration and Docker's defaults (swarm-behaviour.md §0, §1.1).
 * Times are in ticks; one tick is TICK_INTERVAL_US of simulated time.
 */
import type { Micros } from '../../sim/types.js';

/** SwarmKit's TickInterval: 1 s, not configurable from Docker. */
export const TICK_INTERVAL_US = 1_000_000 as Micros;
export const HEARTBEAT_TICK = 1;
export const ELECTION_TICK = 10;
export const SNAPSHOT_INTERVAL = 10_000;
export const KEEP_OLD_SNAPSHOTS = 0;
export const LOG_ENTRIES_FOR_SLOW_FOLLOWERS = 500;
export const CHECK_QUORUM = true;
export const PRE_VOTE = false;
/** etcd's MaxInflightMsgs as SwarmKit sets it. */
export const MAX_INFLIGHT_MESSAGES = 256;
/** Stand-in for MaxSizePerMsg (64 KiB): entries per MsgApp. Not user visible. */
export const MAX_ENTRIES_PER_MESSAGE = 64;

export interface RaftConfig {
  readonly heartbeatTick: number;
  /** Randomized election timeout is drawn in [electionTick, 2*electionTick). */
  readonly electionTick: number;
  readonly checkQuorum: boolean;
  readonly preVote: boolean;
  /** Applied entries since the last snapshot that make a new one due. */
  readonly snapshotInterval: number;
  /** Informational (SwarmKit keeps no old snapshots); the model keeps one. */
  readonly keepOldSnapshots: number;
  /** Entries kept in the log behind a new snapshot. */
  readonly logEntriesForSlowFollowers: number;
  readonly maxInflightMessages: number;
  readonly maxEntriesPerMessage: number;
}

export const DOCKER_RAFT_CONFIG: RaftConfig = {
  heartbeatTick: HEARTBEAT_TICK,
  electionTick: ELECTION_TICK,
  checkQuorum: CHECK_QUORUM,
  preVote: PRE_VOTE,
  snapshotInterval: SNAPSHOT_INTERVAL,
  keepOldSnapshots: KEEP_OLD_SNAPSHOTS,
  logEntriesForSlowFollowers: LOG_ENTRIES_FOR_SLOW_FOLLOWERS,
  maxInflightMessages: MAX_INFLIGHT_MESSAGES,
  maxEntriesPerMessage: MAX_ENTRIES_PER_MESSAGE,
};

export function raftConfig(overrides: Partial<RaftConfig> = {}): RaftConfig {
  const config = { ...DOCKER_RAFT_CONFIG, ...overrides };
  const positive = ['heartbeatTick', 'electionTick', 'snapshotInterval', 'maxInflightMessages', 'maxEntriesPerMessage'] as const;
  for (const key of positive) {
    if (!Number.isSafeInteger(config[key]) || config[key] < 1) throw new RangeError(`raft config ${key} must be a positive integer, got ${config[key]}`);
  }
  if (config.electionTick <= config.heartbeatTick) throw new RangeError('raft config electionTick must be greater than heartbeatTick');
  if (!Number.isSafeInteger(config.logEntriesForSlowFollowers) || config.logEntriesForSlowFollowers < 0) {
    throw new RangeError('raft config logEntriesForSlowFollowers must be a non-negative integer');
  }
  return config;
}
