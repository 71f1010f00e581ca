/**
 * Probabilities as ratios of integers (`1/100`), never floats: a scenario says
 * `loss: 1/100` and the random stream draws `intBelow(100) < 1`.
 */
import type { Ratio } from './types.js';

/** A user-facing ratio syntax error; `message` suggests the accepted form. */
export class RatioError extends Error {
  override readonly name = 'RatioError';
}

const RATIO_PATTERN = /^\s*(\d+)\s*(?:\/\s*(\d+)\s*)?$/;

function checked(text: string, num: number, den: number): Ratio {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den)) {
    throw new RatioError(`invalid ratio ${JSON.stringify(text)}: numbers are too large`);
  }
  if (den === 0) throw new RatioError(`invalid ratio ${JSON.stringify(text)}: the denominator must not be 0`);
  if (num > den) {
    throw new RatioError(`invalid ratio ${JSON.stringify(text)}: must be between 0 and 1 (numerator <= denominator)`);
  }
  return { num, den };
}

/** Suggest a ratio for a decimal like 0.01 (`1/100`), for the error message. */
function suggestion(decimal: string): string {
  const match = /^0?\.(\d+)$/.exec(decimal.trim());
  if (match?.[1] === undefined) return 'like 1/100';
  const digits = match[1];
  const num = Number(digits);
  return `like ${num}/${10 ** digits.length}`;
}

/** Parse `1/100`, `0`, `1` (or the integers 0 and 1). Floats are rejected with a suggestion. */
export function parseRatio(text: string | number): Ratio {
  if (typeof text === 'number') {
    if (text === 0 || text === 1) return { num: text, den: 1 };
    throw new RatioError(
      `invalid ratio ${String(text)}: write a fraction of integers, ${suggestion(String(text))}, not a decimal`,
    );
  }
  const match = RATIO_PATTERN.exec(text);
  if (match === null) {
    if (/^\s*\d*\.\d+\s*$/.test(text)) {
      throw new RatioError(
        `invalid ratio ${JSON.stringify(text)}: write a fraction of integers, ${suggestion(text)}, not a decimal`,
      );
    }
    throw new RatioError(`invalid ratio ${JSON.stringify(text)}: expected a fraction of integers like 1/100, or 0 or 1`);
  }
  return checked(text, Number(match[1]), match[2] === undefined ? 1 : Number(match[2]));
}

/** `1/100`; a denominator of 1 prints as the bare numerator (`0`, `1`). parseRatio reads it back. */
export function formatRatio(ratio: Ratio): string {
  return ratio.den === 1 ? String(ratio.num) : `${ratio.num}/${ratio.den}`;
}

/** Assert a ratio is well formed (integers, 0 <= num <= den, den > 0). */
export function assertRatio(ratio: Ratio): void {
  const { num, den } = ratio;
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0 || num < 0 || num > den) {
    throw new RatioError(`invalid ratio ${String(num)}/${String(den)}: need integers with 0 <= num <= den and den > 0`);
  }
}
