/** Wall-clock helpers for benchmarks (bench/ may read real time; src/ may not). */

/** Milliseconds since an arbitrary origin, high resolution. */
export function wallNowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Peak resident set size of this process so far, in MB (one decimal). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
}

/** Run `body` and return its wall time in ms. */
export function timed(body: () => void): number {
  const start = wallNowMs();
  body();
  return wallNowMs() - start;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Round to three significant digits for display. */
export function round3(value: number): number {
  return Number(value.toPrecision(3));
}

/** `12,345,678` */
export function grouped(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
