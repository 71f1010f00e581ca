/**
 * The float32 failure-ratio comparison (`updater.go#failureTriggersAction`:
 * `float32(totalFailures)/float32(len(dirtySlots)) > updateConfig.MaxFailureRatio`)
 * and the settings' defaults (swarm-services.md §2).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_UPDATE_SETTINGS, failureRatioExceeded, settingsFor } from '../../../src/model/updater/index.js';
import { service } from '../scheduler/fixtures.js';

describe('failure ratio as float32', () => {
  it('equal is not over: 1/5 against 0.2 (both float32 0.2)', () => {
    expect(failureRatioExceeded(1, 5, 0.2)).toBe(false);
    expect(failureRatioExceeded(2, 5, 0.2)).toBe(true);
  });
  it('1/3 against 0.333333332 differs from float64 arithmetic', () => {
    // float64: 1/3 > 0.333333332; float32: both round to 0.33333334 → not over.
    expect(1 / 3 > 0.333333332).toBe(true);
    expect(failureRatioExceeded(1, 3, 0.333333332)).toBe(false);
    expect(1 / 2 > 0.499999999).toBe(true);
    expect(failureRatioExceeded(1, 2, 0.499999999)).toBe(false);
  });
  it('ratio 0: any failure is over', () => {
    expect(failureRatioExceeded(1, 1000, 0)).toBe(true);
  });
});

describe('settings', () => {
  it('defaults: parallelism 1, delay 0, pause, monitor 5s, ratio 0, stop-first', () => {
    const s = settingsFor(service('a'), 3);
    expect({ ...s }).toEqual({ ...DEFAULT_UPDATE_SETTINGS, workers: 1, finalMonitorUs: 5_000_000 });
  });
  it('parallelism 0: one worker per dirty slot; monitor 0 means 5 s', () => {
    const base = service('a');
    const s = settingsFor({ ...base, spec: { ...base.spec, update: { ...DEFAULT_UPDATE_SETTINGS, parallelism: 0, monitorUs: 0 as never } } }, 7);
    expect(s.workers).toBe(7);
    expect(s.monitorUs).toBe(5_000_000);
  });
  it('rollback_started uses the rollback config', () => {
    const base = service('a');
    const s = settingsFor(
      { ...base, updateStatus: { state: 'rollback_started', startedAt: 0 as never, message: '' }, spec: { ...base.spec, rollback: { ...DEFAULT_UPDATE_SETTINGS, parallelism: 2 } } },
      5,
    );
    expect(s.parallelism).toBe(2);
  });
});
