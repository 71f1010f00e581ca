/**
 * How a run's results are written: failure and violation lines, the one-line
 * summary per file, and the JSON object of `swarmsim run --json`. Fixed field
 * order, our own rendering.
 */
import { formatDuration } from '../sim/index.js';
import type { InvariantViolation, RunFailure, RunResult } from './types.js';

/**
 * `x.yaml:14: expected leader manager-1 within 30s, saw none (at 1m30s)`; a
 * step with an `id:` is named after the place: `x.yaml:14: steps[3] (join-worker): ...`.
 */
export function formatFailure(failure: RunFailure): string {
  const step = failure.stepId === undefined ? '' : `steps[${failure.stepIndex ?? 0}] (${failure.stepId}): `;
  return `${failure.where}: ${step}${failure.message} (at ${formatDuration(failure.atUs)})`;
}

/** `x.yaml: invariant oneLeaderPerTerm violated at event 1234 (1m2.5s): two leaders in term 3`. */
export function formatViolation(file: string, violation: InvariantViolation): string {
  return `${file}: invariant ${violation.name} violated at event ${violation.event} (${formatDuration(violation.atUs)}): ${violation.detail}`;
}

/** `<file>: pass|FAIL seed=<n> events=<n> simulated=<duration> trace=<64 hex>`. */
export function formatSummary(result: RunResult): string {
  const verdict = result.pass ? 'pass' : 'FAIL';
  return `${result.file}: ${verdict} seed=${result.seed} events=${result.events} simulated=${formatDuration(result.simulatedUs)} trace=${result.traceHash}`;
}

/** The `--json` object, keys in a fixed order. */
export function resultToJson(result: RunResult): string {
  return JSON.stringify({
    file: result.file,
    pass: result.pass,
    seed: result.seed,
    events: result.events,
    simulatedUs: result.simulatedUs,
    traceHash: result.traceHash,
    expectations: { passed: result.expectations.passed, failed: result.expectations.failed },
    failures: result.failures.map((failure) => ({
      kind: failure.kind,
      where: failure.where,
      ...(failure.stepId === undefined ? {} : { step: failure.stepIndex, id: failure.stepId }),
      ...(failure.event === undefined ? {} : { event: failure.event }),
      atUs: failure.atUs,
      message: failure.message,
    })),
    violations: result.violations.map((violation) => ({
      name: violation.name,
      event: violation.event,
      atUs: violation.atUs,
      detail: violation.detail,
    })),
  });
}
