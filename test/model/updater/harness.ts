/**
 * A small world for updater tests: one service, its tasks, an agent that
 * moves tasks toward their desired state after fixed delays, the updater's
 * timers, and SwarmKit's update supervisor rule (a new updater when the spec
 * changes, e.g. on rollback). Deterministic: events at the same instant run
 * in scheduling order. Images listed in `badImages` are rejected while
 * preparing ("No such image"); images in `crashAfterUs` run then fail.
 */
import type { Micros } from '../../../src/sim/types.js';
import type { Node, Service, Task, TaskState, UpdateConfig } from '../../../src/model/store/objects.js';
import {
  type UpdateSlot,
  type UpdaterEffect,
  type UpdaterInput,
  type UpdaterState,
  applyStatusEffect,
  describeUpdaterEffect,
  describeWorker,
  initialUpdaterState,
  isFinished,
  specEqual,
  step,
} from '../../../src/model/updater/index.js';
import { stateAfter, stateAtMost, stateBefore } from '../../../src/model/tasks/states.js';
import { withDesiredState } from '../../../src/model/tasks/task.js';
import { node, service as makeService, task as makeTask } from '../scheduler/fixtures.js';
import { DEFAULT_UPDATE_SETTINGS } from '../../../src/model/updater/config.js';

export const S = 1_000_000;

export interface HarnessOptions {
  readonly replicas: number;
  readonly update?: Partial<UpdateConfig>;
  readonly rollback?: Partial<UpdateConfig>;
  readonly badImages?: readonly string[];
  readonly crashAfterUs?: Readonly<Record<string, number>>;
  /** Time for the agent to bring a task from assignment to RUNNING (default 1 s). */
  readonly startUs?: number;
  /** Time for a container to stop (default 0.5 s); Infinity: never stops. */
  readonly stopUs?: number;
  readonly global?: boolean;
  /** Slots whose new tasks are rejected (whatever their image). */
  readonly failSlots?: readonly number[];
}

interface Pending {
  readonly atUs: number;
  readonly seq: number;
  readonly key: string;
  readonly run: () => void;
}

export class UpdaterHarness {
  nowUs = 0;
  service: Service;
  tasks = new Map<string, Task>();
  updater: UpdaterState | undefined;
  readonly log: string[] = [];
  readonly nodes: Record<string, Node> = {};
  private queue: Pending[] = [];
  private seq = 0;
  private nextId = 1;
  /** The most tasks observed RUNNING at once, and the most in flight at once. */
  maxRunning = 0;
  /** Running tasks that are also desired RUNNING (an old task past its stop timeout is not). */
  maxLive = 0;
  maxInFlight = 0;
  /** Tasks created after the update was paused (must stay 0). */
  createdWhilePaused = 0;

  constructor(readonly options: HarnessOptions) {
    const base = makeService('web', { replicas: options.replicas, image: 'web:1', global: options.global === true });
    this.service = {
      ...base,
      spec: {
        ...base.spec,
        update: { ...DEFAULT_UPDATE_SETTINGS, ...options.update },
        rollback: { ...DEFAULT_UPDATE_SETTINGS, ...options.rollback },
      },
    };
    const count = options.global === true ? options.replicas : options.replicas;
    for (let i = 1; i <= count; i++) {
      const nodeId = `node-${String(i).padStart(2, '0')}`;
      this.nodes[nodeId] = node(nodeId);
      const id = `old-${String(i).padStart(3, '0')}`;
      this.tasks.set(id, makeTask(id, 'web', { slot: options.global === true ? 0 : i, nodeId, state: 'running', spec: this.service.spec.task, specVersion: 1 }));
    }
  }

  readonly newTaskId = (): string => `new-${String(this.nextId++).padStart(3, '0')}`;

  private at(afterUs: number, key: string, run: () => void): void {
    this.queue.push({ atUs: this.nowUs + afterUs, seq: this.seq++, key, run });
  }

  private cancel(key: string): void {
    this.queue = this.queue.filter((p) => p.key !== key);
  }

  /** `service update --image <image>`: new spec, previous kept, status reset, updater run. */
  update(image: string, extra: Partial<Service['spec']> = {}): void {
    const previous = this.service;
    this.service = {
      ...previous,
      spec: { ...previous.spec, ...extra, task: { ...previous.spec.task, image } },
      previousSpec: previous.spec,
      previousSpecVersion: previous.specVersion,
      specVersion: previous.specVersion + 1,
    };
    const { updateStatus: _gone, ...rest } = this.service;
    this.service = rest;
    this.superviseUpdate(true);
  }

  /** SwarmKit's `Supervisor.Update`: a running updater toward the same spec is kept. */
  superviseUpdate(force = false): void {
    if (!force && this.updater !== undefined && !isFinished(this.updater) && specEqual(this.updater.service?.spec, this.service.spec)) return;
    this.queue = this.queue.filter((p) => !p.key.startsWith('timer:'));
    this.updater = initialUpdaterState(this.service.id);
    this.drive({ kind: 'run', service: this.service, slots: this.slots(), nodes: this.nodes });
  }

  slots(): UpdateSlot[] {
    const bySlot = new Map<string, Task[]>();
    for (const t of this.sortedTasks()) {
      if (!stateAtMost(t.desiredState, 'running')) continue;
      const label = this.options.global === true ? t.nodeId : String(t.slot);
      bySlot.set(label, [...(bySlot.get(label) ?? []), t]);
    }
    return [...bySlot.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([label, tasks]) => ({ label, tasks }));
  }

  sortedTasks(): Task[] {
    return [...this.tasks.keys()].sort().map((id) => this.tasks.get(id) as Task);
  }

  drive(input: UpdaterInput): void {
    if (this.updater === undefined) return;
    const result = step(this.updater, input, { nowUs: this.nowUs as Micros, newTaskId: this.newTaskId });
    this.updater = result.state;
    this.log.push(`${this.nowUs / 1000}ms ${describeInput(input)} -> phase=${result.state.phase} status=${result.state.status ?? '-'} workers=[${result.state.workers.map(describeWorker).join(', ')}]`);
    for (const effect of result.effects) this.apply(effect);
  }

  private apply(effect: UpdaterEffect): void {
    this.log.push(`    ${describeUpdaterEffect(effect)}`);
    switch (effect.kind) {
      case 'createTask': {
        const status = this.service.updateStatus?.state;
        if (status === 'paused' || status === 'rollback_paused') this.createdWhilePaused++;
        const nodeId = effect.task.nodeId || `node-${String(effect.task.slot).padStart(2, '0')}`;
        this.tasks.set(effect.task.id, { ...effect.task, nodeId });
        return this.agent(effect.task.id);
      }
      case 'setDesiredState': {
        const t = this.tasks.get(effect.taskId);
        if (t === undefined) return;
        this.tasks.set(t.id, withDesiredState(t, effect.desiredState));
        return this.agent(t.id);
      }
      case 'startTimer':
        return this.at(effect.afterUs, `timer:${effect.timer}`, () => this.drive({ kind: 'timeout', timer: effect.timer }));
      case 'cancelTimer':
        return this.cancel(`timer:${effect.timer}`);
      default: {
        const write = applyStatusEffect(this.service, effect, this.nowUs as Micros);
        if (write === undefined) return;
        const specChanged = !specEqual(write.service.spec, this.service.spec);
        this.service = write.service;
        if (specChanged) this.at(0, 'supervise', () => this.superviseUpdate());
      }
    }
  }

  /** The agent: one pending move per task toward its desired state. */
  private agent(id: string): void {
    const t = this.tasks.get(id) as Task;
    this.cancel(`agent:${id}`);
    const image = t.spec.image;
    const bad = this.options.badImages?.includes(image) === true || (t.id.startsWith('new-') && this.options.failSlots?.includes(t.slot) === true);
    if (stateAfter(t.desiredState, 'running')) {
      if (stateAfter(t.status.state, 'running')) return;
      const stopUs = this.options.stopUs ?? S / 2;
      if (stopUs === Number.POSITIVE_INFINITY) return;
      return this.at(stopUs, `agent:${id}`, () => this.setState(id, 'shutdown'));
    }
    if (stateAfter(t.status.state, 'running') || t.status.state === 'running') return;
    const startUs = this.options.startUs ?? S;
    if (bad && stateBefore(t.status.state, 'ready')) return this.at(startUs / 2, `agent:${id}`, () => this.setState(id, 'rejected', `No such image: ${image}`));
    if (t.desiredState === 'ready') {
      if (t.status.state === 'ready') return;
      return this.at(startUs / 2, `agent:${id}`, () => this.setState(id, 'ready'));
    }
    this.at(t.status.state === 'ready' ? startUs / 2 : startUs, `agent:${id}`, () => {
      this.setState(id, 'running');
      const crash = this.options.crashAfterUs?.[image];
      if (crash !== undefined) this.at(crash, `agent:${id}`, () => this.setState(id, 'failed', 'task: non-zero exit (1)'));
    });
  }

  private setState(id: string, state: TaskState, err = ''): void {
    const t = this.tasks.get(id) as Task;
    const next: Task = { ...t, status: { ...t.status, state, err, timestamp: this.nowUs as Micros } };
    this.tasks.set(id, next);
    this.drive({ kind: 'taskChanged', task: next });
    this.agent(id);
  }

  /** Run events until none remain or `untilUs`; checks the bounds after each. */
  run(untilUs = 3_600 * S): void {
    for (let n = 0; n < 1_000_000; n++) {
      this.queue.sort((a, b) => a.atUs - b.atUs || a.seq - b.seq);
      const next = this.queue.shift();
      if (next === undefined || next.atUs > untilUs) {
        if (next !== undefined) this.queue.unshift(next);
        return;
      }
      this.nowUs = next.atUs;
      next.run();
      this.measure();
    }
    throw new Error('harness: event bound hit');
  }

  private measure(): void {
    let running = 0;
    let live = 0;
    let inFlight = 0;
    for (const t of this.tasks.values()) {
      if (t.status.state === 'running') running++;
      if (t.status.state === 'running' && t.desiredState === 'running') live++;
      const ours = this.updater !== undefined && this.updater.updatedTasks.has(t.id);
      if (ours && stateAtMost(t.desiredState, 'running') && stateBefore(t.status.state, 'running')) inFlight++;
    }
    this.maxRunning = Math.max(this.maxRunning, running);
    this.maxLive = Math.max(this.maxLive, live);
    this.maxInFlight = Math.max(this.maxInFlight, inFlight);
  }

  runningImages(): string[] {
    return this.sortedTasks().filter((t) => t.status.state === 'running').map((t) => t.spec.image);
  }

  /** Images of the tasks running and desired RUNNING. */
  liveImages(): string[] {
    return this.sortedTasks().filter((t) => t.status.state === 'running' && t.desiredState === 'running').map((t) => t.spec.image);
  }

  count(image: string, state: TaskState = 'running'): number {
    return this.sortedTasks().filter((t) => t.spec.image === image && t.status.state === state).length;
  }
}

function describeInput(input: UpdaterInput): string {
  switch (input.kind) {
    case 'run':
      return `run slots=${input.slots.map((s) => s.label).join(',')}`;
    case 'taskChanged':
      return `taskChanged ${input.task.id}=${input.task.status.state}`;
    case 'nodeDown':
      return `nodeDown ${input.nodeId}`;
    case 'timeout':
      return `timeout ${input.timer}`;
  }
}
