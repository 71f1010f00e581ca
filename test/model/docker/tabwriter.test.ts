/**
 * The tabwriter against known Go outputs: the flag-0 cases of docker/cli's
 * copy of Go's tabwriter tests (`cli/command/formatter/tabwriter/tabwriter_test.go`,
 * extracted to __fixtures__/go-tabwriter-cases.json), and two of docker/cli's
 * own table goldens (`node/testdata/node-list-sort.golden`, `node-ps.with-errors.golden`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { renderTable, tabwrite } from '../../../src/model/docker/tabwriter.js';

interface GoCase {
  name: string;
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar: string;
  src: string;
  expected: string;
}

const cases = JSON.parse(readFileSync(new URL('./__fixtures__/go-tabwriter-cases.json', import.meta.url), 'utf8')) as GoCase[];

describe('Go tabwriter test table (flags 0)', () => {
  test('the table was extracted', () => expect(cases.length).toBeGreaterThan(20));
  test.each(cases.map((c) => [c.name, c] as const))('case %s', (_name, c) => {
    expect(tabwrite(c.src, { minwidth: c.minwidth, tabwidth: c.tabwidth, padding: c.padding, padchar: c.padchar })).toBe(c.expected);
  });
});

describe('docker table goldens', () => {
  test('node-list-sort.golden (cells of different widths, empty MANAGER STATUS cell)', () => {
    const text = renderTable([
      ['ID  ', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'ENGINE VERSION'],
      ['nodeID3  ', 'node-1-foo', 'Ready', 'Active', '', '1.13.0'],
      ['nodeID1 *', 'node-2-foo', 'Ready', 'Active', 'Leader', '.'],
      ['nodeID2  ', 'node-10-foo', 'Ready', 'Active', 'Reachable', '18.03.0-ce'],
    ]);
    expect(text).toBe(
      'ID          HOSTNAME      STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n' +
        'nodeID3     node-1-foo    Ready     Active                          1.13.0\n' +
        'nodeID1 *   node-2-foo    Ready     Active         Leader           .\n' +
        'nodeID2     node-10-foo   Ready     Active         Reachable        18.03.0-ce\n',
    );
  });

  test('node-ps.with-errors.golden (empty trailing cell keeps the padding before it)', () => {
    const row = (id: string, name: string, age: string): string[] => [id, name, 'myimage:mytag', 'defaultNodeName', 'Ready', `Ready ${age}`, '"a task error"', ''];
    const text = renderTable([
      ['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'],
      row('taskID1', 'failure.1', '2 hours ago'),
      row('taskID2', ' \\_ failure.1', '3 hours ago'),
      row('taskID3', ' \\_ failure.1', '4 hours ago'),
    ]);
    expect(text).toBe(
      'ID        NAME            IMAGE           NODE              DESIRED STATE   CURRENT STATE       ERROR            PORTS\n' +
        'taskID1   failure.1       myimage:mytag   defaultNodeName   Ready           Ready 2 hours ago   "a task error"   \n' +
        'taskID2    \\_ failure.1   myimage:mytag   defaultNodeName   Ready           Ready 3 hours ago   "a task error"   \n' +
        'taskID3    \\_ failure.1   myimage:mytag   defaultNodeName   Ready           Ready 4 hours ago   "a task error"   \n',
    );
  });

  test('column blocks: a line with fewer cells splits a column into blocks', () => {
    const text = tabwrite('a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n', { minwidth: 0, tabwidth: 0, padding: 1, padchar: '.' });
    expect(text).toBe('a....b..c\naa...bb.cc\naaa..\naaaa.dddd.eeee\n');
  });

  test('minwidth 10 and padding 3: a short column is still 10 wide', () => {
    expect(renderTable([['ID', 'X'], ['abc', 'Y']])).toBe('ID        X\nabc       Y\n');
  });
});
