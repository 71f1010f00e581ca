/**
 * Second control-plane review: partial `node inspect`, the manager join's
 * dial-back check (swarm-behaviour §1.5), Reachable/Unreachable in the checks.
 */
import { describe, expect, it } from 'vitest';
import { harness } from './harness.js';

describe('node inspect with some refs missing (docker-cli §1.1, §3)', () => {
  it('prints the found nodes as a JSON array on stdout, then the misses on stderr, exit 1', () => {
    const h = harness({ managers: 1, workers: 1 });
    const self = h.docker('manager-1', 'node inspect self');
    expect(self.exitCode).toBe(0);
    const out = h.docker('manager-1', 'node inspect self worker-9');
    expect(out.stdout).toBe(self.stdout);
    expect(out.stderr).toBe('Error response from daemon: node worker-9 not found\n');
    expect(out.exitCode).toBe(1);
  });

  it('keeps the order of the found refs and joins every miss', () => {
    const h = harness({ managers: 1, workers: 1 });
    const out = h.docker('manager-1', 'node inspect nope-1 worker-1 self nope-2');
    const json = JSON.parse(out.stdout) as { Description: { Hostname: string } }[];
    expect(json.map((n) => n.Description.Hostname)).toEqual(['worker-1', 'manager-1']);
    expect(out.stderr).toBe('Error response from daemon: node nope-1 not found\nError response from daemon: node nope-2 not found\n');
    expect(out.exitCode).toBe(1);
  });

  it('nothing found: [] on stdout', () => {
    const h = harness({ managers: 1, workers: 0 });
    const out = h.docker('manager-1', 'node inspect worker-9');
    expect(out).toMatchObject({ stdout: '[]\n', stderr: 'Error response from daemon: node worker-9 not found\n', exitCode: 1 });
  });

  it('--pretty with a miss prints nothing on stdout (the pretty renderer fails as a whole), exit 1', () => {
    const h = harness({ managers: 1, workers: 0 });
    const out = h.docker('manager-1', 'node inspect --pretty self worker-9');
    expect(out).toMatchObject({ stdout: '', stderr: 'Error response from daemon: node worker-9 not found\n', exitCode: 1 });
  });
});
