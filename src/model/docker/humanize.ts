/**
 * Human-readable values as the docker CLI prints them:
 * go-units `HumanDuration` and `BytesSize` (swarmctl-and-docker-ps.md §7.1,
 * §7.3), the formatter's `PrettyPrint` (docker-cli.md §3), and Go's
 * `time.Time` printing (`String()`, RFC 3339 with nanoseconds) for simulated
 * times mapped onto a wall-clock epoch. No `Date`: the calendar is computed.
 */
import type { Micros } from '../../sim/types.js';

const US_PER_SECOND = 1_000_000;
const US_PER_MINUTE = 60 * US_PER_SECOND;
const US_PER_HOUR = 60 * US_PER_MINUTE;

/**
 * Wall-clock instant (Unix seconds) that simulated time 0 stands for, when a
 * caller gives none: 2025-01-01T00:00:00Z. Only `Joined at` and JSON times use it.
 */
export const DEFAULT_EPOCH_UNIX_SECONDS = 1_735_689_600;

/** go-units `HumanDuration`: `Less than a second`, `5 seconds`, `About a minute`, `3 months`, … */
export function humanDuration(d: Micros | number): string {
  const seconds = Math.trunc(d / US_PER_SECOND);
  const minutes = Math.trunc(d / US_PER_MINUTE);
  // int(d.Hours() + 0.5): rounded hours (truncation toward zero of a positive value).
  const hours = Math.trunc(d / US_PER_HOUR + 0.5);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(d / US_PER_HOUR) / 24 / 365)} years`;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/**
 * Go `%.4g` of the exact rational `num / den` (> 0, below 10^4 after scaling):
 * four significant digits, round half to even, trailing zeros dropped.
 */
function formatG4(num: bigint, den: bigint): string {
  let exponent = 0;
  while (num >= den * 10n ** BigInt(exponent + 1)) exponent++;
  while (num < den * 10n ** BigInt(exponent)) exponent--;
  const shift = 3 - exponent;
  const scaledNum = shift >= 0 ? num * 10n ** BigInt(shift) : num;
  const scaledDen = shift >= 0 ? den : den * 10n ** BigInt(-shift);
  let digits = scaledNum / scaledDen;
  const remainder2 = (scaledNum % scaledDen) * 2n;
  if (remainder2 > scaledDen || (remainder2 === scaledDen && digits % 2n === 1n)) digits += 1n;
  if (digits === 10000n) {
    digits = 1000n;
    exponent += 1;
  }
  if (exponent >= 4) {
    const mantissa = digits.toString();
    const frac = mantissa.slice(1).replace(/0+$/, '');
    return `${mantissa[0]}${frac === '' ? '' : `.${frac}`}e+${exponent.toString().padStart(2, '0')}`;
  }
  const text = digits.toString();
  const pointAt = exponent + 1;
  const whole = pointAt > 0 ? text.slice(0, pointAt) : '0';
  const fraction = (pointAt > 0 ? text.slice(pointAt) : '0'.repeat(-pointAt) + text).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** go-units `BytesSize`: base 1024, `%.4g` + unit (`20MiB`, `7.667GiB`, `512B`). */
export function bytesSize(bytes: number): string {
  if (bytes === 0) return '0B';
  let unit = 0;
  let den = 1n;
  const num = BigInt(bytes);
  while (num >= den * 1024n && unit < BINARY_UNITS.length - 1) {
    den *= 1024n;
    unit++;
  }
  return `${formatG4(num, den)}${BINARY_UNITS[unit]}`;
}

/** docker formatter `PrettyPrint` of a string: first letter upper, the rest lower-cased. */
export function prettyPrint(text: string): string {
  if (text.length <= 1) return text.toLowerCase();
  return text[0]?.toUpperCase() + text.slice(1).toLowerCase();
}

interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Days since 1970-01-01 → proleptic Gregorian date (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): Civil {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function two(n: number): string {
  return n.toString().padStart(2, '0');
}

interface WallParts {
  readonly date: string;
  readonly clock: string;
  /** `.123456` with trailing zeros dropped, '' when whole seconds (Go's `.999999999`). */
  readonly fraction: string;
}

function wallParts(simTime: Micros | number, epochUnixSeconds: number): WallParts {
  const totalUs = epochUnixSeconds * US_PER_SECOND + simTime;
  const totalSeconds = Math.floor(totalUs / US_PER_SECOND);
  const us = totalUs - totalSeconds * US_PER_SECOND;
  const days = Math.floor(totalSeconds / 86_400);
  const secondOfDay = totalSeconds - days * 86_400;
  const { year, month, day } = civilFromDays(days);
  const clock = `${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor((secondOfDay % 3600) / 60))}:${two(secondOfDay % 60)}`;
  const fractionDigits = us === 0 ? '' : us.toString().padStart(6, '0').replace(/0+$/, '');
  return { date: `${year.toString().padStart(4, '0')}-${two(month)}-${two(day)}`, clock, fraction: fractionDigits === '' ? '' : `.${fractionDigits}` };
}

/** Go `time.Time.String()` in UTC: `2025-01-01 00:00:05.25 +0000 UTC`. */
export function goTimeString(simTime: Micros | number, epochUnixSeconds = DEFAULT_EPOCH_UNIX_SECONDS): string {
  const parts = wallParts(simTime, epochUnixSeconds);
  return `${parts.date} ${parts.clock}${parts.fraction} +0000 UTC`;
}

/** Go `time.Time` JSON (RFC 3339 with up to nanoseconds) in UTC: `2025-01-01T00:00:05.25Z`. */
export function goTimeJson(simTime: Micros | number, epochUnixSeconds = DEFAULT_EPOCH_UNIX_SECONDS): string {
  const parts = wallParts(simTime, epochUnixSeconds);
  return `${parts.date}T${parts.clock}${parts.fraction}Z`;
}
