/**
 * What the agent asks its driver (the node's engine) to do. Apply in order.
 *
 *   reportStatus  send the task's new status to the dispatcher (the driver may
 *                 coalesce consecutive reports of one task into the last one,
 *                 as the agent's status reporter does; every report moves the
 *                 state strictly forward)
 *   startTimer    arm a kernel timer owned by this node; when due, step the
 *                 agent with `{ kind: '<timer>Timeout', taskId, nowUs }`
 *   cancelTimer   cancel that timer if still armed (a stale firing is ignored
 *                 by the agent anyway)
 *   cacheImage    the image is now in this node's image cache (already applied
 *                 to the returned state; for traces and views)
 */
import type { Micros } from '../../sim/types.js';
import type { TaskStatus } from '../store/objects.js';

export type AgentTimer = 'pull' | 'start' | 'exit';

export type AgentEffect =
  | { readonly kind: 'reportStatus'; readonly taskId: string; readonly status: TaskStatus }
  | { readonly kind: 'startTimer'; readonly timer: AgentTimer; readonly taskId: string; readonly afterUs: Micros }
  | { readonly kind: 'cancelTimer'; readonly timer: AgentTimer; readonly taskId: string }
  | { readonly kind: 'cacheImage'; readonly image: string };

/** One line per effect, fixed field order (for traces and transcript tests). */
export function describeAgentEffect(effect: AgentEffect): string {
  switch (effect.kind) {
    case 'reportStatus': {
      const { status } = effect;
      const err = status.err === '' ? '' : ` err=${JSON.stringify(status.err)}`;
      const code = status.exitCode === undefined ? '' : ` exit=${status.exitCode}`;
      return `reportStatus task=${effect.taskId} state=${status.state} message=${JSON.stringify(status.message)}${err}${code} at=${status.timestamp}us`;
    }
    case 'startTimer':
      return `startTimer ${effect.timer} task=${effect.taskId} after=${effect.afterUs}us`;
    case 'cancelTimer':
      return `cancelTimer ${effect.timer} task=${effect.taskId}`;
    case 'cacheImage':
      return `cacheImage ${effect.image}`;
  }
}
