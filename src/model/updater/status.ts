/**
 * SwarmKit's writes of a service's UpdateStatus (`updater.go#startUpdate`,
 * `#pauseUpdate`, `#rollbackUpdate`, `#completeUpdate`; swarm-services.md §6),
 * applied to the service as it stands in the store when the driver writes:
 * - start: only when there is no status → `updating`, "update in progress";
 * - pause, rollback, complete: nothing when the status is gone (the service
 *   was updated meanwhile);
 * - pause: `rollback_paused` if a rollback was under way, else `paused`;
 *   CompletedAt not set;
 * - rollback: `rollback_started` with the message, spec and spec version back
 *   to the previous ones, previous cleared (nothing without a previous spec:
 *   SwarmKit logs "cannot roll back service because no previous spec is
 *   available");
 * - complete: `rollback_completed` "rollback completed" after a rollback,
 *   else `completed` "update completed"; CompletedAt now.
 * Returns the new service and whether its spec changed, or undefined for no write.
 */
import type { Micros } from '../../sim/types.js';
import type { Service, UpdateStatus } from '../store/objects.js';
import type { StatusEffect } from './types.js';

export const UPDATE_IN_PROGRESS = 'update in progress';
export const UPDATE_COMPLETED = 'update completed';
export const ROLLBACK_COMPLETED = 'rollback completed';
/** controlapi's status for `service rollback` / `update --rollback`. */
export const MANUAL_ROLLBACK = 'manually requested rollback';

export interface StatusWrite {
  readonly service: Service;
  readonly specChanged: boolean;
}

export function applyStatusEffect(service: Service, effect: StatusEffect, nowUs: Micros): StatusWrite | undefined {
  const status = service.updateStatus;
  const write = (updateStatus: UpdateStatus): StatusWrite => ({ service: { ...service, updatedAt: nowUs, updateStatus }, specChanged: false });
  switch (effect.kind) {
    case 'startUpdate':
      if (status !== undefined) return undefined;
      return write({ state: 'updating', startedAt: nowUs, message: UPDATE_IN_PROGRESS });
    case 'pauseUpdate': {
      if (status === undefined) return undefined;
      const state = status.state === 'rollback_started' ? 'rollback_paused' : 'paused';
      return write({ ...status, state, message: effect.message });
    }
    case 'rollbackUpdate': {
      if (status === undefined || service.previousSpec === undefined) return undefined;
      const { previousSpec, previousSpecVersion, ...rest } = service;
      return {
        service: {
          ...rest,
          updatedAt: nowUs,
          spec: previousSpec,
          specVersion: previousSpecVersion ?? service.specVersion,
          updateStatus: { ...status, state: 'rollback_started', message: effect.message },
        },
        specChanged: false,
      };
    }
    case 'completeUpdate': {
      if (status === undefined) return undefined;
      const rollback = status.state === 'rollback_started';
      return write({
        ...status,
        state: rollback ? 'rollback_completed' : 'completed',
        message: rollback ? ROLLBACK_COMPLETED : UPDATE_COMPLETED,
        completedAt: nowUs,
      });
    }
  }
}
