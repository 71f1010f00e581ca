/**
 * go-humanize `Time` as swarmctl prints task ages (swarmctl-and-docker-ps.md
 * §7.2: first row whose bound exceeds the difference, N truncated, month = 30
 * days, year = 360 days) and Go's `Duration.String()` for cluster settings.
 */
import { describe, expect, it } from 'vitest';
import { goDuration, humanizeTime, iBytes, parseGoDuration } from '../../../src/model/swarmkit/humanize.js';

const S = 1_000_000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('humanizeTime (go-humanize Time)', () => {
  it.each([
    [0, 'now'],
    [S - 1, 'now'],
    [S, '1 second ago'],
    [2 * S - 1, '1 second ago'],
    [2 * S, '2 seconds ago'],
    [59 * S, '59 seconds ago'],
    [MIN, '1 minute ago'],
    [2 * MIN - 1, '1 minute ago'],
    [2 * MIN, '2 minutes ago'],
    [H, '1 hour ago'],
    [70 * MIN, '1 hour ago'],
    [2 * H, '2 hours ago'],
    [D, '1 day ago'],
    [6 * D, '6 days ago'],
    [7 * D, '1 week ago'],
    [14 * D, '2 weeks ago'],
    [30 * D, '1 month ago'],
    [60 * D, '2 months ago'],
    [360 * D, '1 year ago'],
    [540 * D, '2 years ago'],
    [720 * D, '2 years ago'],
    [37 * 360 * D, 'a long while ago'],
  ])('%i µs ago → %s', (diff, expected) => {
    expect(humanizeTime(1_000 * D, 1_000 * D + diff)).toBe(expected);
  });

  it('speaks of the future as "from now"', () => {
    expect(humanizeTime(10 * S, 0)).toBe('10 seconds from now');
  });
});

describe('Go durations and sizes', () => {
  it.each([
    [0, '0s'],
    [5 * S, '5s'],
    [1_500_000, '1.5s'],
    [90 * S, '1m30s'],
    [2160 * H, '2160h0m0s'],
    [250_000, '250ms'],
  ])('goDuration(%i) = %s', (us, text) => {
    expect(goDuration(us)).toBe(text);
  });

  it('parses what time.ParseDuration accepts and refuses the rest', () => {
    expect(parseGoDuration('10s')).toBe(10 * S);
    expect(parseGoDuration('1m30s')).toBe(90 * S);
    expect(parseGoDuration('1.5h')).toBe(90 * MIN);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('10')).toBeUndefined();
    expect(parseGoDuration('10x')).toBeUndefined();
    expect(parseGoDuration('')).toBeUndefined();
  });

  it('IBytes: a space, one decimal below 10', () => {
    expect(iBytes(9)).toBe('9 B');
    expect(iBytes(4 * 1024 ** 3)).toBe('4.0 GiB');
    expect(iBytes(7.8 * 1024 ** 3)).toBe('7.8 GiB');
    expect(iBytes(16 * 1024 ** 3)).toBe('16 GiB');
  });
});
