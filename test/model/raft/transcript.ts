/**
 * etcd-datadriven-style transcripts: a file of commands, each followed by
 * `----` and the output it produced. The runner re-executes the commands and
 * regenerates the whole file; the test compares it with the file on disk via
 * `toMatchFileSnapshot`, so `vitest -u` rewrites it (review the diff; never
 * hand-edit the output).
 *
 * Commands (node ids are small integers):
 *   add-nodes N [pre-vote] [no-check-quorum] [snapshot-interval=K] [keep=K]
 *                                  nodes 1..N in one group (voters 1..N)
 *   add-node ID                    a joining node with an empty configuration
 *   campaign ID | tick ID|all [xN] | run [xN] (tick all + stabilize, traces only)
 *     [max-entries=K]
 *   stabilize [quiet]              deliver until the queue is empty
 *   deliver N                      deliver the N oldest queued messages
 *   propose ID DATA | propose-conf ID add|remove NODE | transfer ID TO
 *   partition A B | C | cut FROM TO | heal | drop
 *   crash ID | restart ID | compact ID | status | log ID
 */
import { type Cluster as ClusterType, Cluster } from './harness.js';
import { describeEntry, describeSnapshot } from '../../../src/model/raft/index.js';

interface Block {
  readonly comments: string[];
  readonly command: string;
}

export function parseTranscript(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let comments: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    i += 1;
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      comments.push(line);
      continue;
    }
    blocks.push({ comments, command: line.trim() });
    comments = [];
    if (lines[i] === '----') {
      i += 1;
      while (i < lines.length && (lines[i] as string) !== '') i += 1;
    }
  }
  return blocks;
}

type Handler = (c: { cluster: ClusterType | undefined }, args: string[]) => string[] | void;

function times(args: string[]): number {
  const x = args.find((a) => /^x\d+$/.test(a));
  return x === undefined ? 1 : Number(x.slice(1));
}

function need(c: { cluster: ClusterType | undefined }): ClusterType {
  if (c.cluster === undefined) throw new Error('add-nodes first');
  return c.cluster;
}

const handlers: Record<string, Handler> = {
  'add-nodes': (c, args) => {
    const n = Number(args[0]);
    const opt = (key: string): number | undefined => {
      const a = args.find((x) => x.startsWith(`${key}=`));
      return a === undefined ? undefined : Number(a.slice(key.length + 1));
    };
    c.cluster = new Cluster({
      config: {
        preVote: args.includes('pre-vote'),
        checkQuorum: !args.includes('no-check-quorum'),
        ...(opt('snapshot-interval') !== undefined ? { snapshotInterval: opt('snapshot-interval') } : {}),
        ...(opt('keep') !== undefined ? { logEntriesForSlowFollowers: opt('keep') } : {}),
        ...(opt('max-entries') !== undefined ? { maxEntriesPerMessage: opt('max-entries') } : {}),
      },
    });
    const ids = Array.from({ length: n }, (_, k) => String(k + 1));
    for (const id of ids) c.cluster.add(id, ids);
  },
  'add-node': (c, args) => need(c).add(args[0] as string, []),
  campaign: (c, args) => need(c).campaign(args[0] as string),
  tick: (c, args) => {
    const cl = need(c);
    for (let k = 0; k < times(args); k += 1) {
      if (args[0] === 'all') cl.tickAll();
      else cl.tick(args[0] as string);
    }
  },
  run: (c, args) => {
    const cl = need(c);
    cl.verbose = false;
    for (let k = 0; k < times(args); k += 1) {
      cl.tickAll();
      cl.stabilize();
    }
    cl.verbose = true;
  },
  stabilize: (c, args) => {
    const cl = need(c);
    cl.verbose = !args.includes('quiet');
    cl.stabilize();
    cl.verbose = true;
  },
  deliver: (c, args) => {
    for (let k = 0; k < Number(args[0]); k += 1) need(c).deliverOne();
  },
  propose: (c, args) => {
    const r = need(c).propose(args[0] as string, args.slice(1).join(' '));
    return [r.kind === 'proposed' ? `proposed index=${r.index} term=${r.term}` : `dropped reason="${r.reason}" detail="${r.detail}"`];
  },
  'propose-conf': (c, args) => {
    const type = args[1] === 'add' ? 'add-node' : 'remove-node';
    const r = need(c).proposeConf(args[0] as string, { type, node: args[2] as string });
    return [r.kind === 'proposed' ? `proposed index=${r.index} term=${r.term}` : `dropped reason="${r.reason}" detail="${r.detail}"`];
  },
  transfer: (c, args) => need(c).transfer(args[0] as string, args[1] as string),
  partition: (c, args) => {
    const groups = args.join(' ').split('|').map((g) => g.trim().split(/\s+/).filter((x) => x !== ''));
    need(c).partition(groups);
  },
  cut: (c, args) => need(c).cut(args[0] as string, args[1] as string),
  heal: (c) => need(c).heal(),
  drop: (c) => [`dropped ${need(c).dropAll()} messages`],
  crash: (c, args) => need(c).crash(args[0] as string),
  restart: (c, args) => need(c).restart(args[0] as string),
  compact: (c, args) => need(c).compact(args[0] as string),
  status: (c) => need(c).statusLines(),
  log: (c, args) => {
    const s = need(c).stateOf(args[0] as string);
    return [describeSnapshot(s.log.snapshot), `first=${s.log.base.index + 1}`, ...s.log.entries.map(describeEntry)];
  },
};

export function runTranscript(text: string): string {
  const ctx: { cluster: ClusterType | undefined } = { cluster: undefined };
  const out: string[] = [];
  for (const block of parseTranscript(text)) {
    const [name, ...args] = block.command.split(/\s+/);
    const handler = handlers[name as string];
    if (handler === undefined) throw new Error(`unknown transcript command: ${block.command}`);
    const cluster = ctx.cluster;
    const mark = cluster?.output.length ?? 0;
    const extra = handler(ctx, args) ?? [];
    const produced = ctx.cluster === undefined ? [] : ctx.cluster.output.slice(ctx.cluster === cluster ? mark : 0);
    const lines = [...produced, ...extra];
    out.push(...block.comments, block.command, '----', ...(lines.length === 0 ? ['ok'] : lines), '');
  }
  return out.join('\n');
}
