/**
 * Error texts of `docker service` and `docker stack` (docker-cli.md §1.3,
 * §1.6, §4, §6, §8; swarm-services.md §6, §9.5, §11, §12), in the catalogue's
 * shape: the whole terminal result (stderr line(s), exit code).
 */
import type { CliOutput } from './errors.js';
import { clientError, daemonError, rpcMessage } from './errors.js';

/** A feature swarmsim does not model (exit 2, like the runner's other refusals). */
export function notModelled(what: string): CliOutput {
  return { stdout: '', stderr: `swarmsim: ${what} is not modelled\n`, exitCode: 2 };
}

/** `service logs`: out of scope for the simulator (containers print nothing). */
export function serviceLogsNotModelled(): CliOutput {
  return notModelled('docker service logs (containers have no output in the simulation)');
}

/** `scale.go#scaleArgs` (legacy wording, lower-case, exit 1). */
export function invalidScaleSpecifier(arg: string): CliOutput {
  return clientError(
    `invalid scale specifier '${arg}'.\nSee 'docker service scale --help'.\n\nUsage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\nScale one or multiple replicated services`,
  );
}

/** `service create --mode global --replicas N` (`opts.go#ToServiceMode`). */
export function replicasModeError(): CliOutput {
  return clientError('replicas can only be used with replicated or replicated-job mode');
}

/** `service update --replicas N` on a global service (`update.go`). */
export function replicasUpdateModeError(): CliOutput {
  return clientError('replicas can only be used with replicated mode');
}

/** `service scale` of a global service: `<arg>: scale can only be used with replicated or replicated-job mode`. */
export function scaleNotReplicated(arg: string): string {
  return `${arg}: scale can only be used with replicated or replicated-job mode`;
}

/** Daemon lookup miss (update, rm, scale, rollback). */
export function serviceNotFound(ref: string): CliOutput {
  return daemonError(`service ${ref} not found`);
}

export function serviceAmbiguous(ref: string, matches: number): CliOutput {
  return daemonError(`service ${ref} is ambiguous (${matches} matches found)`);
}

/** `service inspect` and `service ps` misses (client-side, v29). */
export function noSuchService(ref: string): CliOutput {
  return clientError(`no such service: ${ref}`);
}

/** `service ps` with a prefix matching several services. */
export function multipleServicesWithPrefix(prefix: string): CliOutput {
  return clientError(`multiple services found with provided prefix: ${prefix}`);
}

export function serviceNameConflict(name: string): CliOutput {
  return daemonError(rpcMessage('AlreadyExists', `name conflicts with an existing object: service ${name} already exists`));
}

export function serviceNameInvalid(): CliOutput {
  return daemonError(rpcMessage('InvalidArgument', 'name must be valid as a DNS name component'));
}

export function serviceNameTooLong(): CliOutput {
  return daemonError(rpcMessage('InvalidArgument', 'name must be 63 characters or fewer'));
}

/** A constraint the daemon cannot parse: the raw SwarmKit error (`constraint expected one operator from ==, !=`, `key 'x' is invalid`). */
export function constraintError(message: string): CliOutput {
  return daemonError(rpcMessage('Unknown', message));
}

export function noPreviousSpec(fullId: string): CliOutput {
  return daemonError(rpcMessage('FailedPrecondition', `service ${fullId} does not have a previous spec`));
}

export function invalidRestartCondition(condition: string): CliOutput {
  return daemonError(`invalid RestartCondition: "${condition}"`);
}

export function unrecognizedFailureAction(action: string): CliOutput {
  return daemonError(`unrecognized update failure action ${action}`);
}

export function unrecognizedUpdateOrder(order: string): CliOutput {
  return daemonError(`unrecognized update order ${order}`);
}

export function modeChangeNotAllowed(): CliOutput {
  return daemonError(rpcMessage('Unimplemented', 'service mode change is not allowed'));
}

export function duplicatePublishedPorts(): CliOutput {
  return daemonError(rpcMessage('InvalidArgument', 'EndpointSpec: duplicate published ports provided'));
}

/** §11: `port '%d' is already in use by service '%s' (%s) as an ingress port`. */
export function portInUse(options: { port: number; serviceName: string; serviceId: string; host: boolean }): CliOutput {
  const as = options.host ? 'a host-published port' : 'an ingress port';
  return daemonError(rpcMessage('InvalidArgument', `port '${options.port}' is already in use by service '${options.serviceName}' (${options.serviceId}) as ${as}`));
}

export function invalidMemory(bytes: number): CliOutput {
  return daemonError(rpcMessage('InvalidArgument', `invalid memory value ${bytes}: Must be at least 4MiB`));
}

export function invalidCpu(cpus: string): CliOutput {
  return daemonError(rpcMessage('InvalidArgument', `invalid cpu value ${cpus}: Must be at least 0.001`));
}

/** `service update --rollback` with other flags. */
export function rollbackWithOtherFlags(): CliOutput {
  return clientError('other flags may not be combined with --rollback');
}

// ---- stack (docker-cli.md §6) ----

export function invalidStackName(name: string): CliOutput {
  return clientError(`invalid stack name: "${name}"`);
}

export function noComposeFile(): CliOutput {
  return clientError('specify a Compose file (with --compose-file)');
}

export function invalidResolveImage(value: string): CliOutput {
  return clientError(`invalid option ${value} for flag --resolve-image`);
}

export function composeFileMissing(path: string): CliOutput {
  return clientError(`open ${path}: no such file or directory`);
}

/** Stack deploy's own manager check: lower-case, no daemon prefix, no final period. */
export function stackNotSwarmManager(): CliOutput {
  return clientError('this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again');
}

/** `stack services` with nothing: stderr, exit 0. */
export function nothingFoundInStack(stack: string): CliOutput {
  return { stdout: '', stderr: `Nothing found in stack: ${stack}\n`, exitCode: 0 };
}

/** `stack ps` with nothing: exit 1, lower-case. */
export function nothingFoundInStackPs(stack: string): CliOutput {
  return clientError(`nothing found in stack: ${stack}`);
}

export function failedToCreateService(name: string, cause: string): CliOutput {
  return clientError(`failed to create service ${name}: ${cause}`);
}

export function failedToUpdateService(name: string, cause: string): CliOutput {
  return clientError(`failed to update service ${name}: ${cause}`);
}
