/**
 * The decision tree of placement preferences (`swarmkit manager/scheduler/
 * nodeset.go#tree`, `decision_tree.go`; swarm-services.md §9.4).
 *
 * Each `spread=node.labels.X` / `spread=engine.labels.X` preference is one
 * level; a node without the label goes under the value ''. Other descriptors
 * are skipped, as SwarmKit does. Every level counts the service's active
 * tasks of all its nodes (including nodes that fail the filters). A leaf keeps
 * at most `maxAssignments` nodes that pass the pipeline, the best ones, as
 * SwarmKit's bounded max-heap does: while the leaf has room a passing node is
 * added; once full, a node is run through the pipeline only when it is
 * strictly better (`nodeLess`) than the leaf's worst, which it replaces.
 *
 * Go iterates its node map and its branch map in random order; we walk nodes
 * by ID and branches by value (code-unit order). docs/scheduling.md.
 */
import { compareStrings } from '../../sim/order.js';
import type { PlacementPreference } from '../store/objects.js';
import { ENGINE_LABEL_PREFIX, NODE_LABEL_PREFIX, equalFold } from './constraints.js';
import { type NodeInfo, activeCountOf } from './node-info.js';
import type { NodeLess } from './ranking.js';

export interface DecisionTree {
  /** Active tasks of the service under this subtree, counted when the tree was built. */
  tasks: number;
  /** Branches by label value, sorted by value; undefined at a leaf. */
  next: Map<string, DecisionTree> | undefined;
  /** Leaf: the kept nodes, best first. */
  nodes: NodeInfo[];
  /** Leaf: set once its nodes have been handed out (a revisit re-filters them). */
  visited: boolean;
}

function emptyTree(): DecisionTree {
  return { tasks: 0, next: undefined, nodes: [], visited: false };
}

function hasPrefixFold(text: string, prefix: string): boolean {
  return text.length > prefix.length && equalFold(text.slice(0, prefix.length), prefix);
}

/** The label value a spread descriptor reads from a node; undefined: descriptor not supported (skipped). */
export function spreadValue(descriptor: string, info: NodeInfo): string | undefined {
  if (hasPrefixFold(descriptor, NODE_LABEL_PREFIX)) {
    return info.node.spec.labels[descriptor.slice(NODE_LABEL_PREFIX.length)] ?? '';
  }
  if (hasPrefixFold(descriptor, ENGINE_LABEL_PREFIX)) {
    return info.node.description?.engine.labels[descriptor.slice(ENGINE_LABEL_PREFIX.length)] ?? '';
  }
  return undefined;
}

export interface TreeOptions {
  readonly serviceId: string;
  readonly preferences: readonly PlacementPreference[];
  readonly maxAssignments: number;
  readonly meetsConstraints: (info: NodeInfo) => boolean;
  readonly nodeLess: NodeLess;
  readonly compareNodes: (a: NodeInfo, b: NodeInfo) => number;
}

function insertSorted(nodes: NodeInfo[], info: NodeInfo, compare: (a: NodeInfo, b: NodeInfo) => number): void {
  let at = nodes.length;
  while (at > 0 && compare(info, nodes[at - 1] as NodeInfo) < 0) at--;
  nodes.splice(at, 0, info);
}

function keepInLeaf(leaf: DecisionTree, info: NodeInfo, options: TreeOptions): void {
  if (leaf.nodes.length < options.maxAssignments) {
    if (options.meetsConstraints(info)) insertSorted(leaf.nodes, info, options.compareNodes);
    return;
  }
  const worst = leaf.nodes[leaf.nodes.length - 1];
  if (worst !== undefined && options.nodeLess(info, worst) && options.meetsConstraints(info)) {
    leaf.nodes.pop();
    insertSorted(leaf.nodes, info, options.compareNodes);
  }
}

function sortBranches(tree: DecisionTree): void {
  if (!tree.next) return;
  const sorted = [...tree.next.entries()].sort(([a], [b]) => compareStrings(a, b));
  tree.next = new Map(sorted);
  for (const [, child] of sorted) sortBranches(child);
}

/** Build the tree over `infos` (already sorted by node ID). */
export function buildTree(infos: readonly NodeInfo[], options: TreeOptions): DecisionTree {
  const root = emptyTree();
  if (options.maxAssignments === 0) return root;
  for (const info of infos) {
    const count = activeCountOf(info, options.serviceId);
    let tree = root;
    for (const preference of options.preferences) {
      const value = spreadValue(preference.spread, info);
      if (value === undefined) continue;
      tree.tasks += count;
      tree.next ??= new Map();
      let child = tree.next.get(value);
      if (!child) {
        child = emptyTree();
        tree.next.set(value, child);
      }
      tree = child;
    }
    tree.tasks += count;
    keepInLeaf(tree, info, options);
  }
  sortBranches(root);
  return root;
}

/**
 * `decision_tree.go#orderedNodes`: the leaf's nodes best first. On a revisit
 * the nodes are run through the pipeline again (their counts changed) and the
 * failing ones dropped.
 */
export function orderedNodes(
  leaf: DecisionTree,
  meetsConstraints: (info: NodeInfo) => boolean,
  compareNodes: (a: NodeInfo, b: NodeInfo) => number,
): NodeInfo[] {
  if (leaf.visited) {
    // Same walk as Go's: a failing node is replaced by the last one, which is checked next.
    const nodes = leaf.nodes;
    for (let i = 0; i < nodes.length; ) {
      if (meetsConstraints(nodes[i] as NodeInfo)) {
        i++;
      } else {
        nodes[i] = nodes[nodes.length - 1] as NodeInfo;
        nodes.pop();
      }
    }
  }
  leaf.visited = true;
  leaf.nodes.sort(compareNodes);
  return leaf.nodes;
}
