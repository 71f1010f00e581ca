/**
 * `docker service update|rollback` end to end through the world, their
 * progress display pinned in both forms: a script's lines (non-TTY) and the
 * terminal's final screen (TTY) (swarm-services.md §12; docker/cli
 * `cli/command/service/progress/progress.go`). Regenerate with `vitest -u`.
 */
import { describe, expect, it } from 'vitest';
import { createSim, type Micros } from '../../../src/sim/index.js';
import { imageCatalogue } from '../../../src/model/agent/images.js';
import { runDocker } from '../../../src/model/commands/runner.js';
import type { CliOutput } from '../../../src/model/docker/index.js';
import { SwarmWorld } from '../../../src/model/world.js';

function world(images: Record<string, unknown> = {}) {
  const sim = createSim({ seed: 3 });
  const w = new SwarmWorld(sim, { managers: 1, workers: 2 } as never, { images: imageCatalogue(images as never) });
  w.start();
  const docker = (line: string, tty = false): CliOutput => {
    let out: CliOutput | undefined;
    runDocker(w, { line, on: 'manager-1', tty }, false, (o) => {
      out = o;
    });
    while (out === undefined && sim.step());
    return out as CliOutput;
  };
  const wait = (us: number): void => {
    sim.runUntil((sim.now + us) as Micros);
  };
  const violations = (): string[] => [...w.checks.current.entries(), ...w.serviceChecks.current.entries()].map(([n, d]) => `${n}: ${d}`);
  return { docker, wait, violations };
}

const text = (out: CliOutput): string => `${out.stdout}${out.stderr}(exit ${out.exitCode})\n`;

describe('service update and rollback progress', () => {
  for (const tty of [false, true]) {
    const form = tty ? 'tty' : 'lines';
    it(`update then rollback then rollback again (${form})`, async () => {
      const h = world();
      h.docker('service create -d --name redis --replicas 3 --update-parallelism 2 redis:5');
      h.wait(5_000_000);
      await expect(text(h.docker('service update --image redis:6 redis', tty))).toMatchFileSnapshot(`__golden__/update-${form}.txt`);
      await expect(text(h.docker('service update --rollback redis', tty))).toMatchFileSnapshot(`__golden__/rollback-${form}.txt`);
      await expect(text(h.docker('service rollback redis', tty))).toMatchFileSnapshot(`__golden__/rollback-again-${form}.txt`);
      expect(h.violations()).toEqual([]);
    });
    it(`an update paused by an unpullable image fails the command (${form})`, async () => {
      const h = world({ 'redis:9': { pull: 'fail' } });
      h.docker('service create -d --name redis --replicas 2 redis:5');
      h.wait(5_000_000);
      await expect(text(h.docker('service update --image redis:9 redis', tty))).toMatchFileSnapshot(`__golden__/paused-${form}.txt`);
    });
  }
  for (const tty of [false, true]) {
    const form = tty ? 'tty' : 'lines';
    it(`service create and scale show the same display (${form})`, async () => {
      const h = world();
      const created = h.docker('service create --name web --replicas 3 nginx', tty);
      await expect(text({ ...created, stdout: created.stdout.replace(/^\w{25}$/m, '<id>').replace(/Service \w{25} converged/, 'Service <id> converged') })).toMatchFileSnapshot(`__golden__/create-${form}.txt`);
      await expect(text(h.docker('service scale web=5', tty))).toMatchFileSnapshot(`__golden__/scale-${form}.txt`);
    });
  }
  // docker-cli.md §4.3: `--force` increments TaskTemplate.ForceUpdate, so every task is replaced.
  it('update --force replaces every task and shows ForceUpdate 1 in inspect', () => {
    const h = world();
    h.docker('service create -d --name web --replicas 2 nginx');
    h.wait(5_000_000);
    expect(h.docker('service update --force web').exitCode).toBe(0);
    const ps = h.docker('service ps web').stdout;
    expect(ps.match(/\\_ web\.\d/g)).toHaveLength(2);
    expect(h.docker('service inspect web').stdout).toContain('"ForceUpdate": 1');
  });
  it('errors: no previous spec, other flags with --rollback, missing service', async () => {
    const h = world();
    h.docker('service create -d --name web nginx');
    h.wait(3_000_000);
    await expect(text(h.docker('service rollback web'))).toMatchFileSnapshot('__golden__/error-no-previous-spec.txt');
    await expect(text(h.docker('service update --rollback --image x web'))).toMatchFileSnapshot('__golden__/error-rollback-with-flags.txt');
    await expect(text(h.docker('service update --image x nope'))).toMatchFileSnapshot('__golden__/error-missing-service.txt');
  });
});
