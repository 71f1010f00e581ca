/** Public surface of the pure Raft machine. See step.ts for the effect contract. */
export * from './types.js';
export * from './config.js';
export { type Progress, type ProgressState, type RaftState, type RaftStatus, type NodeOptions, persistentOf, status, bootstrapPersistent, quorum } from './state.js';
export { type CreateOptions, type ProposeStepResult, createNode, restart, step, tick, campaignNow, propose, proposeConfChange, takeSnapshot, transferLeadership, ignoreVoteInLease } from './step.js';
export { commitIndexFor } from './replication.js';
export { describeConfChange, describeEffect, describeEntry, describeEvent, describeMessage, describeSnapshot, describeStatus } from './describe.js';
export * from './invariants.js';
