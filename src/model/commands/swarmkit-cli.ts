/**
 * SwarmKit's `swarmd` and `swarmctl` on a node (issue 10; src/model/swarmkit
 * holds the parsers, renderers and handlers). swarmd changes the cluster and
 * takes virtual time; swarmctl's reads answer at once and may be shown.
 */
import { runSwarmd } from '../swarmkit/swarmd.js';
import { isSwarmctlRead, runSwarmctl } from '../swarmkit/swarmctl.js';
import type { Program } from './programs.js';

export const swarmdProgram: Program = {
  isRead: () => false,
  run: (world, command, _instant, finish) => runSwarmd({ world, on: command.on, args: command.args, finish }),
};

export const swarmctlProgram: Program = {
  isRead: isSwarmctlRead,
  run: (world, command, instant, finish) =>
    runSwarmctl({ world, on: command.on, argv0: 'swarmctl', args: command.args, env: command.env ?? {}, instant, finish }),
};
