/**
 * One area of the swarm model's scenario vocabulary (rolling updates, the
 * routing mesh, daemon lifecycle, ...): the steps, expectations, views and
 * invariants it adds. `src/model/index.ts` merges every part, so an area
 * registers its words in its own file.
 */
import type { ExpectationKind, Invariant, StepKind, View } from '../../sim/plugin.js';
import type { SwarmWorld } from '../world.js';

export interface ModelPart {
  // Heterogeneous argument types, checked by each kind's own zod schema.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly steps?: Readonly<Record<string, StepKind<SwarmWorld, any>>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly expectations?: Readonly<Record<string, ExpectationKind<SwarmWorld, any>>>;
  readonly views?: Readonly<Record<string, View<SwarmWorld>>>;
  readonly invariants?: readonly Invariant<SwarmWorld>[];
}

/** Merge parts; a word registered twice is a programming error. */
export function mergeParts(parts: readonly ModelPart[]): Required<ModelPart> {
  const steps: Record<string, NonNullable<ModelPart['steps']>[string]> = {};
  const expectations: Record<string, NonNullable<ModelPart['expectations']>[string]> = {};
  const views: Record<string, View<SwarmWorld>> = {};
  const invariants: Invariant<SwarmWorld>[] = [];
  const add = <T>(into: Record<string, T>, from: Readonly<Record<string, T>> | undefined, what: string): void => {
    for (const [name, value] of Object.entries(from ?? {})) {
      if (name in into) throw new Error(`model parts: ${what} '${name}' registered twice`);
      into[name] = value;
    }
  };
  for (const part of parts) {
    add(steps, part.steps, 'step');
    add(expectations, part.expectations, 'expectation');
    add(views, part.views, 'view');
    for (const invariant of part.invariants ?? []) {
      if (invariants.some((known) => known.name === invariant.name)) throw new Error(`model parts: invariant '${invariant.name}' registered twice`);
      invariants.push(invariant);
    }
  }
  return { steps, expectations, views, invariants };
}
