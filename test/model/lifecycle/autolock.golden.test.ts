/**
 * Autolock (issue 10 §4) as transcripts (regenerate with `vitest -u`, review
 * against docker-cli.md §2, swarm-behaviour.md §3.7 and docker/cli
 * `cli/command/swarm/unlock*.go`, moby `daemon/cluster/swarm.go#UnlockSwarm`):
 * `swarm init --autolock`, `swarm unlock-key [-q] [--rotate]`, `swarm update
 * --autolock=true|false`, `swarm unlock` with the key on stdin, and what a
 * locked manager answers after a crash/restart or a stop/start.
 */
import { describe, expect, it } from 'vitest';
import { swarmModel } from '../../../src/model/index.js';
import { formatScenarioError, loadScenario, runScenario } from '../../../src/scenario/index.js';

function transcript(text: string): { output: string; failures: number } {
  const loaded = loadScenario({ text, file: 'x.yaml', model: swarmModel });
  if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
  const result = runScenario(loaded.scenario, { model: swarmModel, seed: 12 });
  if (result.violations.length > 0) throw new Error(JSON.stringify(result.violations));
  return { output: `${result.output.join('\n')}\n`, failures: result.failures.length };
}

const show = (on: string, line: string, stdin?: string): string =>
  stdin === undefined ? `  - show: ${line}\n    on: ${on}\n` : `  - run: ${line}\n    on: ${on}\n    stdin: '${stdin}'\n`;
const run = (on: string, line: string): string => `  - run: ${line}\n    on: ${on}\n`;

describe('autolock', () => {
  it('init --autolock prints the key; unlock-key shows, rotates and quiets it; update turns it off and on', async () => {
    const { output } = transcript(
      'cluster: { managers: 2, form: manual }\nsteps:\n' +
        run('manager-1', 'docker swarm init --autolock') +
        run('manager-1', 'docker swarm unlock-key') +
        run('manager-1', 'docker swarm unlock-key -q') +
        run('manager-1', 'docker swarm unlock-key --rotate') +
        run('manager-1', 'docker swarm unlock-key --rotate -q') +
        run('manager-1', 'docker swarm update --autolock=false') +
        run('manager-1', 'docker swarm unlock-key') +
        run('manager-1', 'docker swarm unlock-key --rotate') +
        run('manager-1', 'docker swarm update --autolock=true') +
        run('manager-1', 'docker swarm update --autolock=true') +
        run('manager-2', 'docker swarm unlock-key') +
        run('manager-2', 'docker swarm unlock'),
    );
    await expect(output).toMatchFileSnapshot('__golden__/autolock-keys.txt');
    expect(output).toMatch(/SWMKEY-1-[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]\n/);
  });

  it('a restarted manager is locked until unlocked with the key on stdin; a worker never is', async () => {
    const { output, failures } = transcript(
      'cluster: { managers: 3, workers: 1 }\nsteps:\n' +
        "  - run: docker swarm update --autolock=true\n    on: manager-1\n    save: { name: key, match: '(SWMKEY-1-\\S+)' }\n" +
        '  - wait: 2s\n    crash: manager-3\n  - restart: manager-3\n' +
        show('manager-3', 'docker node ls') +
        show('manager-3', 'docker info') +
        show('manager-3', 'docker service ls') +
        show('manager-3', 'docker swarm unlock-key') +
        run('manager-3', 'docker swarm leave') +
        show('manager-3', 'docker swarm unlock', '') +
        show('manager-3', 'docker swarm unlock', 'SWMKEY-1-notbase64!') +
        show('manager-3', 'docker swarm unlock', 'SWMKEY-1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') +
        show('manager-3', 'docker swarm unlock', '${key}') +
        show('manager-3', 'docker node ls').replace('  - show', '  - wait: 5s\n    show') +
        '  - stop: worker-1\n  - start: worker-1\n' +
        show('worker-1', 'docker info') +
        show('worker-1', 'docker swarm unlock', '${key}'),
    );
    await expect(output).toMatchFileSnapshot('__golden__/autolock-locked.txt');
    // The refused leave, the three refused keys and the worker's unlock fail their run steps.
    expect(failures).toBe(5);
  });

  it('a stopped and started manager is locked too; leave --force leaves a locked swarm', async () => {
    const { output } = transcript(
      'cluster: { managers: 3 }\nsteps:\n' +
        run('manager-1', 'docker swarm update --autolock=true') +
        '  - wait: 2s\n    stop: manager-2\n  - start: manager-2\n' +
        show('manager-2', 'docker node ls') +
        "  - run: docker swarm unlock\n    on: manager-2\n    tty: true\n    stdin: 'SWMKEY-1-AAAA'\n" +
        run('manager-2', 'docker swarm leave --force') +
        show('manager-2', 'docker info'),
    );
    await expect(output).toMatchFileSnapshot('__golden__/autolock-stop-start.txt');
  });
});
