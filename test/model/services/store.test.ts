/** The store's service and task changes (store/store.ts): field-level task updates applied to the task as it stands. */
import { describe, expect, it } from 'vitest';
import type { Micros } from '../../../src/sim/types.js';
import { EMPTY_STORE, applyTransaction } from '../../../src/model/store/store.js';
import type { Node, Service, StoreObjects } from '../../../src/model/store/objects.js';
import { newTask } from '../../../src/model/tasks/index.js';
import { defaultTaskSpec } from '../../../src/model/docker/service-spec.js';

const service: Service = {
  id: 's1',
  version: 0,
  createdAt: 0 as Micros,
  updatedAt: 0 as Micros,
  specVersion: 0,
  spec: { name: 'web', labels: {}, task: defaultTaskSpec('nginx:latest'), mode: { kind: 'replicated', replicas: 1 }, endpoint: { ports: [] } },
};

function node(id: string, availability: Node['spec']['availability']): Node {
  return { id, version: 0, createdAt: 0 as Micros, updatedAt: 0 as Micros, spec: { labels: {}, role: 'worker', availability }, role: 'worker', status: { state: 'ready', message: '', addr: '' } };
}

function base(): StoreObjects {
  let store = applyTransaction(EMPTY_STORE, { origin: 't', changes: [{ kind: 'put-service', service, specChanged: true }, { kind: 'put-node', node: node('n1', 'active') }, { kind: 'put-node', node: node('n2', 'drain') }] }, 3);
  const task = newTask({ id: 't1', service: store.services.s1 as Service, slot: 1, nodeId: '', nowUs: 0 as Micros });
  store = applyTransaction(store, { origin: 't', changes: [{ kind: 'create-task', task }, { kind: 'set-task-status', id: 't1', status: { state: 'pending', timestamp: 1 as Micros, message: 'pending task scheduling', err: '' } }] }, 4);
  return store;
}

describe('service and task changes', () => {
  it('put-service with specChanged takes the entry index as spec version; the task copies it', () => {
    const store = base();
    expect(store.services.s1?.specVersion).toBe(3);
    expect(store.tasks.get('t1')?.specVersion).toBe(3);
    expect(store.tasks.get('t1')?.status.state).toBe('pending');
  });

  it('an assignment to a node that no longer qualifies is skipped (the task stays pending); to an active one it applies', () => {
    const assigned = { state: 'assigned' as const, timestamp: 2 as Micros, message: 'scheduler assigned task to node', err: '' };
    const drained = applyTransaction(base(), { origin: 'scheduler', changes: [{ kind: 'set-task-status', id: 't1', status: assigned, nodeId: 'n2' }] }, 5);
    expect(drained.tasks.get('t1')?.status.state).toBe('pending');
    expect(drained.tasks.get('t1')?.nodeId).toBe('');
    const active = applyTransaction(base(), { origin: 'scheduler', changes: [{ kind: 'set-task-status', id: 't1', status: assigned, nodeId: 'n1' }] }, 5);
    expect(active.tasks.get('t1')?.nodeId).toBe('n1');
  });

  it('status never moves back; desired state never lowers; a missing task is skipped', () => {
    const running = applyTransaction(base(), { origin: 'dispatcher', changes: [{ kind: 'set-task-status', id: 't1', status: { state: 'running', timestamp: 3 as Micros, message: 'started', err: '' } }] }, 5);
    const back = applyTransaction(running, { origin: 'dispatcher', changes: [{ kind: 'set-task-status', id: 't1', status: { state: 'accepted', timestamp: 4 as Micros, message: 'accepted', err: '' } }] }, 6);
    expect(back.tasks.get('t1')?.status.state).toBe('running');
    const shut = applyTransaction(back, { origin: 'o', changes: [{ kind: 'set-task-desired', id: 't1', desiredState: 'shutdown' }, { kind: 'set-task-desired', id: 't1', desiredState: 'running' }, { kind: 'set-task-desired', id: 'nope', desiredState: 'remove' }] }, 7);
    expect(shut.tasks.get('t1')?.desiredState).toBe('shutdown');
    expect([...shut.tasks.keys()]).toEqual(['t1']);
  });
});
