/**
 * `docker stack …` in the command table (docker-cli.md §6, docker/cli
 * `cli/command/stack/*.go`). Stack name check for every command: empty after
 * trimming whitespace and quotes → `invalid stack name: "<name>"`. Loading the
 * compose files happens when the command runs (the files live in the
 * scenario), then `compose.ts` converts them.
 */
import type { BuildInput, GroupCommand, LeafCommand } from './commands.js';
import type { CliOutput } from './errors.js';
import type { FlagDef } from './flags.js';
import { invalidResolveImage, invalidStackName, noComposeFile } from './service-errors.js';
import { TASK_TABLE_FLAGS, defined, filterTerms, flagBool, flagList, flagString } from './service-commands.js';

function stackNameError(name: string): CliOutput | undefined {
  return name.replace(/^[\s"']+|[\s"']+$/g, '') === '' ? invalidStackName(name) : undefined;
}

function detachDefaultTrue(input: BuildInput): boolean {
  return input.values.has('detach') ? flagBool(input, 'detach') : true;
}

const stackDeploy: LeafCommand = {
  kind: 'leaf',
  name: 'deploy',
  aliases: ['up'],
  use: 'deploy [OPTIONS] STACK',
  short: 'Deploy a new stack or update an existing stack',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'compose-file', shorthand: 'c', type: 'strings', usage: 'Path to a Compose file, or "-" to read from stdin' },
    { name: 'detach', shorthand: 'd', type: 'bool', usage: 'Exit immediately instead of waiting for the stack services to converge', defValue: 'true' },
    { name: 'prune', type: 'bool', usage: 'Prune services that are no longer referenced' },
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Suppress progress output' },
    { name: 'resolve-image', type: 'string', usage: 'Query the registry to resolve image digest and supported platforms ("always", "changed", "never")', defValue: 'always' },
    { name: 'with-registry-auth', type: 'bool', usage: 'Send registry authentication details to Swarm agents' },
  ],
  build: (input) => {
    const stack = input.args[0] as string;
    const nameError = stackNameError(stack);
    if (nameError !== undefined) return nameError;
    const composeFiles = flagList(input, 'compose-file').flatMap((value) => value.split(','));
    if (composeFiles.length === 0) return noComposeFile();
    const resolveImage = flagString(input, 'resolve-image') ?? 'always';
    if (resolveImage !== 'always' && resolveImage !== 'changed' && resolveImage !== 'never') return invalidResolveImage(resolveImage);
    return {
      command: 'stack deploy',
      stack,
      composeFiles,
      detach: detachDefaultTrue(input),
      detachGiven: input.values.has('detach'),
      prune: flagBool(input, 'prune'),
      quiet: flagBool(input, 'quiet'),
      resolveImage,
    };
  },
};

const FORMAT: FlagDef = { name: 'format', type: 'string', usage: 'Format output using a custom template' };

const stackLs: LeafCommand = {
  kind: 'leaf',
  name: 'ls',
  aliases: ['list'],
  use: 'ls [OPTIONS]',
  short: 'List stacks',
  args: { kind: 'none' },
  flags: [FORMAT],
  build: (input) => ({ command: 'stack ls', ...defined({ format: flagString(input, 'format') }) }),
};

const stackServices: LeafCommand = {
  kind: 'leaf',
  name: 'services',
  use: 'services [OPTIONS] STACK',
  short: 'List the services in the stack',
  args: { kind: 'exact', n: 1 },
  flags: [
    { name: 'filter', shorthand: 'f', type: 'filter', usage: 'Filter output based on conditions provided' },
    FORMAT,
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only display IDs' },
  ],
  build: (input) => {
    const stack = input.args[0] as string;
    return (
      stackNameError(stack) ?? {
        command: 'stack services',
        stack,
        filters: filterTerms(input),
        quiet: flagBool(input, 'quiet'),
        ...defined({ format: flagString(input, 'format') }),
      }
    );
  },
};

const stackPs: LeafCommand = {
  kind: 'leaf',
  name: 'ps',
  use: 'ps [OPTIONS] STACK',
  short: 'List the tasks in the stack',
  args: { kind: 'exact', n: 1 },
  flags: TASK_TABLE_FLAGS,
  build: (input) => {
    const stack = input.args[0] as string;
    return (
      stackNameError(stack) ?? {
        command: 'stack ps',
        stack,
        filters: filterTerms(input),
        noResolve: flagBool(input, 'no-resolve'),
        noTrunc: flagBool(input, 'no-trunc'),
        quiet: flagBool(input, 'quiet'),
        ...defined({ format: flagString(input, 'format') }),
      }
    );
  },
};

const stackRm: LeafCommand = {
  kind: 'leaf',
  name: 'rm',
  aliases: ['remove', 'down'],
  use: 'rm [OPTIONS] STACK [STACK...]',
  short: 'Remove one or more stacks',
  args: { kind: 'min', n: 1 },
  flags: [{ name: 'detach', shorthand: 'd', type: 'bool', usage: 'Do not wait for stack removal', defValue: 'true' }],
  build: (input) => {
    for (const stack of input.args) {
      const error = stackNameError(stack);
      if (error !== undefined) return error;
    }
    return { command: 'stack rm', stacks: input.args, detach: detachDefaultTrue(input) };
  },
};

export const STACK_GROUP: GroupCommand = {
  kind: 'group',
  name: 'stack',
  use: 'stack [OPTIONS]',
  short: 'Manage Swarm stacks',
  children: [stackDeploy, stackLs, stackPs, stackRm, stackServices],
};
