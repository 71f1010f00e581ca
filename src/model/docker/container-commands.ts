/**
 * `docker ps` and `docker container ls|list|ps` in the command table, as
 * docker/cli `cli/command/container/list.go` declares them (one command, two
 * places: `newListCommand` copies `newPsCommand` and changes Use and Aliases;
 * the `aliases` annotation is the same).
 */
import type { BuildInput, GroupCommand, LeafCommand } from './commands.js';
import { FORMAT_HELP, type FlagDef } from './flags.js';
import { defined, filterTerms, flagBool, flagNumber, flagString } from './flag-values.js';
import type { ContainerLsRequest } from './requests.js';

const PS_FLAGS: readonly FlagDef[] = [
  { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only display container IDs' },
  { name: 'size', shorthand: 's', type: 'bool', usage: 'Display total file sizes' },
  { name: 'all', shorthand: 'a', type: 'bool', usage: 'Show all containers (default shows just running)' },
  { name: 'no-trunc', type: 'bool', usage: "Don't truncate output" },
  { name: 'latest', shorthand: 'l', type: 'bool', usage: 'Show the latest created container (includes all states)' },
  { name: 'last', shorthand: 'n', type: 'int', usage: 'Show n last created containers (includes all states)', defValue: '-1' },
  { name: 'format', type: 'string', usage: FORMAT_HELP },
  { name: 'filter', shorthand: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
];

const ALIASES_TEXT = 'docker container ls, docker container list, docker container ps, docker ps';

function build(input: BuildInput): ContainerLsRequest {
  const last = flagNumber(input, 'last') ?? -1;
  return {
    command: 'container ls',
    all: flagBool(input, 'all'),
    quiet: flagBool(input, 'quiet'),
    noTrunc: flagBool(input, 'no-trunc'),
    size: flagBool(input, 'size'),
    last: flagBool(input, 'latest') && last === -1 ? 1 : last,
    filters: filterTerms(input),
    ...defined({ format: flagString(input, 'format') }),
  };
}

export const PS_COMMAND: LeafCommand = {
  kind: 'leaf',
  name: 'ps',
  aliasesText: ALIASES_TEXT,
  use: 'ps [OPTIONS]',
  short: 'List containers',
  args: { kind: 'none' },
  flags: PS_FLAGS,
  build,
};

const containerLs: LeafCommand = { ...PS_COMMAND, name: 'ls', aliases: ['ps', 'list'], use: 'ls [OPTIONS]' };

export const CONTAINER_GROUP: GroupCommand = {
  kind: 'group',
  name: 'container',
  use: 'container',
  short: 'Manage containers',
  children: [containerLs],
};
