/**
 * Constraint parsing and matching.
 * Sources: moby/swarmkit manager/constraint/constraint_test.go#TestParse, #TestMatch;
 * manager/constraint/constraint.go#Parse (error texts), #NodeMatches (keys);
 * swarm-services.md §9.5.
 */
import { describe, expect, it } from 'vitest';
import {
  constraintMatches,
  nodeMatches,
  parseConstraints,
  type Constraint,
} from '../../../src/model/scheduler/index.js';
import { node } from './fixtures.js';

function one(expression: string): Constraint {
  const parsed = parseConstraints([expression]);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.constraints[0] as Constraint;
}

describe('parse errors with SwarmKit texts (constraint_test.go#TestParse)', () => {
  const cases: [string, string, string][] = [
    ['empty string', '', 'constraint expected one operator from ==, !='],
    ['a space', ' ', 'constraint expected one operator from ==, !='],
    ['no operator', 'nodeabc', 'constraint expected one operator from ==, !='],
    ['incorrect operator', 'node ~ abc', 'constraint expected one operator from ==, !='],
    ['single = is not an operator', 'node.role=manager', 'constraint expected one operator from ==, !='],
    ['leading digit in key', '1node==a2', "key '1node' is invalid"],
    ['white space inside key', 'no de== node1', "key 'no de' is invalid"],
    ['* in key', 'no*de==node1', "key 'no*de' is invalid"],
    ['empty key', '==node1', "key '' is invalid"],
    ['one-letter key', 'a==b', "key 'a' is invalid"],
    ['empty value', 'node==', "value '' is invalid"],
    ['value only a space', 'node== ', "value '' is invalid"],
    ['$ in key', 'no$de==node1', "key 'no$de' is invalid"],
    ['< in value', 'node==a<b', "value 'a<b' is invalid"],
    ['!= splits after == is tried: key keeps the !', 'node.labels.a!=b==c', "key 'node.labels.a!=b' is invalid"],
    ['== in the value of a != is invalid as a value', 'a.b!=c==d', "key 'a.b!=c' is invalid"],
  ];
  for (const [what, expression, error] of cases) {
    it(`${what}: ${JSON.stringify(expression)} → ${error}`, () => {
      expect(parseConstraints([expression])).toEqual({ ok: false, error });
    });
  }

  it('the first bad expression wins', () => {
    expect(parseConstraints(['node.role==manager', 'x', '1==2'])).toEqual({
      ok: false,
      error: 'constraint expected one operator from ==, !=',
    });
  });

  const accepted: [string, string, string, string][] = [
    ['leading and trailing white space are ignored', ' node == node1', 'node', 'node1'],
    ['CAPS in key', 'NoDe==node1', 'NoDe', 'node1'],
    ['dot in key', 'no.de==node1', 'no.de', 'node1'],
    ['leading underscore', '_node==_node1', '_node', '_node1'],
    ['special characters in value', 'node==[a-b]+c*(n|b)/', 'node', '[a-b]+c*(n|b)/'],
    ['space in value', 'node==node 1', 'node', 'node 1'],
  ];
  for (const [what, expression, key, exp] of accepted) {
    it(`accepts (${what}): ${JSON.stringify(expression)}`, () => {
      expect(one(expression)).toMatchObject({ key, exp });
    });
  }
});

describe('matching (constraint_test.go#TestMatch)', () => {
  it('== is a whole-string case-insensitive match, != its negation', () => {
    const eq = one('node.name==foo');
    expect([constraintMatches(eq, 'foo'), constraintMatches(eq, 'fo'), constraintMatches(eq, 'fooE')]).toEqual([true, false, false]);
    const ne = one('node.name!=foo');
    expect([constraintMatches(ne, 'foo'), constraintMatches(ne, 'bar'), constraintMatches(ne, 'fooExtra')]).toEqual([false, true, true]);
  });

  it('no globbing: f*o only matches itself (any case)', () => {
    const glob = one('node.name==f*o');
    expect(constraintMatches(glob, 'fo')).toBe(false);
    expect(constraintMatches(glob, 'f*o')).toBe(true);
    expect(constraintMatches(glob, 'F*o')).toBe(true);
    expect(constraintMatches(glob, 'foo', 'fo', 'bar')).toBe(false);
    expect(constraintMatches(glob, 'foo', 'f*o', 'bar')).toBe(true);
  });

  it('special characters match literally', () => {
    const c = one('node.name==f.-$o');
    expect(constraintMatches(c, 'fa-$o')).toBe(false);
    expect(constraintMatches(c, 'f.-$o')).toBe(true);
  });
});

describe('node keys (constraint.go#NodeMatches)', () => {
  const n = node('abc123', {
    role: 'manager',
    hostname: 'Host-1',
    labels: { zone: 'east', Disk: 'ssd' },
    engineLabels: { storage: 'fast' },
    os: 'linux',
    arch: 'x86_64',
    addr: '192.168.1.7',
  });
  const cases: [string, boolean][] = [
    ['node.id==abc123', true],
    ['node.hostname==host-1', true],
    ['node.role==manager', true],
    ['node.role==MANAGER', true],
    ['node.role!=manager', false],
    ['node.role==worker', false],
    ['node.platform.os==linux', true],
    ['node.platform.arch==x86_64', true],
    ['node.platform.arch==amd64', false],
    ['node.labels.zone==east', true],
    ['NODE.LABELS.zone==EAST', true],
    ['node.labels.ZONE==east', false],
    ['node.labels.Disk==ssd', true],
    ['node.labels.missing!=x', true],
    ['node.labels.missing==x', false],
    ['engine.labels.storage==fast', true],
    ['engine.labels.other!=fast', true],
    ['node.ip==192.168.1.7', true],
    ['node.ip!=192.168.1.0/24', false],
    ['node.ip==10.0.0.0/8', false],
    ['node.ip==bogus', false],
    ['node.ip!=bogus', false],
    ['node.unknown==x', false],
    ['node.unknown!=x', false],
  ];
  for (const [expression, expected] of cases) {
    it(`${expression} → ${expected}`, () => {
      expect(nodeMatches([one(expression)], n)).toBe(expected);
    });
  }

  it('a node without description has hostname "" (== fails, != matches)', () => {
    const bare = node('x', { noDescription: true });
    expect(nodeMatches([one('node.hostname==x')], bare)).toBe(false);
    expect(nodeMatches([one('node.hostname!=x')], bare)).toBe(true);
  });
});
