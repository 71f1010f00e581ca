/**
 * The swarm model as a scenario plug-in: what `cluster:` means, which steps,
 * expectations, invariants and views a scenario file may use.
 */
import type { Invariant, ModelPlugin } from '../sim/plugin.js';
import { type ClusterConfig, clusterSchema, describeNodes, nodeNames } from './cluster/config.js';
import { appliedExpectation } from './raft-host/applied-kind.js';
import { RAFT_INVARIANTS } from './raft-host/checks.js';
import { writableExpectation } from './raft-host/writable-kind.js';
import { convergedExpectation } from './raft-host/converged-kind.js';
import {
  committedExpectation,
  leaderExpectation,
  proposalsExpectation,
  proposeStep,
  raftView,
  roleExpectation,
  termExpectation,
} from './raft-host/kinds.js';
import { SwarmWorld } from './world.js';
import { type ImagesInput, imageCatalogue, imagesSchema } from './agent/images.js';
import { dockerExpectation, nodeExpectation, nodesView } from './commands/kinds.js';
import { dockerCommands } from './commands/runner.js';
import { tasksExpectation } from './commands/task-kinds.js';
import { CONTROL_INVARIANTS } from './control-checks.js';
import { SERVICE_INVARIANTS } from './service-checks.js';
import { mergeParts } from './parts/part.js';
import { containersPart } from './parts/containers.js';
import { lifecyclePart } from './parts/lifecycle.js';
import { meshPart } from './parts/mesh.js';
import { swarmkitPart } from './parts/swarmkit.js';
import { updatesPart } from './parts/updates.js';

/** Areas that register their own words (src/model/parts). */
const parts = mergeParts([updatesPart, meshPart, lifecyclePart, containersPart, swarmkitPart]);

const invariants: Invariant<SwarmWorld>[] = [
  ...RAFT_INVARIANTS.map(([name, description]) => ({
    name,
    description,
    check: (world: SwarmWorld) => world.checks.current.get(name),
  })),
  ...CONTROL_INVARIANTS.map(([name, description]) => ({
    name,
    description,
    check: (world: SwarmWorld) => world.controlChecks.current.get(name),
  })),
  ...SERVICE_INVARIANTS.map(([name, description]) => ({
    name,
    description,
    check: (world: SwarmWorld) => world.serviceChecks.current.get(name),
  })),
  ...parts.invariants,
];

export const swarmModel: ModelPlugin<SwarmWorld, ClusterConfig, ImagesInput | undefined> = {
  name: 'swarm',
  clusterSchema,
  imagesSchema,
  nodeNames,
  describeNodes,
  create(sim, input) {
    const files = { images: imageCatalogue(input.images), files: input.files };
    const world = new SwarmWorld(sim, input.cluster, input.readFile === undefined ? files : { ...files, readFile: input.readFile });
    world.start();
    return world;
  },
  steps: { propose: proposeStep, ...parts.steps },
  expectations: {
    leader: leaderExpectation,
    term: termExpectation,
    committed: committedExpectation,
    role: roleExpectation,
    proposals: proposalsExpectation,
    applied: appliedExpectation,
    writable: writableExpectation,
    converged: convergedExpectation,
    docker: dockerExpectation,
    node: nodeExpectation,
    tasks: tasksExpectation,
    ...parts.expectations,
  },
  invariants,
  views: { raft: raftView, nodes: nodesView, ...parts.views },
  commands: dockerCommands,
};

export { SwarmWorld } from './world.js';
