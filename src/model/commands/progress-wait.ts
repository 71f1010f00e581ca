/**
 * The docker CLI's `ServiceProgress` loop (docker/cli
 * `cli/command/service/progress/progress.go`; swarm-services.md §12), run in
 * simulated time for `service create|update|scale|rollback` without `-d`:
 * poll the leader's store every 200 ms; read UpdateStatus first —
 *   updating: not rolling back; completed before convergence was seen: return
 *   silently; paused: fail `service update paused: <msg>`; rollback_started:
 *   print `rollback: <msg>` once and count as rolling back; rollback_paused:
 *   fail `service rollback paused: <msg>`; rollback_completed: remember
 *   `rollback: <msg>` to print after convergence —
 * then, once converged for the monitor period (Spec.UpdateConfig.Monitor or
 * 5 s), print `verify: Service <arg> converged` and return.
 *
 * Non-TTY: each poll's frame (overall line, error lines, verify line) is
 * appended when it differs from the last one printed (a modelling choice:
 * the real CLI repeats identical lines every poll; the countdown of the
 * verify line is shown once). TTY: the screen as it stands at the end, each
 * progress ID on one line (`ProgressScreen`).
 */
import type { Micros } from '../../sim/types.js';
import { type CliOutput, EXIT_OK } from '../docker/errors.js';
import { ProgressScreen, progressEntries, rollbackLine } from '../docker/render/progress.js';
import { progressConverged, progressFrameFor } from '../docker/service-daemon.js';
import type { Engine } from '../engine/engine.js';
import type { Service, StoreObjects, Task } from '../store/objects.js';
import { isTaskDirty } from '../updater/dirty.js';
import { DEFAULT_MONITOR_US } from '../updater/config.js';
import { type CommandContext, route } from './context.js';

export const PROGRESS_POLL_US = 200_000;
const SECOND_US = 1_000_000;

export interface ProgressWait {
  readonly serviceId: string;
  /** The full ID for create, the argument as typed for update/scale/rollback. */
  readonly arg: string;
  readonly quiet: boolean;
  readonly tty: boolean;
  /** What the command printed before the progress (the ID or the argument). */
  readonly stdout: string;
  readonly stderr: string;
}

/** The daemon's `_up-to-date` filter: a task of an older spec version counts when it is not dirty. */
function upToDate(service: Service, task: Task, store: StoreObjects): Task {
  if (task.serviceId !== service.id || task.specVersion === service.specVersion) return task;
  return isTaskDirty(service, task, store.nodes[task.nodeId]) ? task : { ...task, specVersion: service.specVersion };
}

function storeOf(leader: Engine): StoreObjects | undefined {
  return leader.raft?.app.store;
}

export function waitForService(ctx: CommandContext, options: ProgressWait): void {
  let stdout = options.stdout;
  const screen = new ProgressScreen();
  let lastFrame = '';
  let convergedAtUs: number | undefined;
  let converged = false;
  let rollback = false;
  let afterConverged: string | undefined;
  const write = (entries: [string, string][], dedupe: boolean): void => {
    if (options.quiet) return;
    if (options.tty) return screen.write(entries);
    const text = entries.map(([, line]) => `${line}\n`).join('');
    if (dedupe && text === lastFrame) return;
    if (dedupe) lastFrame = text;
    stdout += text;
  };
  const end = (stderr: string, exitCode: number): void => {
    const out: CliOutput = { stdout: options.tty ? stdout + screen.render() : stdout, stderr: options.stderr + stderr, exitCode };
    ctx.finish(out);
  };
  const poll = (): void => {
    if (!ctx.engine.up) return end('', EXIT_OK);
    const routed = route(ctx.world, ctx.engine);
    const store = routed.kind === 'leader' ? storeOf(routed.leader) : undefined;
    const service = store?.services[options.serviceId];
    if (store !== undefined && service !== undefined) {
      const monitorUs = service.spec.update?.monitorUs || DEFAULT_MONITOR_US;
      const status = service.updateStatus;
      switch (status?.state) {
        case 'updating':
          rollback = false;
          break;
        case 'completed':
          if (!converged) return end('', EXIT_OK);
          break;
        case 'paused':
          return end(`service update paused: ${status.message}\n`, 1);
        case 'rollback_started':
          if (!rollback && status.message !== '') write([['rollback', rollbackLine(status.message)]], false);
          rollback = true;
          break;
        case 'rollback_paused':
          return end(`service rollback paused: ${status.message}\n`, 1);
        case 'rollback_completed':
          if (!converged) afterConverged = rollbackLine(status.message);
          rollback = true;
          break;
        case undefined:
          break;
      }
      if (converged && convergedAtUs !== undefined && ctx.sim.now - convergedAtUs >= monitorUs) {
        write([['verify', `verify: Service ${options.arg} converged`]], false);
        if (afterConverged !== undefined) write([['rollback', afterConverged]], false);
        return end('', EXIT_OK);
      }
      const tasks = [...store.tasks.keys()].sort().map((id) => upToDate(service, store.tasks.get(id) as Task, store));
      const frame = progressFrameFor({ service, tasks, nodes: store.nodes, rollback });
      converged = progressConverged(frame);
      if (converged) {
        convergedAtUs ??= ctx.sim.now;
        const waitUs = monitorUs - (ctx.sim.now - convergedAtUs);
        const seconds = waitUs <= 0 ? 1 : Math.ceil(waitUs / SECOND_US);
        // The first count is printed (non-TTY frames dedupe on it); a TTY shows the last.
        if (waitUs >= 0) write(progressEntries({ ...frame, verify: { kind: 'waiting', seconds: options.tty ? seconds : Math.ceil(monitorUs / SECOND_US) } }, { tty: options.tty }), true);
      } else {
        if (convergedAtUs !== undefined) write(progressEntries({ ...frame, verify: { kind: 'failure' } }, { tty: options.tty }), true);
        convergedAtUs = undefined;
        write(progressEntries(frame, { tty: options.tty }), true);
      }
    }
    ctx.sim.schedule({ after: PROGRESS_POLL_US as Micros, label: 'docker/progress' }, poll);
  };
  poll();
}
