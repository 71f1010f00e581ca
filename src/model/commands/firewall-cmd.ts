/**
 * `firewall-cmd` on a host that runs firewalld (`firewall: firewalld` in the
 * node list): the state machine is firewalld-core.ts. On a host without it,
 * bash says the command is not found.
 */
import { firewallCmd } from '../firewall/firewalld-core.js';
import { firewalldOf, setFirewalld } from '../firewall/firewalld.js';
import { type Program, commandNotFound } from './programs.js';

const READS = ['--state', '--list-ports', '--get-default-zone'];

export const firewallCmdProgram: Program = {
  isRead(args) {
    return args.every((arg) => arg === '--permanent' || arg.startsWith('--zone=') || arg.startsWith('--query-port=') || READS.includes(arg));
  },
  run(world, command, _instant, finish) {
    const state = firewalldOf(world, command.on);
    if (state === undefined) return finish(commandNotFound('firewall-cmd'));
    const result = firewallCmd(state, command.args);
    if (result.state !== state) setFirewalld(world, command.on, result.state);
    finish({ stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode });
  },
};
