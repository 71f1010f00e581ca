/**
 * `--format` Go templates on the swarm list commands (node ls, service ls,
 * service ps, node ps, stack ls) through the real world, pinned as golden
 * files (regenerate with `vitest -u`; field names from docker/cli's
 * formatter contexts).
 */
import { describe, expect, it } from 'vitest';
import { containerWorld, text } from './world.js';

describe('--format on list commands (managers 1, workers 2)', () => {
  it('templates, table prefix, json, and errors', async () => {
    const w = containerWorld({ managers: 1, workers: 2 }, {}, 7);
    expect(w.docker('manager-1', 'service create -d --name web --replicas 3 -p 8080:80 nginx').exitCode).toBe(0);
    w.wait(10_000_000);
    const show = (line: string): string => text(w.show('manager-1', line));
    await expect(show("node ls --format '{{.Hostname}}: {{.Status}} {{.Availability}} {{.ManagerStatus}} self={{.Self}}'")).toMatchFileSnapshot('__golden__/node-ls-format.txt');
    await expect(show("node ls --format 'table {{.Hostname}}\\t{{.Self}}\\t{{.EngineVersion}}\\t{{.TLSStatus}}'")).toMatchFileSnapshot('__golden__/node-ls-format-table.txt');
    await expect(show("node ls --format '{{json .}}' --filter role=manager")).toMatchFileSnapshot('__golden__/node-ls-format-json.txt');
    await expect(show('node ls --format table')).toBe(show('node ls'));
    await expect(show("service ls --format '{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}} {{.Ports}}'")).toMatchFileSnapshot('__golden__/service-ls-format.txt');
    await expect(show("service ls --format 'table {{.ID}}\\t{{.Name}}\\t{{.Replicas}}'")).toMatchFileSnapshot('__golden__/service-ls-format-table.txt');
    await expect(show("service ps web --format '{{.Name}} {{.Node}} {{.DesiredState}} {{.CurrentState}}'")).toMatchFileSnapshot('__golden__/service-ps-format.txt');
    await expect(show("node ps worker-1 --format 'table {{.Name}}\\t{{.Image}}\\t{{upper .DesiredState}}'")).toMatchFileSnapshot('__golden__/node-ps-format-table.txt');
    await expect(show("stack ls --format 'table {{.Name}}\\t{{.Services}}'")).toMatchFileSnapshot('__golden__/stack-ls-format-empty.txt');
    await expect(show("service ls --format '{{.Nope}}'")).toMatchFileSnapshot('__golden__/error-service-ls-format-field.txt');
    await expect(show("node ls --format '{{.Hostname | nope}}'")).toMatchFileSnapshot('__golden__/error-node-ls-format-function.txt');
    await expect(show("info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.Managers}}/{{.Swarm.Nodes}} {{.Swarm.Cluster.Spec.Orchestration.TaskHistoryRetentionLimit}} {{.ContainersRunning}} {{.Name}}'")).toMatchFileSnapshot('__golden__/info-format.txt');
    await expect(show("info --format '{{json .Swarm}}'")).toMatchFileSnapshot('__golden__/info-format-json-swarm.txt');
    expect(text(w.show('worker-1', "info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeAddr}}'"))).toBe('active false 10.0.0.3\n(exit 0)\n');
    await expect(text(w.show('worker-1', "info --format '{{.Swarm.Cluster.ID}}'"))).toMatchFileSnapshot('__golden__/error-info-format-nil-cluster.txt');
    await expect(show("info --format '{{.Nope'")).toMatchFileSnapshot('__golden__/error-info-format-parse.txt');
    await expect(show("node inspect self --format '{{.Description.Hostname}} {{.Spec.Role}} {{.Status.State}} {{.ManagerStatus.Leader}}'")).toMatchFileSnapshot('__golden__/node-inspect-format.txt');
    await expect(show("node inspect worker-1 nope --format '{{.Spec.Availability}}'")).toMatchFileSnapshot('__golden__/node-inspect-format-miss.txt');
    await expect(show("service inspect web --format '{{.Spec.Name}} {{.Spec.Mode.Replicated.Replicas}} {{json .Spec.EndpointSpec}}'")).toMatchFileSnapshot('__golden__/service-inspect-format.txt');
    await expect(show("service inspect web --format '{{.Spec.Nope}}'")).toMatchFileSnapshot('__golden__/error-service-inspect-format-missing-key.txt');
    await expect(show("node ls --format '{{$x := .ID}}'")).toMatchFileSnapshot('__golden__/error-node-ls-format-unsupported.txt');
  });
});
