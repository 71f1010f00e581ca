/**
 * What a scenario can say about Raft: the `propose` step, the `leader`,
 * `term`, `committed`, `role` and `proposals` expectations, and the `raft` view.
 */
import { z } from 'zod';
import type { Evaluation, ExpectationKind, StepKind, View } from '../../sim/plugin.js';
import { parseDuration } from '../../sim/time.js';
import type { Micros } from '../../sim/types.js';
import type { Role } from '../raft/index.js';
import { durationText, nodeName } from '../schema-kit.js';
import type { SwarmWorld } from '../world.js';

const proposeSchema = z
  .object({
    propose: z
      .object({
        on: nodeName.optional().describe('The manager to propose on; default: whichever manager leads at that instant.'),
        count: z.number().int().min(1).max(1_000_000).default(1).describe('How many entries to propose.'),
        every: durationText.optional().describe('Time between proposals; default: all at once.'),
      })
      .strict(),
  })
  .strict();
type ProposeArgs = z.infer<typeof proposeSchema>;

export const proposeStep: StepKind<SwarmWorld, ProposeArgs> = {
  description: 'Propose entries through Raft, as store writes would.',
  schema: proposeSchema,
  nodeRefs: (args) => (args.propose.on === undefined ? [] : [args.propose.on]),
  start(world, args, ctx) {
    const { on, count } = args.propose;
    const every = args.propose.every === undefined ? 0 : parseDuration(args.propose.every);
    let made = 0;
    const next = (): void => {
      world.propose(on);
      made += 1;
      if (made >= count) ctx.done({ ok: true });
      else if (every === 0) next();
      else ctx.sim.schedule({ after: every as Micros, label: 'scenario/propose' }, next);
    };
    next();
  },
};

function roleWord(role: Role | undefined): string {
  if (role === undefined) return 'down';
  return role === 'preCandidate' ? 'pre-candidate' : role;
}

const leaderSchema = z
  .object({
    leader: z
      .union([nodeName, z.object({ not: nodeName }).strict()])
      .describe('The manager that leads (the leader of the highest term among live managers), `none`, or `{ not: <node> }`.'),
  })
  .strict();

export const leaderExpectation: ExpectationKind<SwarmWorld, z.infer<typeof leaderSchema>> = {
  description: 'Who leads the Raft group.',
  schema: leaderSchema,
  nodeRefs: (args) => {
    const name = typeof args.leader === 'string' ? args.leader : args.leader.not;
    return name === 'none' ? [] : [name];
  },
  evaluate(world, args): Evaluation {
    const leader = world.leader()?.id;
    const seen = leader === undefined ? 'no leader' : `leader ${leader}`;
    if (typeof args.leader === 'string') {
      if (args.leader === 'none') return { holds: leader === undefined, expected: 'no leader', seen };
      return { holds: leader === args.leader, expected: `leader ${args.leader}`, seen };
    }
    const not = args.leader.not;
    if (not === 'none') return { holds: leader !== undefined, expected: 'some leader', seen };
    return { holds: leader !== undefined && leader !== not, expected: `a leader other than ${not}`, seen };
  },
};

const termRange = z
  .object({ atLeast: z.number().int().min(0).optional(), atMost: z.number().int().min(0).optional() })
  .strict()
  .refine((r) => r.atLeast !== undefined || r.atMost !== undefined, { message: 'expected atLeast, atMost or both' });
const termSchema = z.object({ term: termRange.describe('The highest term among live managers is within these bounds.') }).strict();

export const termExpectation: ExpectationKind<SwarmWorld, z.infer<typeof termSchema>> = {
  description: 'How far the terms have advanced.',
  schema: termSchema,
  evaluate(world, args) {
    let term = 0;
    for (const host of world.managers) term = Math.max(term, host.raft?.term ?? 0);
    const { atLeast: low, atMost: high } = args.term;
    const expected = [low === undefined ? '' : `term >= ${low}`, high === undefined ? '' : `term <= ${high}`].filter(Boolean).join(' and ');
    return { holds: (low === undefined || term >= low) && (high === undefined || term <= high), expected, seen: `term ${term}` };
  },
};

const committedSchema = z
  .object({
    committed: z
      .object({ atLeast: z.number().int().min(0), on: nodeName.optional() })
      .strict()
      .describe("Commit index on `on`, or the highest commit index among live managers."),
  })
  .strict();

export const committedExpectation: ExpectationKind<SwarmWorld, z.infer<typeof committedSchema>> = {
  description: 'How far the log is committed.',
  schema: committedSchema,
  nodeRefs: (args) => (args.committed.on === undefined ? [] : [args.committed.on]),
  evaluate(world, args) {
    const { atLeast: want, on } = args.committed;
    const expected = `commit index >= ${want}${on === undefined ? '' : ` on ${on}`}`;
    if (on !== undefined) {
      const raft = world.manager(on)?.raft;
      const seen = raft === undefined ? `${on} is down or not a manager` : `commit index ${raft.log.committed} on ${on}`;
      return { holds: raft !== undefined && raft.log.committed >= want, expected, seen };
    }
    let best = 0;
    for (const host of world.managers) best = Math.max(best, host.raft?.log.committed ?? 0);
    return { holds: best >= want, expected, seen: `commit index ${best}` };
  },
};

const roleValue = z.enum(['follower', 'pre-candidate', 'candidate', 'leader', 'down']);
const roleSchema = z
  .object({ role: z.record(nodeName, roleValue).describe('Each named manager is in this role (`down` when crashed).') })
  .strict();

export const roleExpectation: ExpectationKind<SwarmWorld, z.infer<typeof roleSchema>> = {
  description: 'The Raft role of named managers.',
  schema: roleSchema,
  nodeRefs: (args) => Object.keys(args.role),
  evaluate(world, args) {
    const names = Object.keys(args.role).sort();
    const expected = names.map((n) => `${n} ${args.role[n]}`).join(', ');
    const seen = names.map((n) => `${n} ${roleWord(world.manager(n)?.raft?.role)}`).join(', ');
    return { holds: expected === seen, expected, seen };
  },
};

const proposalsSchema = z
  .object({
    proposals: z
      .object({ proposed: z.number().int().min(0).optional(), dropped: z.number().int().min(0).optional() })
      .strict()
      .describe('How many proposals so far were accepted by a leader and how many were dropped (exact counts).'),
  })
  .strict();

export const proposalsExpectation: ExpectationKind<SwarmWorld, z.infer<typeof proposalsSchema>> = {
  description: 'What happened to the proposals made so far.',
  schema: proposalsSchema,
  evaluate(world, args) {
    let proposed = 0;
    let dropped = 0;
    for (const p of world.proposals) {
      if (p.result.kind === 'proposed') proposed += 1;
      else dropped += 1;
    }
    const want = args.proposals;
    const parts: string[] = [];
    if (want.proposed !== undefined) parts.push(`${want.proposed} proposed`);
    if (want.dropped !== undefined) parts.push(`${want.dropped} dropped`);
    const holds = (want.proposed === undefined || want.proposed === proposed) && (want.dropped === undefined || want.dropped === dropped);
    return { holds, expected: parts.join(', ') || 'anything', seen: `${proposed} proposed, ${dropped} dropped` };
  },
};

function pad(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 2))).join('').trimEnd()).join('\n');
}

export const raftView: View<SwarmWorld> = {
  description: 'One row per manager: role, term, vote, commit, applied, last index, leader.',
  render(world) {
    const rows: string[][] = [['MANAGER', 'ROLE', 'TERM', 'VOTE', 'COMMIT', 'APPLIED', 'LAST', 'LEADER']];
    for (const host of world.managers) {
      const s = host.status();
      if (s === undefined) {
        rows.push([host.id, 'down', '', '', '', '', '', '']);
        continue;
      }
      rows.push([s.id, roleWord(s.role), String(s.term), s.vote ?? '-', String(s.commit), String(s.applied), String(s.lastIndex), s.leader ?? '-']);
    }
    return pad(rows);
  },
};
