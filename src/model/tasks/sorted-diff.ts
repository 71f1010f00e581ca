/**
 * The changes between two snapshots of the tasks, each sorted by ID, found
 * by comparing references: tasks are immutable, so a task that did not
 * change is the same object in both, and only the changed ones are read.
 * The leader's cores that keep an index across passes (scheduler, reaper)
 * use it instead of walking 20,000 tasks on every pass.
 */
import { compareStrings } from '../../sim/order.js';
import type { Task } from '../store/objects.js';

/** One change: `before` undefined = created, `after` undefined = gone, both = replaced. */
export type TaskChangeVisitor = (before: Task | undefined, after: Task | undefined) => void;

/**
 * Visit the changes from `prev` (strictly sorted by ID) to `next`, in ID
 * order. False when `next` is not strictly sorted by ID (the visits made are
 * then meaningless): every adjacent pair of `next` is either compared here
 * or is a pair of `prev`'s (unchanged references), so true proves it sorted.
 */
export function diffSortedTasks(prev: readonly Task[], next: readonly Task[], visit: TaskChangeVisitor): boolean {
  let i = 0;
  let j = 0;
  while (j < next.length) {
    const task = next[j] as Task;
    const old = prev[i];
    if (old === task) {
      i++;
      j++;
      continue;
    }
    if (j > 0 && compareStrings((next[j - 1] as Task).id, task.id) >= 0) return false;
    const order = old === undefined ? 1 : compareStrings(old.id, task.id);
    if (order < 0) {
      visit(old, undefined);
      i++;
    } else if (order > 0) {
      visit(undefined, task);
      j++;
    } else {
      visit(old, task);
      i++;
      j++;
    }
  }
  for (; i < prev.length; i++) visit(prev[i], undefined);
  return true;
}
