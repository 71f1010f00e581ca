/** `docker stack deploy|ls|services|ps|rm` through the real world, compose files from the scenario's `files:`. */
import { describe, expect, it } from 'vitest';
import { createSim } from '../../../src/sim/index.js';
import { SwarmWorld } from '../../../src/model/world.js';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';

const APP = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n';
const BAD = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n    mem_limit: 1g\n';

function world() {
  const sim = createSim({ seed: 1 });
  const w = new SwarmWorld(sim, { managers: 1, workers: 1 }, { files: { 'app.yml': APP, 'bad.yml': BAD } });
  w.start();
  const docker = (line: string, on = 'manager-1'): CliOutput => {
    let out: CliOutput | undefined;
    runDocker(w, { line: `docker ${line}`, on }, false, (o) => {
      out = o;
    });
    while (out === undefined && sim.step());
    return out as CliOutput;
  };
  return { w, docker };
}

describe('stack commands (managers 1, workers 1)', () => {
  it('deploy, services, ps, rm; a missing file, forbidden keys and a worker are errors', () => {
    const { docker } = world();
    expect(docker('stack deploy -d -c app.yml app')).toEqual({ stdout: 'Creating network app_default\nCreating service app_web\n', stderr: '', exitCode: 0 });
    expect(docker('stack services app').stdout).toMatch(/app_web\s+replicated\s+\d\/2\s+nginx:latest/);
    expect(docker('stack ps nope')).toMatchObject({ exitCode: 1, stderr: 'nothing found in stack: nope\n' });
    expect(docker('stack services nope')).toEqual({ stdout: '', stderr: 'Nothing found in stack: nope\n', exitCode: 0 });
    expect(docker('stack deploy -d -c missing.yml app')).toMatchObject({ exitCode: 1, stderr: 'open missing.yml: no such file or directory\n' });
    const bad = docker('stack deploy -d -c bad.yml other');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('compose file contains unsupported options');
    expect(docker('stack ls', 'worker-1').stderr).toContain('This node is not a swarm manager');
    expect(docker('stack deploy -d -c app.yml app', 'worker-1').stderr).toContain('this node is not a swarm manager');
    expect(docker('stack rm app')).toEqual({ stdout: 'Removing service app_web\nRemoving network app_default\n', stderr: '', exitCode: 0 });
    expect(docker('stack ls').stdout).toBe('NAME      SERVICES\n');
  });
});
