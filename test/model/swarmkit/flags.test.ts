/**
 * pflag as swarmctl uses it: flag forms, errors, and `FlagUsages` alignment
 * (usages start two columns after the longest `  -x, --name type`, sorted by
 * name, non-zero defaults appended; swarmctl-and-docker-ps.md §2.2).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FlagDef, flagUsages, parseFlags } from '../../../src/model/swarmkit/flags.js';

const FLAGS: readonly FlagDef[] = [
  { name: 'quiet', shorthand: 'q', type: 'bool', defValue: 'false', usage: 'Only display IDs' },
  { name: 'all', shorthand: 'a', type: 'bool', defValue: 'false', usage: 'Show all' },
  { name: 'socket', shorthand: 's', type: 'string', defValue: '/var/run/swarmd.sock', usage: 'Socket' },
  { name: 'replicas', type: 'uint', defValue: '1', usage: 'number of replicas' },
  { name: 'env', type: 'strings', defValue: '[]', usage: 'container env' },
];

describe('parseFlags', () => {
  it('reads every form pflag accepts, flags anywhere among the arguments', () => {
    const parsed = parseFlags(['-qa', 'x', '--socket=/a', '--replicas', '3', '-s', '/b', '--env', 'A=1,B=2', '--env=C=3', 'y', '--', '-q'], FLAGS);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.fromEntries(parsed.value.changed)).toEqual({ quiet: true, all: true, socket: '/b', replicas: 3, env: ['A=1', 'B=2', 'C=3'] });
    expect(parsed.value.args).toEqual(['x', 'y', '-q']);
  });

  it.each([
    [['--nope'], 'unknown flag: --nope'],
    [['-x'], "unknown shorthand flag: 'x' in -x"],
    [['--socket'], 'flag needs an argument: --socket'],
    [['-s'], "flag needs an argument: 's' in -s"],
    [['--replicas', 'three'], 'invalid argument "three" for "--replicas" flag: strconv.ParseUint: parsing "three": invalid syntax'],
    [['--quiet=maybe'], 'invalid argument "maybe" for "--quiet" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
  ])('%j → %s', (words, message) => {
    expect(parseFlags(words, FLAGS)).toEqual({ ok: false, message });
  });

  it('never takes a word that is not a flag for one (property)', () => {
    const plain = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    fc.assert(
      fc.property(fc.array(plain, { maxLength: 6 }), (words) => {
        const parsed = parseFlags(words, FLAGS);
        expect(parsed.ok && parsed.value.args).toEqual(words);
      }),
      { seed: 4242, numRuns: 100 },
    );
  });
});

describe('flagUsages', () => {
  it('sorts by name and aligns usages after the longest flag column', () => {
    expect(flagUsages(FLAGS)).toBe(
      [
        '  -a, --all             Show all',
        '      --env strings     container env',
        '  -q, --quiet           Only display IDs',
        '      --replicas uint   number of replicas (default 1)',
        '  -s, --socket string   Socket (default "/var/run/swarmd.sock")',
      ].join('\n'),
    );
  });
});
