/** `docker-machine` on a node (issue 10): not installed yet, so the shell answers "command not found". */
import { type Program, commandNotFound } from './programs.js';

export const dockerMachineProgram: Program = {
  isRead: () => true,
  run: (_world, _command, _instant, finish) => finish(commandNotFound('docker-machine')),
};
