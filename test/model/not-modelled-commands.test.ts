// Commands the docker layer parses but the swarm does not run yet answer at
// once with a clear message and exit 2, instead of hanging until the
// control API's 20 s deadline.
import { describe, expect, it } from 'vitest';
import { swarmModel } from '../../src/model/index.js';
import { loadScenario, runScenario } from '../../src/scenario/index.js';

function run(line: string) {
  const text = `seed: 1\ncluster: { managers: 1 }\nsteps:\n  - run: ${line}\n    on: manager-1\n`;
  const loaded = loadScenario({ text, file: 'x.yaml', model: swarmModel });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return runScenario(loaded.scenario, { model: swarmModel });
}

describe('docker commands not wired into the swarm yet', () => {
  // service update and rollback are modelled since issue 7: a missing service gets the daemon's answer at once.
  for (const line of ['docker service update --replicas 2 web', 'docker service rollback web']) {
    it(`${line}: a missing service fails at once with the daemon's error`, () => {
      const result = run(line);
      expect(result.pass).toBe(false);
      expect(result.simulatedUs).toBeLessThan(1_000_000);
      expect(result.failures[0]?.message).toContain('service web not found');
      expect(result.failures[0]?.message).toContain('exited 1');
    });
  }

  it('docker service logs: out of scope, said so at once (exit 2)', () => {
    const result = run('docker service logs web');
    expect(result.pass).toBe(false);
    expect(result.simulatedUs).toBeLessThan(1_000_000);
    expect(result.failures[0]?.message).toContain('docker service logs (containers have no output in the simulation) is not modelled');
  });
});
