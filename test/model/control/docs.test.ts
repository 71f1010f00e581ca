/** docs/control-plane.md keeps up with the code: every shipped swarm scenario and every control test file is described. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const doc = readFileSync(new URL('docs/control-plane.md', root), 'utf8');

describe('docs/control-plane.md', () => {
  it.each(readdirSync(new URL('scenarios/swarm/', root)).filter((f) => f.endsWith('.yaml')))('lists the shipped scenario %s', (file) => {
    expect(doc).toContain(`| \`${file}\` |`);
  });

  it.each(readdirSync(new URL('test/model/control/', root)).filter((f) => f.endsWith('.test.ts')))('describes the test file %s', (file) => {
    expect(doc).toContain(`\`${file}\``);
  });

  it.each([
    ['replies on the caller connection', 'RPC_REPLY_PORT'],
    ['joins reusing one node', 'idempotent per join'],
    ['the no-leader rule at entry only', 'rule is not looked at again'],
    ['init validation', '`swarm init` validation'],
    ['node inspect with misses', '`node inspect`** with some refs missing'],
    ['the dial-back failure', 'could not connect to prospective new cluster member'],
    ['the Reachable check', "against the leader's raw transport view"],
  ])('covers %s', (_what, text) => {
    expect(doc).toContain(text);
  });
});
