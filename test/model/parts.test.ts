import { describe, expect, it } from 'vitest';
import { swarmModel } from '../../src/model/index.js';
import { mergeParts } from '../../src/model/parts/part.js';

describe('model parts', () => {
  it('merges the words of several parts', () => {
    const view = { description: 'v', render: () => 'x' };
    const invariant = { name: 'i', description: 'd', check: () => undefined };
    const merged = mergeParts([{ views: { a: view } }, { views: { b: view }, invariants: [invariant] }]);
    expect(Object.keys(merged.views)).toEqual(['a', 'b']);
    expect(merged.invariants.map((i) => i.name)).toEqual(['i']);
  });

  it('refuses a word registered twice', () => {
    const view = { description: 'v', render: () => 'x' };
    expect(() => mergeParts([{ views: { a: view } }, { views: { a: view } }])).toThrow("view 'a' registered twice");
    const invariant = { name: 'i', description: 'd', check: () => undefined };
    expect(() => mergeParts([{ invariants: [invariant] }, { invariants: [invariant] }])).toThrow("invariant 'i' registered twice");
  });

  it('keeps the core words of the swarm model', () => {
    expect(Object.keys(swarmModel.expectations)).toEqual(expect.arrayContaining(['leader', 'docker', 'node', 'tasks']));
    expect(Object.keys(swarmModel.views)).toEqual(expect.arrayContaining(['raft', 'nodes']));
  });
});
