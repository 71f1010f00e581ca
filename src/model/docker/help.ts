/**
 * `--help` text in docker/cli's usage template (`cli/cobra.go` usageTemplate,
 * docker-cli.md §1.5): flag lines are pflag's `FlagUsagesWrapped(79)` (80
 * columns, not a TTY). Only the commands in the command table are listed.
 */
import type { GroupCommand, LeafCommand } from './commands.js';
import { flagUsagesWrapped } from './flags.js';

const HELP_COLUMNS = 80 - 1;
const MIN_NAME_PADDING = 11;

/** Where a command sits: its full path (`docker node ls`) and cobra UseLine. */
export interface CommandPlace {
  readonly path: string;
  readonly useLine: string;
}

export function leafPlace(parentPath: string, leaf: LeafCommand): CommandPlace {
  return { path: `${parentPath} ${leaf.name}`, useLine: `${parentPath} ${leaf.use}` };
}

export function groupPlace(group: GroupCommand): CommandPlace {
  return { path: `docker ${group.name}`, useLine: `docker ${group.use}` };
}

export const ROOT_PLACE: CommandPlace = { path: 'docker', useLine: 'docker [OPTIONS] COMMAND [ARG...]' };

function trimRight(text: string): string {
  return text.replace(/\s+$/, '');
}

export function leafHelp(parentPath: string, leaf: LeafCommand): string {
  const place = leafPlace(parentPath, leaf);
  let text = `Usage:  ${place.useLine}\n\n${leaf.short}`;
  const aliases = leaf.aliasesText ?? (leaf.aliases !== undefined ? [place.path, ...leaf.aliases.map((alias) => `${parentPath} ${alias}`)].join(', ') : undefined);
  if (aliases !== undefined) text += `\n\nAliases:\n  ${aliases}`;
  const usages = flagUsagesWrapped(leaf.flags, HELP_COLUMNS);
  if (usages !== '') text += `\n\nOptions:\n${trimRight(usages)}`;
  return `${text}\n`;
}

function commandList(names: readonly { name: string; short: string }[]): string {
  const padding = Math.max(MIN_NAME_PADDING, ...names.map((entry) => entry.name.length));
  const sorted = [...names].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted.map((entry) => `\n  ${entry.name.padEnd(padding)} ${entry.short}`).join('');
}

export function groupHelp(group: GroupCommand): string {
  const place = groupPlace(group);
  return `Usage:  ${place.path} COMMAND\n\n${group.short}\n\nCommands:${commandList(group.children)}\n\nRun '${place.path} COMMAND --help' for more information on a command.\n`;
}

/**
 * `docker --help` reduced to what swarmsim models (the real one lists every
 * docker command under several headings); the shape is the group template.
 */
export function rootHelp(commands: readonly { name: string; short: string }[]): string {
  return `Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommands:${commandList(commands)}\n\nRun 'docker COMMAND --help' for more information on a command.\n`;
}
