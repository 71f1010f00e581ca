/**
 * `cluster.nodes:` as a scenario writes it: defaults of the short form,
 * every field of an explicit node reaching the engine's description, and
 * positioned load errors for the mistakes an author makes.
 */
import { describe, expect, test } from 'vitest';
import { describeNodes, engineConfigs, memoryOf } from '../../../src/model/cluster/config.js';
import { swarmModel } from '../../../src/model/index.js';
import { explainScenario, formatScenarioError, loadScenario } from '../../../src/scenario/index.js';

function errors(cluster: string): string[] {
  const loaded = loadScenario({ text: `cluster:\n${cluster}steps: []\n`, file: 'x.yaml', model: swarmModel });
  return loaded.ok ? [] : loaded.errors.map(formatScenarioError);
}

describe('the short form', () => {
  test('managers then workers, addresses from 10.0.0.2, 2 CPUs, 4 GiB, linux/x86_64, engine 28.0.1, Active', () => {
    const configs = engineConfigs({ managers: 2, workers: 1 });
    expect(configs.map((c) => [c.hostname, c.role, c.address])).toEqual([
      ['manager-1', 'manager', '10.0.0.2'],
      ['manager-2', 'manager', '10.0.0.3'],
      ['worker-1', 'worker', '10.0.0.4'],
    ]);
    expect(configs[2]).toMatchObject({
      nanoCPUs: 2_000_000_000,
      memoryBytes: 4 * 1024 ** 3,
      platform: { os: 'linux', architecture: 'x86_64' },
      engineVersion: '28.0.1',
      availability: 'active',
      labels: {},
      engineLabels: {},
    });
    expect(engineConfigs({ managers: 1, workers: 250 }).at(-1)?.address).toBe('10.0.1.2');
  });
});

describe('an explicit node list', () => {
  test('every field reaches the engine config; name is the older spelling of hostname', () => {
    const [a, b] = engineConfigs({
      nodes: [
        { hostname: 'db-1', role: 'manager', address: '192.168.1.10', labels: { zone: 'a' }, engineLabels: { disk: 'ssd' }, resources: { cpus: 8, memory: '512M' }, platform: { os: 'linux', arch: 'aarch64' }, engineVersion: '27.5.1', availability: 'drain' },
        { name: 'web-1', role: 'worker' },
      ],
    });
    expect(a).toEqual({
      hostname: 'db-1',
      address: '192.168.1.10',
      role: 'manager',
      labels: { zone: 'a' },
      engineLabels: { disk: 'ssd' },
      nanoCPUs: 8_000_000_000,
      memoryBytes: 512 * 1024 ** 2,
      platform: { os: 'linux', architecture: 'aarch64' },
      engineVersion: '27.5.1',
      availability: 'drain',
    });
    expect(b).toMatchObject({ hostname: 'web-1', address: '10.0.0.3', memoryBytes: 4 * 1024 ** 3 });
  });

  test.each([
    ['512M', 512 * 1024 ** 2],
    ['2G', 2 * 1024 ** 3],
    ['2g', 2 * 1024 ** 3],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['100', 100],
    ['64kb', 64 * 1024],
    ['2X', undefined],
    ['G', undefined],
  ])('memory %s is %s bytes', (text, bytes) => {
    expect(memoryOf(text)).toBe(bytes);
  });

  test('mistakes are load errors at their place', () => {
    const list = (...rows: string[]): string => `  nodes:\n${rows.map((row) => `    - ${row}\n`).join('')}`;
    expect(errors(list('{ hostname: a, role: manager }', '{ hostname: a, role: worker }'))).toEqual([
      "x.yaml:4:19: cluster.nodes[1].hostname: hostname a is already nodes[0]'s",
    ]);
    expect(errors(list('{ hostname: a, role: manager, address: 10.0.0.3 }', '{ hostname: b, role: worker }'))).toEqual([
      "x.yaml:4:7: cluster.nodes[1]: its default address 10.0.0.3 (by its place in the list) is already nodes[0]'s: give it an address:",
    ]);
    expect(errors(list('{ hostname: a, role: manager, address: 10.0.0.9 }', '{ hostname: b, role: worker, address: 10.0.0.9 }'))).toEqual([
      "x.yaml:4:45: cluster.nodes[1].address: address 10.0.0.9 is already nodes[0]'s",
    ]);
    expect(errors(list('{ hostname: a, role: manager, resources: { memory: 2X } }')).join('\n')).toMatch(/x\.yaml:3:\d+: cluster\.nodes\[0\]\.resources\.memory: expected a size in Docker's units, like 512M, 2G or 1\.5g/);
    expect(errors(list('{ role: manager }')).join('\n')).toMatch(/cluster\.nodes\[0\]: expected a hostname: for this node/);
    expect(errors(list('{ hostname: a, role: manager, address: 10.0.0.300 }')).join('\n')).toMatch(/cluster\.nodes\[0\]\.address: expected an IPv4 address/);
    expect(errors(list('{ hostname: a, role: manager, availability: paused }')).join('\n')).toMatch(/cluster\.nodes\[0\]\.availability/);
    expect(errors(list('{ hostname: a, role: manager, cpus: 2 }')).join('\n')).toMatch(/cluster\.nodes\[0\]\.cpus: unknown key/);
  });
});

describe('check --explain', () => {
  test('lists what each node of a list is, and the shared defaults of the short form', () => {
    const text = 'cluster:\n  nodes:\n    - { hostname: mgr, role: manager, address: 192.168.1.10, availability: drain, resources: { cpus: 1, memory: 1536M } }\n    - { hostname: arm, role: worker, platform: { arch: aarch64 }, labels: { zone: a }, engineLabels: { disk: ssd } }\nsteps: []\n';
    const loaded = loadScenario({ text, file: 'x.yaml', model: swarmModel });
    if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
    expect(explainScenario(loaded.scenario, swarmModel).slice(0, 3)).toEqual([
      'nodes (2): mgr, arm',
      '  mgr: manager, 192.168.1.10, 1 CPU, 1536 MiB, linux/x86_64, engine 28.0.1, drain',
      '  arm: worker, 10.0.0.3, 2 CPUs, 4 GiB, linux/aarch64, engine 28.0.1, active, labels zone=a, engine labels disk=ssd',
    ]);
    expect(describeNodes({ managers: 3, workers: 2000 })).toEqual(['every node: 2 CPUs, 4 GiB, linux/x86_64, engine 28.0.1, active; addresses from 10.0.0.2 in node order']);
  });
});
