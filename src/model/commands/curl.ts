/** `curl` on a node (issue 10): not installed yet, so the shell answers "command not found". */
import { type Program, commandNotFound } from './programs.js';

export const curlProgram: Program = {
  isRead: () => true,
  run: (_world, _command, _instant, finish) => finish(commandNotFound('curl')),
};
