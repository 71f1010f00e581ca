/** `docker-machine ssh <machine> "<command>"`: the quoted command runs on that node; docker-machine's own errors. */
import { describe, expect, it } from 'vitest';
import { containerWorld, text } from './world.js';

describe('docker-machine ssh', () => {
  it('runs the remote command on the named node, reads and writes alike', () => {
    const w = containerWorld({ managers: 1, workers: 1 }, {}, 2);
    const direct = w.show('manager-1', 'docker node ls');
    expect(w.show('worker-1', 'docker-machine ssh manager-1 "docker node ls"')).toEqual(direct);
    expect(w.show('worker-1', 'docker-machine ssh manager-1 docker node ls')).toEqual(direct);
    expect(text(w.show('manager-1', 'docker-machine ssh worker-1 "docker node ls"'))).toContain('This node is not a swarm manager');
    const created = w.docker('worker-1', 'docker-machine ssh manager-1 "docker service create -d --name web --replicas 2 nginx"');
    expect(created.exitCode).toBe(0);
    w.wait(5_000_000);
    expect(w.show('worker-1', "docker-machine ssh manager-1 \"docker service ls --format '{{.Name}} {{.Replicas}}'\"").stdout).toBe('web 2/2\n');
    expect(w.show('manager-1', 'docker-machine ssh worker-1 "docker ps -q"').stdout).toBe(w.show('worker-1', 'docker ps -q').stdout);
  });

  it("docker-machine's errors", () => {
    const w = containerWorld({ managers: 1, workers: 1 }, {}, 2);
    expect(text(w.show('manager-1', 'docker-machine ssh nope "docker ps"'))).toBe('Host does not exist: "nope"\n(exit 1)\n');
    expect(text(w.show('manager-1', 'docker-machine ssh'))).toBe('Error: No machine name(s) specified and no "default" machine exists\n(exit 1)\n');
    expect(text(w.show('manager-1', 'docker-machine ssh worker-1 "htop"'))).toBe('bash: htop: command not found\n(exit 127)\n');
    expect(w.show('manager-1', 'docker-machine ssh worker-1').exitCode).toBe(2);
    expect(w.show('manager-1', 'docker-machine ls').exitCode).toBe(2);
    w.world.sim.crash('worker-1');
    expect(text(w.show('manager-1', 'docker-machine ssh worker-1 "docker ps"'))).toBe('Error: Cannot run SSH command: Host "worker-1" is not running\n(exit 1)\n');
  });
});
