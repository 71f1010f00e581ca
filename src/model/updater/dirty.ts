/**
 * Which tasks a rolling update replaces (`orchestrator/task.go#IsTaskDirty`,
 * `updater.go#isSlotDirty`; swarm-services.md §6):
 * - a task of the service's current spec version is clean;
 * - otherwise it is dirty when its task spec or endpoint differ from the
 *   service's (deep-equal), except that a change of placement alone leaves
 *   a task clean while its node still matches the new constraints;
 * - a slot is dirty when it holds more than one task, or its one task is dirty.
 * (Pull options are not modelled, so their special case does not arise.)
 */
import { nodeMatchesExpressions } from '../scheduler/constraints.js';
import type { Node, Service, Task } from '../store/objects.js';

/** Structural equality of plain spec data; `undefined` fields count as absent. */
export function specEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => specEqual(ra[k], rb[k]));
}

export function isTaskDirty(service: Service, task: Task, node: Node | undefined): boolean {
  if (task.specVersion === service.specVersion) return false;
  if (!specEqual(task.endpoint, service.spec.endpoint)) return true;
  const wanted = service.spec.task;
  if (specEqual(task.spec, wanted)) return false;
  const placementOnly = specEqual({ ...task.spec, placement: wanted.placement }, wanted);
  return !(placementOnly && node !== undefined && nodeMatchesExpressions(wanted.placement.constraints, node));
}

export function isSlotDirty(service: Service, slot: readonly Task[], nodes: Readonly<Record<string, Node>>): boolean {
  const only = slot[0];
  return slot.length > 1 || (only !== undefined && isTaskDirty(service, only, nodes[only.nodeId]));
}
