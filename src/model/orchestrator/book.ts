/**
 * A working copy of the tasks during one orchestrator step: every effect is
 * applied to it as it is emitted, so later decisions in the same step see
 * earlier ones (SwarmKit's restarts commit before its reconcile reads the
 * store). Local to one step; never escapes.
 */
import { compareStrings } from '../../sim/order.js';
import type { Task, TaskState } from '../store/objects.js';
import { withDesiredState } from '../tasks/task.js';
import type { OrchestratorEffect } from './effects.js';

export class TaskBook {
  /** Indexed on first use: most ticks never look (an index of 20,000 tasks per leader pass was a large part of the update benchmark). */
  private indexed: Map<string, Task> | undefined;
  readonly effects: OrchestratorEffect[] = [];

  constructor(private readonly initial: Iterable<Task>) {}

  private get tasks(): Map<string, Task> {
    if (this.indexed === undefined) {
      this.indexed = new Map<string, Task>();
      for (const task of this.initial) this.indexed.set(task.id, task);
    }
    return this.indexed;
  }

  get(id: string): Task | undefined {
    return this.tasks.get(id);
  }

  /** Tasks of a service, by ID. */
  ofService(serviceId: string): Task[] {
    return [...this.tasks.values()].filter((t) => t.serviceId === serviceId).sort((a, b) => compareStrings(a.id, b.id));
  }

  create(task: Task): void {
    this.tasks.set(task.id, task);
    this.effects.push({ kind: 'createTask', task });
  }

  /** Raise the desired state; no effect when it would not change or would go back. */
  setDesired(id: string, desiredState: TaskState): void {
    const task = this.tasks.get(id);
    if (!task) return;
    const next = withDesiredState(task, desiredState);
    if (next === task) return;
    this.tasks.set(id, next);
    this.effects.push({ kind: 'setDesiredState', taskId: id, desiredState });
  }

  delete(id: string): void {
    if (!this.tasks.delete(id)) return;
    this.effects.push({ kind: 'deleteTask', taskId: id });
  }

  emit(effect: OrchestratorEffect): void {
    this.effects.push(effect);
  }
}
