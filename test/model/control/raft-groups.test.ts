/** RaftChecks keeps one history per Raft group: terms and indexes of different swarms never meet. */
import { describe, expect, it } from 'vitest';
import { type GroupedView, RaftChecks } from '../../../src/model/raft-host/checks.js';

function view(id: string, role: 'leader' | 'follower', term: number, voters: string[]): GroupedView {
  const snapshot = { index: 0, term: 0, voters, data: '' };
  return { id, role, term, vote: id, voters, log: { base: { index: 0, term: 0 }, snapshot, entries: [], committed: 0 } } as unknown as GroupedView;
}

describe('RaftChecks groups members by Raft group', () => {
  it('two leaders of one term in one group is a violation', () => {
    const checks = new RaftChecks(true);
    checks.afterEvent([view('manager-1', 'leader', 2, ['manager-1', 'manager-2'])]);
    checks.markDirty();
    checks.afterEvent([view('manager-2', 'leader', 2, ['manager-1', 'manager-2'])]);
    expect([...checks.current.keys()]).toContain('electionSafety');
  });

  it('leaders of the same term in two groups (a new init after leave) are not', () => {
    const checks = new RaftChecks(true);
    checks.afterEvent([view('manager-1', 'leader', 2, ['manager-1'])]);
    checks.markDirty();
    checks.afterEvent([view('manager-1#2', 'leader', 2, ['manager-1#2'])]);
    expect([...checks.current.entries()]).toEqual([]);
    expect(checks.groupOf('manager-2', ['manager-1#2', 'manager-2'])).toBe('manager-1#2');
    expect(checks.groupOf('manager-3', [])).toBeUndefined();
  });
});
