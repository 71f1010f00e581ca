/**
 * From a command line to a typed request, the way docker/cli's cobra tree
 * does it (docker-cli.md §1): find the command (root → group → leaf, aliases
 * included), parse its flags (pflag, exit 125 on error), answer `--help`,
 * check the argument count (exit 1), then let the leaf build its request
 * (client-side validation, exit 1).
 *
 * Order of checks, as in cobra's `execute`: flags, then `--help`, then the
 * argument rule, then `PreRunE` (`swarm update` without flags prints help),
 * then the command itself.
 */
import type { CommandDef, GroupCommand, LeafCommand } from './commands.js';
import { HELP_FLAG, TOP_LEVEL } from './commands.js';
import type { CliOutput } from './errors.js';
import { acceptsNoArguments, EXIT_OK, flagError, requiresAtLeast, requiresExactly, unknownCommand, unknownSubcommand } from './errors.js';
import { parseFlags } from './flags.js';
import { groupHelp, groupPlace, leafHelp, leafPlace, ROOT_PLACE, rootHelp } from './help.js';
import type { DockerRequest } from './requests.js';
import { tokenize } from './tokenize.js';

export type ParseResult =
  | { readonly ok: true; readonly request: DockerRequest; /** pflag notices for stderr (deprecated `-h`) */ readonly stderr: string }
  | { readonly ok: false; readonly output: CliOutput };

/** Exit status a shell gives a line it cannot split (bash: syntax error). */
export const EXIT_SHELL_SYNTAX = 2;

function output(stdout: string, stderr = '', exitCode = EXIT_OK): ParseResult {
  return { ok: false, output: { stdout, stderr, exitCode } };
}

function fail(cli: CliOutput): ParseResult {
  return { ok: false, output: cli };
}

function findChild<T extends { name: string; aliases?: readonly string[] }>(children: readonly T[], word: string): T | undefined {
  return children.find((child) => child.name === word || (child.aliases ?? []).includes(word));
}

function noticesText(notices: readonly string[]): string {
  return notices.map((notice) => `${notice}\n`).join('');
}

function checkArgs(leaf: LeafCommand, parentPath: string, args: readonly string[]): CliOutput | undefined {
  const place = leafPlace(parentPath, leaf);
  const rule = leaf.args;
  if (rule.kind === 'none' && args.length > 0) return acceptsNoArguments(place);
  if (rule.kind === 'min' && args.length < rule.n) return requiresAtLeast(place, rule.n);
  if (rule.kind === 'exact' && args.length !== rule.n) return requiresExactly(place, rule.n);
  return undefined;
}

function runLeaf(leaf: LeafCommand, parentPath: string, words: readonly string[]): ParseResult {
  const place = leafPlace(parentPath, leaf);
  const flags = parseFlags([...leaf.flags, HELP_FLAG], words, { interspersed: leaf.interspersed !== false });
  if (!flags.ok) return fail(flagError(flags.message, place));
  const { values, args, notices } = flags.parsed;
  const stderr = noticesText(notices);
  if (values.get('help') === true) return output(leafHelp(parentPath, leaf), stderr);
  const argError = checkArgs(leaf, parentPath, args);
  if (argError !== undefined) return fail({ ...argError, stderr: stderr + argError.stderr });
  const given = [...values.keys()].filter((name) => name !== 'help');
  if (leaf.helpWhenNoFlags === true && given.length === 0) return output(leafHelp(parentPath, leaf), stderr);
  const built = leaf.build({ values, args });
  if ('exitCode' in built) return fail({ ...built, stderr: stderr + built.stderr });
  return { ok: true, request: built, stderr };
}

/** cobra's Traverse: flags before the sub-command word belong to the group. */
function runGroup(group: GroupCommand, words: readonly string[]): ParseResult {
  const place = groupPlace(group);
  const leading: string[] = [];
  let index = 0;
  while (index < words.length && (words[index] as string).startsWith('-') && words[index] !== '--') {
    leading.push(words[index] as string);
    index++;
  }
  const word = words[index];
  const leaf = word === undefined ? undefined : findChild(group.children, word);
  const groupFlags = parseFlags([HELP_FLAG], leaf === undefined ? words : leading);
  if (!groupFlags.ok) return fail(flagError(groupFlags.message, place));
  const stderr = noticesText(groupFlags.parsed.notices);
  if (groupFlags.parsed.values.get('help') === true) return output(groupHelp(group), stderr);
  if (leaf !== undefined) return runLeaf(leaf, place.path, words.slice(index + 1));
  const first = groupFlags.parsed.args[0];
  if (first !== undefined) return fail(unknownSubcommand(place, first));
  // `docker node` alone: help on stderr, exit 0 (command.ShowHelp).
  return output('', stderr + groupHelp(group));
}

function runCommand(command: CommandDef, rest: readonly string[]): ParseResult {
  return command.kind === 'group' ? runGroup(command, rest) : runLeaf(command, 'docker', rest);
}

/** Parse docker's arguments (the words after `docker`). */
export function parseDockerArgs(words: readonly string[]): ParseResult {
  const first = words[0];
  const listing = TOP_LEVEL.map((command) => ({ name: command.name, short: command.short }));
  if (first === undefined) return output(rootHelp(listing));
  if (first.startsWith('-')) {
    const rootFlags = parseFlags([HELP_FLAG], [first]);
    if (!rootFlags.ok) return fail(flagError(rootFlags.message, ROOT_PLACE));
    return output(rootHelp(listing), noticesText(rootFlags.parsed.notices));
  }
  const command = findChild(TOP_LEVEL, first);
  if (command === undefined) return fail(unknownCommand(first));
  return runCommand(command, words.slice(1));
}

/** Parse a whole command line as typed (`docker node ls -q`; the leading `docker` is optional). */
export function parseCommandLine(line: string): ParseResult {
  const tokens = tokenize(line);
  if (!tokens.ok) {
    return fail({ stdout: '', stderr: `swarmsim: ${tokens.error.message} at column ${tokens.error.column}\n`, exitCode: EXIT_SHELL_SYNTAX });
  }
  const words = tokens.words[0] === 'docker' ? tokens.words.slice(1) : tokens.words;
  return parseDockerArgs(words);
}
