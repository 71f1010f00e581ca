/**
 * Value parsing and printing: Go ParseDuration / Duration.String (docker-cli.md §8),
 * go-units HumanDuration (swarmctl-and-docker-ps.md §7.1) and BytesSize (§7.3),
 * PrettyPrint, the tokenizer (round-trip property), the daemon-side checks.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatGoDuration, GoValueError, parseGoDuration, parseGoInt } from '../../../src/model/docker/goValues.js';
import { bytesSize, goTimeString, humanDuration, prettyPrint } from '../../../src/model/docker/humanize.js';
import { joinWords, tokenize } from '../../../src/model/docker/tokenize.js';
import { applyNodeUpdate, filterNodes, nodeListFilter, parseJoinToken, resolveNodeRef } from '../../../src/model/docker/validate.js';
import { ALL_NODES, CLUSTER, MANAGER_1, WORKER_1 } from './fixtures.js';

const S = 1_000_000;

describe('Go durations', () => {
  test.each([
    ['0', 0n],
    ['5s', 5_000_000_000n],
    ['1m30s', 90_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['500ms', 500_000_000n],
    ['-5s', -5_000_000_000n],
    ['+.5s', 500_000_000n],
    ['10\u00b5s', 10_000n],
    ['1h2m3s4ms5us6ns', 3_723_004_005_006n],
  ])('parse %s', (text, ns) => expect(parseGoDuration(text)).toBe(ns));

  test.each([
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['5', 'time: missing unit in duration "5"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['.s', 'time: invalid duration ".s"'],
    ['9999999999h', 'time: invalid duration "9999999999h"'],
  ])('error %j', (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(new GoValueError(message));
  });

  test.each([
    [0n, '0s'],
    [5_000_000_000n, '5s'],
    [90_000_000_000n, '1m30s'],
    [300_000_000_000n, '5m0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [7_776_000_000_000_000n, '2160h0m0s'],
    [1_500_000_000n, '1.5s'],
    [500_000_000n, '500ms'],
    [1_500_000n, '1.5ms'],
    [250_000n, '250\u00b5s'],
    [10n, '10ns'],
    [-5_000_000_000n, '-5s'],
  ])('String %s', (ns, text) => expect(formatGoDuration(ns)).toBe(text));

  test('int base 0 and range', () => {
    expect(parseGoInt('0x10', 64)).toBe(16n);
    expect(parseGoInt('010', 64)).toBe(8n);
    expect(() => parseGoInt('9223372036854775808', 64)).toThrow('strconv.ParseInt: parsing "9223372036854775808": value out of range');
  });
});

describe('go-units', () => {
  test.each([
    [0, 'Less than a second'],
    [999_999, 'Less than a second'],
    [S, '1 second'],
    [5 * S, '5 seconds'],
    [59 * S, '59 seconds'],
    [60 * S, 'About a minute'],
    [119 * S, 'About a minute'],
    [120 * S, '2 minutes'],
    [3599 * S, '59 minutes'],
    [3600 * S, 'About an hour'],
    [5399 * S, 'About an hour'],
    [5400 * S, '2 hours'],
    [47 * 3600 * S, '47 hours'],
    [48 * 3600 * S, '2 days'],
    [14 * 86400 * S, '2 weeks'],
    [90 * 86400 * S, '3 months'],
    [730 * 86400 * S, '2 years'],
  ])('HumanDuration(%i us)', (us, text) => expect(humanDuration(us)).toBe(text));

  test.each([
    [512, '512B'],
    [20 * 1024 * 1024, '20MiB'],
    [8_232_873_984, '7.667GiB'],
    [1536, '1.5KiB'],
    [1_048_575, '1024KiB'],
    [102_656, '100.2KiB'], // 100.25 KiB exactly: Go rounds half to even
  ])('BytesSize(%i)', (bytes, text) => expect(bytesSize(bytes)).toBe(text));

  test('PrettyPrint and Go time', () => {
    expect(prettyPrint('heartbeat failure')).toBe('Heartbeat failure');
    expect(prettyPrint('READY')).toBe('Ready');
    expect(prettyPrint('')).toBe('');
    expect(goTimeString(0, 1_257_894_000)).toBe('2009-11-10 23:00:00 +0000 UTC');
    expect(goTimeString(123_456, 951_782_400)).toBe('2000-02-29 00:00:00.123456 +0000 UTC');
  });
});

describe('tokenizer', () => {
  test('quotes and escapes', () => {
    expect(tokenize(`docker node update --label-add "a=b c" 'x y'\\ z ""`)).toEqual({ ok: true, words: ['docker', 'node', 'update', '--label-add', 'a=b c', 'x y z', ''] });
    expect(tokenize('say "a \\"q\\" \\$ \\n"')).toEqual({ ok: true, words: ['say', 'a "q" $ \\n'] });
    expect(tokenize("a 'b")).toEqual({ ok: false, error: { kind: 'tokenize', message: 'unterminated single quote', column: 3 } });
    expect(tokenize('a\\')).toMatchObject({ ok: false });
  });

  test('property: joinWords then tokenize gives the words back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ' ', "'", '"', '\\', '$', '\t', 'é', '=', '-', '\n') }), { maxLength: 8 }), (words) => {
        expect(tokenize(joinWords(words))).toEqual({ ok: true, words });
      }),
    );
  });
});

describe('daemon-side checks', () => {
  test('node reference: full ID, hostname, prefix, ambiguous, missing', () => {
    expect(resolveNodeRef(ALL_NODES, MANAGER_1.id)).toMatchObject({ ok: true, value: { id: MANAGER_1.id } });
    expect(resolveNodeRef(ALL_NODES, 'worker-1')).toMatchObject({ ok: true, value: { id: WORKER_1.id } });
    expect(resolveNodeRef(ALL_NODES, 'b2d')).toMatchObject({ ok: true, value: { id: WORKER_1.id } });
    const ambiguous = resolveNodeRef([...ALL_NODES, { ...WORKER_1, id: 'b2zzzzzzzzzzzzzzzzzzzzzzz' }], 'b2');
    expect(ambiguous).toMatchObject({ ok: false, error: { stderr: 'Error response from daemon: node b2 is ambiguous (2 matches found)\n' } });
    expect(resolveNodeRef(ALL_NODES, 'self')).toMatchObject({ ok: false, error: { stderr: 'Error response from daemon: node self not found\n' } });
  });

  test('node ls filters', () => {
    const managers = nodeListFilter([{ key: 'role', value: 'manager' }]);
    if (!managers.ok) throw new Error('filter');
    expect(filterNodes(ALL_NODES, managers.value).map((node) => node.description?.hostname)).toEqual(['manager-1', 'manager-2', 'manager-10']);
    const byLabel = nodeListFilter([{ key: 'node.label', value: 'zone=a' }, { key: 'name', value: 'worker' }]);
    if (!byLabel.ok) throw new Error('filter');
    expect(filterNodes(ALL_NODES, byLabel.value).map((node) => node.id)).toEqual([WORKER_1.id]);
    expect(nodeListFilter([{ key: 'colour', value: 'x' }])).toMatchObject({ ok: false, error: { stderr: "Error response from daemon: invalid filter 'colour'\n" } });
    expect(nodeListFilter([{ key: 'role', value: 'boss' }])).toMatchObject({ ok: false, error: { stderr: "Error response from daemon: Invalid role filter: 'boss'\n" } });
  });

  test('node update merge', () => {
    const request = { command: 'node update' as const, ref: 'worker-1', labelAdd: ['a=1'], labelRm: ['zone'], availability: 'Pause' };
    expect(applyNodeUpdate(WORKER_1.spec, request)).toEqual({ ok: true, value: { labels: { ssd: '', a: '1' }, role: 'worker', availability: 'pause' } });
    expect(applyNodeUpdate(WORKER_1.spec, { ...request, labelRm: ['nope'] })).toMatchObject({ ok: false, error: { stderr: "key nope doesn't exist in node's labels\n" } });
    expect(applyNodeUpdate(WORKER_1.spec, { ...request, role: 'boss' })).toMatchObject({ ok: false, error: { stderr: 'Error response from daemon: invalid Role: "boss"\n' } });
  });

  test('join token shape', () => {
    expect(parseJoinToken(CLUSTER.joinTokens.worker)).toEqual({ digest: CLUSTER.rootCaDigest, secret: '3n2vyq0dfxk5bx6t1m0nqz8e7' });
    expect(parseJoinToken('foobaz')).toBeNull();
  });
});
