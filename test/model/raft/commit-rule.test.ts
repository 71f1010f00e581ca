/**
 * Differential oracle for the commit rule (Raft §5.3, §5.4.2, Figure 8):
 * commit = max N such that a majority has matchIndex >= N and log[N].term ==
 * currentTerm, computed here the slow, obvious way and compared with
 * `commitIndexFor` on random match vectors and logs.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { commitIndexFor } from '../../../src/model/raft/index.js';

function naiveCommit(matchIndexes: readonly number[], terms: readonly number[], currentTerm: number, committed: number): number {
  for (let n = terms.length; n > committed; n -= 1) {
    const replicas = matchIndexes.filter((m) => m >= n).length;
    if (replicas * 2 > matchIndexes.length && terms[n - 1] === currentTerm) return n;
  }
  return committed;
}

const scenario = fc
  .record({
    steps: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 0, maxLength: 30 }),
    bump: fc.integer({ min: 0, max: 2 }),
    voters: fc.integer({ min: 1, max: 7 }),
    seedMatches: fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
    seedCommit: fc.nat(),
  })
  .map(({ steps, bump, voters, seedMatches, seedCommit }) => {
    // Terms along the log never decrease and never exceed the leader's term.
    const terms: number[] = [];
    let t = 1;
    for (const s of steps) terms.push((t += s));
    const currentTerm = t + bump;
    const last = terms.length;
    const matchIndexes = seedMatches.slice(0, voters).map((x) => x % (last + 1));
    const committed = seedCommit % (last + 1);
    return { terms, currentTerm, matchIndexes, committed };
  });

test.prop([scenario], { numRuns: 2000 })('commitIndexFor agrees with the naive rule', ({ terms, currentTerm, matchIndexes, committed }) => {
  const fast = commitIndexFor({ matchIndexes, committed, currentTerm, termAt: (i) => (i === 0 ? 0 : terms[i - 1]) });
  expect(fast).toBe(naiveCommit(matchIndexes, terms, currentTerm, committed));
});

test('an old-term entry on a majority is not committed by counting (Figure 8)', () => {
  const terms = [1, 2];
  const result = commitIndexFor({ matchIndexes: [2, 2, 1], committed: 1, currentTerm: 4, termAt: (i) => terms[i - 1] });
  expect(result).toBe(1);
});
