/**
 * `systemctl <verb> <unit>` for the two units a lesson touches: firewalld
 * (on a host that has it; see firewalld-core.ts) and docker (`stop`/`start`
 * do what the scenario `stop:`/`start:` steps do). Other units are not
 * modelled.
 */
import type { StepContext } from '../../sim/plugin.js';
import type { CliOutput } from '../docker/errors.js';
import { systemctlFirewalld } from '../firewall/firewalld-core.js';
import { firewalldOf, setFirewalld } from '../firewall/firewalld.js';
import { startStep, stopStep } from '../lifecycle/daemon-steps.js';
import type { SwarmWorld } from '../world.js';
import type { Program } from './programs.js';

const READ_VERBS = ['status', 'is-active'];

function unitName(word: string | undefined): string | undefined {
  return word?.replace(/\.service$/, '');
}

function docker(world: SwarmWorld, node: string, verb: 'stop' | 'start', finish: (output: CliOutput) => void): void {
  // Already in the wanted state: systemctl says nothing and succeeds.
  const engine = world.engine(node);
  if (engine !== undefined && engine.up === (verb === 'start')) return finish({ stdout: '', stderr: '', exitCode: 0 });
  const ctx: StepContext = {
    sim: world.sim,
    done: (outcome) => finish(outcome.ok ? { stdout: '', stderr: '', exitCode: 0 } : { stdout: '', stderr: `swarmsim: ${outcome.message}\n`, exitCode: 1 }),
  };
  if (verb === 'stop') stopStep.start(world, { stop: node }, ctx);
  else startStep.start(world, { start: node }, ctx);
}

export const systemctlProgram: Program = {
  isRead(args) {
    return READ_VERBS.includes(args[0] ?? '');
  },
  run(world, command, _instant, finish) {
    const [verb, unitWord, ...rest] = command.args;
    const unit = unitName(unitWord);
    if (verb === undefined || unit === undefined || rest.length > 0) {
      return finish({ stdout: '', stderr: 'swarmsim: systemctl is modelled as `systemctl <verb> <unit>` with one unit\n', exitCode: 2 });
    }
    if (unit === 'docker' && (verb === 'stop' || verb === 'start')) return docker(world, command.on, verb, finish);
    if (unit !== 'firewalld') {
      return finish({ stdout: '', stderr: `swarmsim: \`systemctl ${verb} ${unitWord}\` is not modelled (only firewalld, and docker stop/start)\n`, exitCode: 2 });
    }
    const state = firewalldOf(world, command.on);
    if (state === undefined) {
      return finish({ stdout: '', stderr: `Failed to ${verb} firewalld.service: Unit firewalld.service not loaded.\n`, exitCode: 5 });
    }
    const result = systemctlFirewalld(state, verb);
    if (result.state !== state) setFirewalld(world, command.on, result.state);
    finish({ stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode });
  },
};
