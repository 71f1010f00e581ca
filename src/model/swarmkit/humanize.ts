/**
 * go-humanize as swarmctl prints times and sizes (swarmctl-and-docker-ps.md
 * §7.2, §7.3): `Time(t)` = `now`, `1 second ago`, `5 minutes ago`, `1 hour
 * ago`…, never mixed with docker's go-units durations; `IBytes` = `7.8 GiB`.
 */
const US_PER_SECOND = 1_000_000;
const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 12 * MONTH;
const LONG_TIME = 37 * YEAR;

/** [bound in seconds (exclusive), text, divisor (0 = fixed text)] in go-humanize's `defaultMagnitudes` order. */
const MAGNITUDES: readonly (readonly [number, string, number])[] = [
  [1, 'now', 0],
  [2, '1 second %s', 0],
  [MINUTE, '%d seconds %s', 1],
  [2 * MINUTE, '1 minute %s', 0],
  [HOUR, '%d minutes %s', MINUTE],
  [2 * HOUR, '1 hour %s', 0],
  [DAY, '%d hours %s', HOUR],
  [2 * DAY, '1 day %s', 0],
  [WEEK, '%d days %s', DAY],
  [2 * WEEK, '1 week %s', 0],
  [MONTH, '%d weeks %s', WEEK],
  [2 * MONTH, '1 month %s', 0],
  [YEAR, '%d months %s', MONTH],
  [18 * MONTH, '1 year %s', 0],
  [2 * YEAR, '2 years %s', 0],
  [LONG_TIME, '%d years %s', YEAR],
];

/** go-humanize `Time(then)` seen at `now` (both simulated microseconds). */
export function humanizeTime(thenUs: number, nowUs: number): string {
  const label = nowUs >= thenUs ? 'ago' : 'from now';
  const diffSeconds = Math.trunc(Math.abs(nowUs - thenUs) / US_PER_SECOND);
  for (const [bound, format, divisor] of MAGNITUDES) {
    if (diffSeconds >= bound) continue;
    const n = divisor === 0 ? 0 : Math.trunc(diffSeconds / divisor);
    return format.replace('%d', String(n)).replace('%s', label);
  }
  return 'a long while ago';
}

const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** go-humanize `IBytes`: `<10` ⇒ `N B`; else one decimal below 10, none above, a space, then the unit. */
export function iBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const exponent = Math.floor(Math.log(bytes) / Math.log(1024));
  const value = Math.round((bytes / 1024 ** exponent) * 10) / 10;
  const text = value < 10 ? value.toFixed(1) : value.toFixed(0);
  return `${text} ${IEC_UNITS[exponent] ?? 'EiB'}`;
}

/** Go `time.Duration.String()` for whole microseconds (`5s`, `2160h0m0s`, `1.5s`, `0s`). */
export function goDuration(us: number): string {
  if (us === 0) return '0s';
  const negative = us < 0;
  let rest = Math.abs(us);
  if (rest < US_PER_SECOND) {
    const text = rest < 1000 ? `${rest}µs` : `${trimFraction(rest / 1000)}ms`;
    return negative ? `-${text}` : text;
  }
  const hours = Math.trunc(rest / (3600 * US_PER_SECOND));
  rest -= hours * 3600 * US_PER_SECOND;
  const minutes = Math.trunc(rest / (60 * US_PER_SECOND));
  rest -= minutes * 60 * US_PER_SECOND;
  const seconds = `${trimFraction(rest / US_PER_SECOND)}s`;
  const text = hours > 0 ? `${hours}h${minutes}m${seconds}` : minutes > 0 ? `${minutes}m${seconds}` : seconds;
  return negative ? `-${text}` : text;
}

function trimFraction(value: number): string {
  return value.toFixed(6).replace(/\.?0+$/, '');
}

/** Go `time.ParseDuration` for the units a user types (`ns` to `h`, decimals, several parts). */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const unitUs: Record<string, number> = { ns: 0.001, us: 1, µs: 1, ms: 1000, s: US_PER_SECOND, m: 60 * US_PER_SECOND, h: 3600 * US_PER_SECOND };
  const body = text.replace(/^[+-]/, '');
  if (body === '' || !/^(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/.test(body)) return undefined;
  let total = 0;
  for (const match of body.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(match[1]) * (unitUs[match[2] as string] ?? 0);
  return Math.round(text.startsWith('-') ? -total : total);
}
