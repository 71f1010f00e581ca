/**
 * The routing mesh's mutable state, kept beside the world (a WeakMap keyed
 * by it, so world.ts stays untouched): one round-robin cursor per
 * (receiving node, protocol/port), as IPVS keeps one per virtual service on
 * each node, and one hit counter per service (the get-started app's redis
 * counter).
 */
import type { SwarmWorld } from '../world.js';

export interface MeshState {
  readonly cursors: Map<string, number>;
  readonly hits: Map<string, number>;
}

const states = new WeakMap<SwarmWorld, MeshState>();

export function meshState(world: SwarmWorld): MeshState {
  let state = states.get(world);
  if (state === undefined) {
    state = { cursors: new Map(), hits: new Map() };
    states.set(world, state);
  }
  return state;
}

export function cursorKey(node: string, protocol: string, port: number): string {
  return `${node} ${protocol}/${port}`;
}
