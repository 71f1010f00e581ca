/**
 * Faults are the scenario layer's own steps: they go straight to the kernel
 * (crash/restart a node, partition/cut/block/slow/heal the network), so every
 * model gets them without writing a line. Also the canonical one-line text of
 * each action, for the trace (fixed field order, our own rendering).
 */
import { formatDuration, formatLatencyRange, type Sim } from '../sim/index.js';
import type { FaultAction, StepAction } from './types.js';

/** Apply a fault now; a sentence when it cannot be applied (crash of a node that is down). */
export function applyFault(sim: Sim, action: FaultAction): string | undefined {
  switch (action.kind) {
    case 'crash':
      if (!sim.isUp(action.node)) return `crash ${action.node}: the node is already down`;
      sim.crash(action.node);
      return undefined;
    case 'restart':
      if (sim.isUp(action.node)) return `restart ${action.node}: the node is up (crash it first)`;
      sim.restart(action.node);
      return undefined;
    case 'partition':
      sim.net.partition(action.groups);
      return undefined;
    case 'cut':
      sim.net.cut(action.from, action.to);
      return undefined;
    case 'block':
      sim.net.block(action.rule);
      return undefined;
    case 'slow':
      sim.net.slow(action.between[0], action.between[1], action.latency);
      return undefined;
    case 'heal':
      sim.net.healAll();
      return undefined;
  }
}

/** `crash manager-1`, `partition [a b] [c]`, `block node-2 2377 in reject`, `expect leader`. */
export function describeAction(action: StepAction): string {
  switch (action.kind) {
    case 'crash':
    case 'restart':
      return `${action.kind} ${action.node}`;
    case 'partition':
      return `partition ${action.groups.map((group) => `[${group.join(' ')}]`).join(' ')}`;
    case 'cut':
      return `cut ${action.from} ${action.to}`;
    case 'block':
      return `block ${action.rule.node} ${action.port} ${action.rule.direction} ${action.rule.mode ?? 'reject'}`;
    case 'slow':
      return `slow ${action.between[0]} ${action.between[1]} ${formatLatencyRange(action.latency)}`;
    case 'heal':
      return 'heal all';
    case 'run':
      return `run ${action.on} ${action.line}`;
    case 'show-view':
      return `show ${action.view}${action.args === '' ? '' : ` ${action.args}`}`;
    case 'show-command':
      return `show ${action.on} ${action.line}`;
    case 'expect':
      return `expect ${action.text}${action.withinUs === undefined ? '' : ` within ${formatDuration(action.withinUs)}`}`;
    case 'watch':
      return `${action.mode} ${action.text}${action.forUs === undefined ? '' : ` for ${formatDuration(action.forUs)}`}`;
    case 'model':
      return action.step;
  }
}
