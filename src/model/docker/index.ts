/**
 * The docker command layer: parse a command line into a typed request, check
 * it the way the daemon does, and render results and errors with Docker's
 * exact text. Pure: no clock, no store access; callers pass objects and `now`.
 */
export * from './errors.js';
export * from './requests.js';
export { parseCommandLine, parseDockerArgs, EXIT_SHELL_SYNTAX } from './parse.js';
export type { ParseResult } from './parse.js';
export { tokenize, quoteWord, joinWords } from './tokenize.js';
export type { TokenizeResult, TokenizeError } from './tokenize.js';
export { tabwrite, renderTable, DOCKER_TABLE } from './tabwriter.js';
export { humanDuration, bytesSize, prettyPrint, goTimeString, goTimeJson, DEFAULT_EPOCH_UNIX_SECONDS } from './humanize.js';
export { formatGoDuration, parseGoDuration } from './goValues.js';
export * from './validate.js';
export * from './render/nodes.js';
export * from './render/swarm.js';
export * from './render/info.js';
export * from './service-errors.js';
export * from './service-spec.js';
export { parseCpus, ramInBytes, parsePublish, parsePlacementPref, parseGoFloat, sortPorts } from './serviceValues.js';
export * from './render/services.js';
export * from './render/service-inspect.js';
export * from './render/progress.js';
export * from './render/stacks.js';
export * from './compose.js';
export * from './service-daemon.js';
