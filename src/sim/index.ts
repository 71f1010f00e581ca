/** The kernel's public API: import from here, not from the files behind it. */
export type * from './types.js';
export type * from './plugin.js';
export {
  US_PER_HOUR,
  US_PER_MINUTE,
  US_PER_MS,
  US_PER_SECOND,
  DurationError,
  formatDuration,
  formatLatencyRange,
  micros,
  ms,
  parseDuration,
  parseLatencyRange,
  seconds,
} from './time.js';
export { RatioError, assertRatio, formatRatio, parseRatio } from './ratio.js';
export { compareNatural, compareStrings, sortedEntries, sortedKeys, sortedStrings } from './order.js';
export { EventQueue, SLOT_LIMIT, type EventCallback } from './queue.js';
export { createRng, streamKey } from './rng.js';
export { TraceLog, quoteValue, type FieldValue, type Fields, type TraceClock, type TraceSink } from './trace.js';
export { FaultTable } from './faults.js';
export { DEFAULT_LATENCY, SimNetwork, describeEnvelope, type NetNode, type NetworkHost } from './network.js';
export { BoundExceededError, createSim, type KernelSim, type SimOptions } from './kernel.js';
