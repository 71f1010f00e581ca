/**
 * Every error text the swarm and node commands can print, in one catalogue.
 * Each function returns the whole terminal result: the stderr text (ending in
 * a newline, as `fmt.Fprintln(os.Stderr, err)` prints it) and the exit code.
 *
 * Sources: docker-cli.md §1.1–1.4, §2, §3; swarm-behaviour.md §1.3–1.6, §3, §4
 * ("current" texts; seed-era wording is not reproduced). Daemon errors are
 * `Error response from daemon: <message>` with exit 1; messages that come from
 * SwarmKit's gRPC API keep grpc-go's `rpc error: code = <Code> desc = ...`.
 */

/** What a command leaves on the terminal. */
export interface CliOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_FLAG_ERROR = 125;

/** A plain client-side error (exit 1), e.g. `unknown role x`. */
export function clientError(message: string): CliOutput {
  return { stdout: '', stderr: `${message}\n`, exitCode: EXIT_ERROR };
}

/** A daemon error as the client renders it (message trimmed, exit 1). */
export function daemonError(message: string): CliOutput {
  return clientError(`Error response from daemon: ${message.trim()}`);
}

export type GrpcCode = 'Unknown' | 'InvalidArgument' | 'NotFound' | 'AlreadyExists' | 'FailedPrecondition' | 'DeadlineExceeded' | 'Unavailable' | 'Unimplemented';

/** grpc-go's status text inside a daemon error. */
export function rpcMessage(code: GrpcCode, desc: string): string {
  return `rpc error: code = ${code} desc = ${desc}`;
}

/**
 * Several errors from a multi-argument command (`node rm a b`, `node inspect a b`),
 * joined like Go's `errors.Join`: one per line, printed once, exit 1. `stdout`
 * keeps what the successful items printed.
 */
export function joinErrors(errors: readonly CliOutput[], stdout = ''): CliOutput {
  const texts = errors.map((error) => error.stderr.replace(/\n$/, ''));
  return { stdout, stderr: texts.length === 0 ? '' : `${texts.join('\n')}\n`, exitCode: texts.length === 0 ? EXIT_OK : EXIT_ERROR };
}

// ---- docker CLI usage errors (docker-cli.md §1.2, §1.3) ----

/** pflag error wrapped by docker's FlagErrorFunc: no `docker:` prefix, `Run`, exit 125. */
export function flagError(pflagMessage: string, command: { useLine: string; path: string }): CliOutput {
  return {
    stdout: '',
    stderr: `${pflagMessage}\n\nUsage:  ${command.useLine}\n\nRun '${command.path} --help' for more information\n`,
    exitCode: EXIT_FLAG_ERROR,
  };
}

function plural(n: number): string {
  return n === 1 ? 'argument' : 'arguments';
}

/** `cli.NoArgs` on a leaf command. */
export function acceptsNoArguments(command: { useLine: string; path: string }): CliOutput {
  return clientError(`docker: '${command.path}' accepts no arguments\n\nUsage:  ${command.useLine}\n\nRun '${command.path} --help' for more information`);
}

/** `cli.NoArgs` on a command group (`docker node foo`). */
export function unknownSubcommand(command: { useLine: string; path: string }, word: string): CliOutput {
  return clientError(`docker: unknown command: ${command.path} ${word}\n\nUsage:  ${command.useLine}\n\nRun '${command.path} --help' for more information`);
}

/** Top-level unknown command (`docker foo`). */
export function unknownCommand(word: string): CliOutput {
  return clientError(`docker: unknown command: docker ${word}\n\nRun 'docker --help' for more information`);
}

/** `cli.RequiresMinArgs(n)`: the only one that says `See`. */
export function requiresAtLeast(command: { useLine: string; path: string }, n: number): CliOutput {
  return clientError(`docker: '${command.path}' requires at least ${n} ${plural(n)}\n\nUsage:  ${command.useLine}\n\nSee '${command.path} --help' for more information`);
}

/** `cli.ExactArgs(n)`. */
export function requiresExactly(command: { useLine: string; path: string }, n: number): CliOutput {
  return clientError(`docker: '${command.path}' requires ${n} ${plural(n)}\n\nUsage:  ${command.useLine}\n\nRun '${command.path} --help' for more information`);
}

// ---- client-side validation (exit 1) ----

/** `swarm init|join --availability x` (docker-cli.md §2). */
export function invalidAvailabilityFlag(value: string): CliOutput {
  return clientError(`invalid availability "${value}", only active, pause and drain are supported`);
}

/** `swarm join-token x` (docker-cli.md §2). */
export function unknownRole(word: string): CliOutput {
  return clientError(`unknown role ${word}`);
}

/** `node update --label-rm k` of a missing key (docker-cli.md §3). */
export function labelKeyMissing(key: string): CliOutput {
  return clientError(`key ${key} doesn't exist in node's labels`);
}

/** `node inspect|ps self` when /info has no node ID (docker-cli.md §1.6). */
export function nodeIdNotInInfo(): CliOutput {
  return clientError('node ID not found in /info');
}

// ---- swarm state (docker-cli.md §1.4, swarm-behaviour.md §3.7) ----

export function notSwarmManager(): CliOutput {
  return daemonError('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
}

export function notSwarmManagerWorker(): CliOutput {
  return daemonError(
    "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.",
  );
}

export function notSwarmManagerPreparing(): CliOutput {
  return daemonError('This node is not a swarm manager. Manager is being prepared or has trouble connecting to the cluster.');
}

export function swarmLocked(): CliOutput {
  return daemonError('Swarm is encrypted and needs to be unlocked before it can be used. Please use "docker swarm unlock" to unlock it.');
}

export function alreadyInSwarm(): CliOutput {
  return daemonError('This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.');
}

export function notPartOfSwarm(): CliOutput {
  return daemonError('This node is not part of a swarm');
}

// ---- Raft availability (swarm-behaviour.md §1.3, §1.4) ----

export const LOST_QUORUM_MESSAGE =
  "The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.";

/** More than 10 ticks without a leader. */
export function noLeader(): CliOutput {
  return daemonError(rpcMessage('Unknown', LOST_QUORUM_MESSAGE));
}

/** The daemon's 20 s request deadline. */
export function deadlineExceeded(): CliOutput {
  return daemonError(rpcMessage('DeadlineExceeded', 'context deadline exceeded'));
}

/** A write on a leader that lost leadership before the entry committed. */
export function lostLeadership(): CliOutput {
  return daemonError(rpcMessage('Unknown', 'raft: failed to process the request: node lost leader status'));
}

// ---- swarm leave (swarm-behaviour.md §3.5) ----

/** What the daemon knows when refusing `swarm leave` on a manager without `--force`. */
export type LeaveCheck =
  | { readonly managerActive: false }
  /** `members` absent when listing the nodes failed (nothing added to the message). */
  | { readonly managerActive: true; readonly members?: { readonly reachable: number; readonly unreachable: number; readonly selfReachable: boolean } };

export function leaveManagerRefused(check: LeaveCheck): CliOutput {
  let message = 'You are attempting to leave the swarm on a node that is participating as a manager. ';
  if (check.managerActive && check.members !== undefined) {
    const { reachable, unreachable, selfReachable } = check.members;
    if (selfReachable && reachable - 2 <= unreachable) {
      if (reachable === 1 && unreachable === 0) {
        return daemonError(`${message}Removing the last manager erases all current state of the swarm. Use \`--force\` to ignore this message. `);
      }
      message += `Removing this node leaves ${reachable - 1} managers out of ${reachable + unreachable}. Without a Raft quorum your swarm will be inaccessible. `;
    }
  } else if (!check.managerActive) {
    message += 'Doing so may lose the consensus of your cluster. ';
  }
  return daemonError(`${message}The only way to restore a swarm that has lost consensus is to reinitialize it with \`--force-new-cluster\`. Use \`--force\` to suppress this message.`);
}

/** Locked swarm, leave without `--force`. */
export function leaveLocked(): CliOutput {
  return daemonError('Swarm is encrypted and locked. Please unlock it first or use `--force` to ignore this message.');
}

// ---- node commands (swarm-behaviour.md §4, docker-cli.md §1.6, §3) ----

export function nodeNotFound(ref: string): CliOutput {
  return daemonError(`node ${ref} not found`);
}

export function nodeAmbiguous(ref: string, matches: number): CliOutput {
  return daemonError(`node ${ref} is ambiguous (${matches} matches found)`);
}

export function demoteLastManager(): CliOutput {
  return daemonError(rpcMessage('FailedPrecondition', 'attempting to demote the last manager of the swarm'));
}

export function demoteQuorumLoss(): CliOutput {
  return daemonError(rpcMessage('FailedPrecondition', "can't remove member from the raft: this would result in a loss of quorum"));
}

export function demoteNotInMemberlist(): CliOutput {
  return daemonError(rpcMessage('NotFound', "can't find manager in raft memberlist"));
}

export function nodeNotDown(fullId: string): CliOutput {
  return daemonError(rpcMessage('FailedPrecondition', `node ${fullId} is not down and can't be removed`));
}

export function nodeIsRaftMember(fullId: string): CliOutput {
  return daemonError(
    rpcMessage('FailedPrecondition', `node ${fullId} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal`),
  );
}

/** Daemon-side spec conversion (`convert/node.go`): no rpc part. */
export function invalidRole(value: string): CliOutput {
  return daemonError(`invalid Role: "${value}"`);
}

export function invalidAvailability(value: string): CliOutput {
  return daemonError(`invalid Availability: "${value}"`);
}

/** `node ls --filter` with a key the daemon does not accept. */
export function invalidFilter(key: string): CliOutput {
  return daemonError(`invalid filter '${key}'`);
}

export function invalidRoleFilter(value: string): CliOutput {
  return daemonError(`Invalid role filter: '${value}'`);
}

export function invalidMembershipFilter(value: string): CliOutput {
  return daemonError(`Invalid membership filter: '${value}'`);
}

/** `swarm update --dispatcher-heartbeat -1s` (swarm-behaviour.md §2.3; gRPC code unverified). */
export function negativeHeartbeat(): CliOutput {
  return daemonError(rpcMessage('InvalidArgument', 'heartbeat time period cannot be a negative duration'));
}

/** A removed node that reconnects (swarm-behaviour.md §4). */
export function nodeRemovedFromSwarm(id: string): CliOutput {
  return daemonError(`Permission denied: node ${id} was removed from swarm`);
}

// ---- swarm join (swarm-behaviour.md §3.4) ----

/** Malformed token (wrong prefix, part count or lengths): immediate. */
export function joinTokenMalformed(): CliOutput {
  return daemonError('invalid join token');
}

/** No token, or well-formed with a wrong or rotated secret: after ~10 s. */
export function joinTokenRejected(): CliOutput {
  return daemonError(rpcMessage('InvalidArgument', 'A valid join token is necessary to join this cluster'));
}

/** Token of another cluster (digest mismatch). */
export function joinCaMismatch(expectedFingerprintHex: string): CliOutput {
  return daemonError(`remote CA does not match fingerprint. Expected: ${expectedFingerprintHex}`);
}

/** Packets silently dropped: the daemon's 20 s join wait ran out. */
export function joinTimeout(): CliOutput {
  return daemonError(
    'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.',
  );
}

/** A rejected dial (REJECT firewall, closed port): after 5 tries. */
export function joinDialError(options: { address: string; reason: 'no route to host' | 'connection refused' }): CliOutput {
  return daemonError(
    rpcMessage('Unavailable', `connection error: desc = "transport: Error while dialing: dial tcp ${options.address}: connect: ${options.reason}"`),
  );
}

/** The leader could not dial back a joining manager's advertise address. */
export function joinDialBackFailed(): CliOutput {
  return daemonError(
    `manager stopped: can't initialize raft node: ${rpcMessage(
      'Unknown',
      `could not connect to prospective new cluster member using its advertised address: ${rpcMessage('DeadlineExceeded', 'context deadline exceeded')}`,
    )}`,
  );
}

// ---- swarm init (swarm-behaviour.md §3.1) ----

export function advertiseAddrMultiple(detail: string): CliOutput {
  return daemonError(`could not choose an IP address to advertise since this system has multiple addresses ${detail} - specify one with --advertise-addr`);
}

export function advertiseAddrNone(): CliOutput {
  return daemonError("could not find the system's IP address - specify one with --advertise-addr");
}

/** `swarm init --advertise-addr 0.0.0.0[:port]` (moby `daemon/cluster/listen_addr.go`, errBadAdvertiseAddr). */
export function advertiseAddrUnspecified(): CliOutput {
  return daemonError('advertise address must be a non-zero IP address or network interface (with optional port number)');
}

/** `swarm init --data-path-port` outside 1024–49151 (moby `daemon/cluster/swarm.go#getDataPathPort`). */
export function dataPathPortOutOfRange(port: number): CliOutput {
  return daemonError(`Datapath port number is not in valid range (1024-49151) : ${port}`);
}

/** `--cert-expiry` under 1h (swarmkit `controlapi/cluster.go#validateClusterSpec`, ca.MinNodeCertExpiration). */
export function certExpiryTooShort(): CliOutput {
  return daemonError('rpc error: code = InvalidArgument desc = minimum certificate expiry time is: 1h0m0s');
}
