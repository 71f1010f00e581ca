/**
 * The settings one update runs with (`updater.go#Run`; swarm-services.md §2,
 * §6): the service's UpdateConfig, or its RollbackConfig while a rollback is
 * under way, each falling back to SwarmKit's defaults (parallelism 1, delay
 * 0s, failure action pause, monitor 5s, max failure ratio 0, stop-first).
 * Parallelism 0 means every dirty slot at once; a monitor of 0 is the
 * daemon's "unset" and means 5 s.
 *
 * The one float comparison of the updater lives here: SwarmKit keeps
 * MaxFailureRatio as a float32 and computes `float32(failures) /
 * float32(len(dirtySlots)) > MaxFailureRatio` in float32 arithmetic.
 */
import type { Micros } from '../../sim/types.js';
import type { Service, UpdateConfig } from '../store/objects.js';

export const DEFAULT_MONITOR_US = 5_000_000 as Micros;
/** `restart.go#defaultOldTaskTimeout`: a stop-first replacement starts at the latest this long after the old task was told to stop. */
export const OLD_TASK_TIMEOUT_US = 60_000_000 as Micros;
/** When delay >= monitor, SwarmKit watches for delay + 1 s after the last slot (`updater.go#Run`). */
export const MONITOR_AFTER_DELAY_US = 1_000_000 as Micros;

export const DEFAULT_UPDATE_SETTINGS: UpdateConfig = {
  parallelism: 1,
  delayUs: 0 as Micros,
  failureAction: 'pause',
  monitorUs: DEFAULT_MONITOR_US,
  maxFailureRatio: 0,
  order: 'stop-first',
};

export interface UpdateSettings extends UpdateConfig {
  /** Workers: parallelism, or the number of dirty slots when parallelism is 0. */
  readonly workers: number;
  /** How long after reaching RUNNING a failure still counts, while slots are handed out. */
  readonly monitorUs: Micros;
  /** The watch after the last slot: monitor, or delay + 1 s when delay >= monitor. */
  readonly finalMonitorUs: Micros;
}

/** Rollback settings while the service is `rollback_started`, else update settings. */
export function settingsFor(service: Service, dirtySlots: number): UpdateSettings {
  const rollingBack = service.updateStatus?.state === 'rollback_started';
  const config = (rollingBack ? service.spec.rollback : service.spec.update) ?? DEFAULT_UPDATE_SETTINGS;
  const monitorUs = (config.monitorUs > 0 ? config.monitorUs : DEFAULT_MONITOR_US) as Micros;
  const finalMonitorUs = (config.delayUs >= monitorUs ? config.delayUs + MONITOR_AFTER_DELAY_US : monitorUs) as Micros;
  const workers = config.parallelism === 0 ? dirtySlots : Math.min(config.parallelism, Math.max(dirtySlots, 1));
  return { ...config, monitorUs, finalMonitorUs, workers };
}

/** `float32(failures)/float32(dirty) > MaxFailureRatio`, in float32 as Go computes it. */
export function failureRatioExceeded(failures: number, dirtySlots: number, maxFailureRatio: number): boolean {
  const ratio = Math.fround(Math.fround(failures) / Math.fround(dirtySlots));
  return ratio > Math.fround(maxFailureRatio);
}
