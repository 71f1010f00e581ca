/** A tiny driver for orchestrator tests: applies effects to a task list; IDs from a counter. */
import type { Micros } from '../../../src/sim/types.js';
import type { Node, Service, Task } from '../../../src/model/store/objects.js';
import {
  INITIAL_ORCHESTRATOR_STATE,
  type OrchestratorEffect,
  type OrchestratorInput,
  type OrchestratorState,
  step,
} from '../../../src/model/orchestrator/index.js';
import { withDesiredState } from '../../../src/model/tasks/index.js';

export class Driver {
  state: OrchestratorState = INITIAL_ORCHESTRATOR_STATE;
  tasks: Task[] = [];
  timers: { timer: string; taskId: string; dueUs: number }[] = [];
  log: OrchestratorEffect[] = [];
  nowUs = 0;
  private nextId = 1;

  constructor(
    public services: Service[],
    public nodes: Node[],
  ) {}

  readonly newTaskId = (): string => `task-${String(this.nextId++).padStart(3, '0')}`;

  view() {
    return { services: this.services, tasks: this.tasks, nodes: this.nodes };
  }

  run(input: OrchestratorInput): OrchestratorEffect[] {
    const result = step(this.state, input);
    this.state = result.state;
    for (const e of result.effects) this.apply(e);
    this.log.push(...result.effects);
    return [...result.effects];
  }

  private apply(e: OrchestratorEffect): void {
    if (e.kind === 'createTask') this.tasks.push(e.task);
    if (e.kind === 'deleteTask') this.tasks = this.tasks.filter((t) => t.id !== e.taskId);
    if (e.kind === 'setDesiredState') this.tasks = this.tasks.map((t) => (t.id === e.taskId ? withDesiredState(t, e.desiredState) : t));
    if (e.kind === 'startTimer') this.timers.push({ timer: e.timer, taskId: e.taskId, dueUs: this.nowUs + e.afterUs });
    if (e.kind === 'cancelTimer') this.timers = this.timers.filter((t) => !(t.timer === e.timer && t.taskId === e.taskId));
  }

  tick(): OrchestratorEffect[] {
    return this.run({ kind: 'tick', nowUs: this.nowUs as Micros, view: this.view(), newTaskId: this.newTaskId });
  }

  serviceChanged(id: string): OrchestratorEffect[] {
    this.run({ kind: 'serviceChanged', serviceId: id });
    return this.tick();
  }

  /** Set a task's observed state and report it (`taskChanged`), then tick. */
  setState(id: string, state: Task['status']['state'], extra: Partial<Task> = {}): OrchestratorEffect[] {
    this.tasks = this.tasks.map((t) =>
      t.id === id ? { ...t, ...extra, status: { ...t.status, state, timestamp: this.nowUs as Micros } } : t,
    );
    const t = this.tasks.find((x) => x.id === id) as Task;
    this.run({ kind: 'taskChanged', task: t, node: this.nodes.find((n) => n.id === t.nodeId) });
    return this.tick();
  }

  /** Advance time, firing due timers in order. */
  advance(us: number): void {
    const until = this.nowUs + us;
    for (;;) {
      const due = this.timers.filter((t) => t.dueUs <= until).sort((a, b) => a.dueUs - b.dueUs)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowUs = due.dueUs;
      const kind = due.timer === 'restartDelay' ? 'restartDelayTimeout' : 'restartWaitStopTimeout';
      this.run({ kind, taskId: due.taskId, view: this.view() });
    }
    this.nowUs = until;
  }

  updateNode(node: Node): OrchestratorEffect[] {
    this.nodes = this.nodes.map((n) => (n.id === node.id ? node : n));
    if (!this.nodes.some((n) => n.id === node.id)) this.nodes = [...this.nodes, node];
    this.run({ kind: 'nodeChanged', node, view: this.view() });
    return this.tick();
  }

  live(serviceId?: string): Task[] {
    return this.tasks.filter((t) => (serviceId === undefined || t.serviceId === serviceId) && ['ready', 'running'].includes(t.desiredState));
  }

  byId(id: string): Task {
    return this.tasks.find((t) => t.id === id) as Task;
  }
}
