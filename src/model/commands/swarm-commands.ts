/**
 * `docker swarm init|join|join-token|leave|update` (docker-cli.md §2,
 * swarm-behaviour.md §3). init and join take the virtual time the daemon
 * takes: until the node's agent has a session with the dispatcher (Ready), a
 * join at most Docker's 20 s before the timeout text.
 *
 * Join tries (SwarmKit's CA client): up to 5 tries, 5 s RPC timeout each, 2 s
 * pause after every failure. A REJECT firewall fails a try at once (the dial
 * error ends in "connect: no route to host", ≈10 s in all); silently dropped
 * packets use up the 20 s first (the timeout text; the join goes on in the
 * background, `docker info` shows pending, then active or error).
 */
import { type CliOutput, EXIT_OK, advertiseAddrUnspecified, alreadyInSwarm, certExpiryTooShort, clientError, dataPathPortOutOfRange, joinDialError, joinTimeout, joinTokenMalformed, leaveLocked, leaveManagerRefused, lostLeadership, negativeHeartbeat, noLeader, notPartOfSwarm, daemonError } from '../docker/errors.js';
import { renderJoinToken, renderSwarmInit, renderSwarmJoin, renderSwarmLeave, renderSwarmUpdate, renderUnlockBlock } from '../docker/render/swarm.js';
import type { SwarmInitRequest, SwarmJoinRequest, SwarmJoinTokenRequest, SwarmLeaveRequest, SwarmSpecFlags, SwarmUnlockKeyRequest, SwarmUnlockRequest, SwarmUpdateRequest } from '../docker/requests.js';
import { parseJoinToken } from '../docker/validate.js';
import { newId, newJoinToken } from '../control/ids.js';
import type { Engine } from '../engine/engine.js';
import type { Response } from '../engine/rpc.js';
import { nodeViews } from '../manager/views.js';
import { type Cluster, type ClusterSpec, DEFAULT_CLUSTER_SPEC, type StoreObjects } from '../store/objects.js';
import { isUnlockKeyText, newUnlockKey } from './unlock-key.js';
import { EMPTY_STORE } from '../store/store.js';
import { forceNewCluster } from './force-new-cluster.js';
import { type CommandContext, REQUEST_TIMEOUT_US, managerError, route, withLeader } from './context.js';

const ok = (stdout: string): CliOutput => ({ stdout, stderr: '', exitCode: EXIT_OK });
const JOIN_TRIES = 5;
const JOIN_RPC_TIMEOUT_US = 5_000_000;
const JOIN_PAUSE_US = 2_000_000;

function mergeSpec(spec: ClusterSpec, flags: SwarmSpecFlags): ClusterSpec {
  return {
    orchestration: { taskHistoryRetentionLimit: flags.taskHistoryLimit ?? spec.orchestration.taskHistoryRetentionLimit },
    raft: { ...spec.raft, snapshotInterval: flags.snapshotInterval ?? spec.raft.snapshotInterval, keepOldSnapshots: flags.maxSnapshots ?? spec.raft.keepOldSnapshots },
    dispatcher: { heartbeatPeriodUs: flags.dispatcherHeartbeatUs ?? spec.dispatcher.heartbeatPeriodUs },
    caConfig: { ...spec.caConfig, nodeCertExpiryUs: flags.certExpiryUs ?? spec.caConfig.nodeCertExpiryUs },
    encryption: { autoLockManagers: flags.autolock ?? spec.encryption.autoLockManagers },
  };
}

/** `<ip|interface>[:port]`: an interface name stands for the engine's one address. */
function advertiseIp(engine: Engine, text: string | undefined): string {
  if (text === undefined) return engine.address;
  const host = text.replace(/:\d+$/, '');
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : engine.address;
}

function portOf(text: string | undefined, fallback: string): string {
  const match = text === undefined ? null : /:(\d+)$/.exec(text);
  return match?.[1] ?? fallback;
}

const MIN_CERT_EXPIRY_US = 3_600_000_000;

/**
 * The daemon's checks before a node starts (moby `swarm.go#Init`: advertise
 * address, data path port), and SwarmKit's minimum certificate expiry. Real
 * Docker checks the expiry in the UpdateCluster that follows the node's
 * start; swarmsim refuses it before, leaving the engine outside any swarm.
 */
function initRequestError(request: SwarmInitRequest): CliOutput | undefined {
  const advertiseHost = request.advertiseAddr?.replace(/:\d*$/, '');
  if (advertiseHost === '0.0.0.0') return advertiseAddrUnspecified();
  const port = request.dataPathPort;
  if (port !== undefined && port !== 0 && (port < 1024 || port > 49151)) return dataPathPortOutOfRange(port);
  if (request.spec.certExpiryUs !== undefined && request.spec.certExpiryUs < MIN_CERT_EXPIRY_US) return certExpiryTooShort();
  return undefined;
}

export function swarmInit(ctx: CommandContext, request: SwarmInitRequest): void {
  const { engine, world } = ctx;
  if (request.forceNewCluster && engine.membership.state !== 'inactive') return forceNewCluster(ctx, request);
  if (engine.membership.state !== 'inactive') return ctx.finish(alreadyInSwarm());
  const invalid = initRequestError(request);
  if (invalid !== undefined) return ctx.finish(invalid);
  const addr = advertiseIp(engine, request.advertiseAddr);
  const port = portOf(request.advertiseAddr, portOf(request.listenAddr, '2377'));
  const nodeId = newId(world.ids);
  engine.membership = { state: 'active', nodeId, clusterId: '', role: 'manager', error: '', addr };
  const raftId = world.newRaftId(engine.hostname);
  world.addMember({ raftId, nodeId, hostname: engine.hostname, addr: `${addr}:${port}` });
  const unlockKey = request.spec.autolock === true ? newUnlockKey(world.ids) : '';
  world.pendingInits.set(engine.hostname, { spec: mergeSpec(DEFAULT_CLUSTER_SPEC, request.spec), availability: request.availability ?? 'active', unlockKey });
  engine.raftJoined = true;
  // A new swarm: its Raft group starts from an empty store, not the formed swarm's genesis.
  engine.startRaft(raftId, [raftId], EMPTY_STORE);
  engine.whenSession(() => {
    const cluster = engine.raft?.app.store.cluster;
    const workerToken = cluster?.joinTokens.worker ?? '';
    ctx.finish(ok(renderSwarmInit({ nodeId, workerToken, managerAddr: `${addr}:${port}`, ...(unlockKey === '' ? {} : { unlockKey }) })));
  });
  engine.startAgent(engine.hostname);
}

/** The store a joining manager's Raft member starts from: the formed swarm's genesis only for that swarm. */
function genesisOf(formed: StoreObjects, clusterId: string): StoreObjects {
  return formed.cluster?.id === clusterId ? formed : EMPTY_STORE;
}

function targetOf(ctx: CommandContext, remote: string): string | undefined {
  const host = remote.replace(/:\d+$/, '');
  return ctx.world.engineByAddress(host) ?? (ctx.world.engine(host) === undefined ? undefined : host);
}

export function swarmJoin(ctx: CommandContext, request: SwarmJoinRequest): void {
  const { engine, world, sim } = ctx;
  if (engine.membership.state !== 'inactive') return ctx.finish(alreadyInSwarm());
  if (request.token !== '' && parseJoinToken(request.token) === null) return ctx.finish(joinTokenMalformed());
  const remote = /:\d+$/.test(request.remoteAddr) ? request.remoteAddr : `${request.remoteAddr}:2377`;
  const target = targetOf(ctx, remote);
  engine.membership = { state: 'pending', nodeId: '', clusterId: '', role: 'worker', error: '', addr: advertiseIp(engine, request.advertiseAddr) };
  let answered = false;
  const answer = (output: CliOutput): void => {
    if (answered) return;
    answered = true;
    ctx.finish(output);
  };
  sim.schedule({ after: REQUEST_TIMEOUT_US as never, label: 'docker/join-timeout' }, () => answer(joinTimeout()));
  let lastError: CliOutput = joinTimeout();
  const joinId = `${engine.hostname}/${++engine.joins}`;
  const failed = (): void => {
    if (answered) engine.membership = { ...engine.membership, state: 'error', error: lastError.stderr.replace(/^Error response from daemon: /, '').trim() };
    else engine.membership = { state: 'inactive', nodeId: '', clusterId: '', role: 'worker', error: '', addr: '' };
    answer(lastError);
  };
  const tryJoin = (attempt: number): void => {
    if (engine.membership.state !== 'pending') return;
    if (target === undefined) return;
    engine.call(target, { kind: 'join', token: request.token, hostname: engine.hostname, joinId, availability: request.availability }, JOIN_RPC_TIMEOUT_US, (response: Response) => {
      if (response.kind === 'joined') return joined(response, target);
      if (response.kind !== 'error') return;
      if (response.text === 'rejected') lastError = joinDialError({ address: remote, reason: 'no route to host' });
      else if (response.text === 'connection refused') lastError = joinDialError({ address: remote, reason: 'connection refused' });
      else if (response.text !== 'timeout' && response.text !== 'no leader') lastError = daemonError(response.text);
      if (!response.retry) return failed();
      if (attempt + 1 >= JOIN_TRIES) return sim.schedule({ after: JOIN_PAUSE_US as never, owner: engine.hostname, label: 'join/pause' }, failed), undefined;
      sim.schedule({ after: JOIN_PAUSE_US as never, owner: engine.hostname, label: 'join/pause' }, () => tryJoin(attempt + 1));
    });
  };
  const joined = (response: Extract<Response, { kind: 'joined' }>, via: string): void => {
    engine.membership = { ...engine.membership, state: 'active', nodeId: response.nodeId, clusterId: response.clusterId, role: response.role };
    engine.agent.managers = [...response.managers];
    // A manager is ready once its Raft join returned (§1.5 step 4) and its agent has a session.
    let raftJoined = response.role !== 'manager';
    let session = false;
    const ready = (): void => {
      if (raftJoined && session) answer(ok(renderSwarmJoin(response.role === 'manager')));
    };
    if (response.role === 'manager') {
      const raftId = world.newRaftId(engine.hostname);
      engine.startRaft(raftId, [], genesisOf(world.genesisStore, response.clusterId));
      engine.joinRaft(raftId, via, 0, (error) => {
        if (error === undefined) {
          raftJoined = true;
          return ready();
        }
        // The manager stops and the daemon clears the node's state (moby `swarm.go#Join`).
        engine.leave();
        lastError = daemonError(`manager stopped: can't initialize raft node: rpc error: code = Unknown desc = ${error}`);
        if (answered) engine.membership = { ...engine.membership, state: 'error', error: lastError.stderr.replace(/^Error response from daemon: /, '').trim() };
        answer(lastError);
      });
    }
    engine.whenSession(() => {
      session = true;
      ready();
    });
    engine.startAgent(via);
  };
  tryJoin(0);
}

export function swarmJoinToken(ctx: CommandContext, request: SwarmJoinTokenRequest): void {
  withLeader(ctx, (leader) => {
    const cluster = leader.raft?.app.store.cluster;
    const leadership = leader.leadership;
    if (cluster === undefined || leadership === undefined) return ctx.finish(noLeader());
    const managerAddr = ctx.world.member(ctx.engine.raft?.id ?? '')?.addr ?? `${ctx.engine.membership.addr}:2377`;
    if (!request.rotate) return ctx.finish(ok(renderJoinToken({ role: request.role, token: cluster.joinTokens[request.role], managerAddr, quiet: request.quiet, rotated: false })));
    const token = newJoinToken(ctx.world.ids, cluster.rootCaDigest);
    const next = { ...cluster, joinTokens: { ...cluster.joinTokens, [request.role]: token }, updatedAt: ctx.sim.now };
    leadership.control.write('control/rotate-token', [{ kind: 'put-cluster', cluster: next }], (result) => {
      if (result !== 'ok') return ctx.finish(result === 'no-leader' ? noLeader() : lostLeadership());
      ctx.finish(ok(renderJoinToken({ role: request.role, token, managerAddr, quiet: request.quiet, rotated: true })));
    });
  });
}

export function swarmLeave(ctx: CommandContext, request: SwarmLeaveRequest): void {
  const { engine } = ctx;
  if (engine.membership.state === 'inactive') return ctx.finish(notPartOfSwarm());
  if (engine.membership.state === 'locked' && !request.force) return ctx.finish(leaveLocked());
  if (engine.membership.role === 'manager' && !request.force) {
    const active = managerError(engine) === undefined;
    if (!active) return ctx.finish(leaveManagerRefused({ managerActive: false }));
    const routed = route(ctx.world, engine);
    if (routed.kind !== 'leader') return ctx.finish(leaveManagerRefused({ managerActive: true }));
    const managers = nodeViews(routed.leader).filter((n) => n.managerStatus !== undefined);
    const reachable = managers.filter((n) => n.managerStatus?.reachability === 'reachable').length;
    const self = managers.find((n) => n.id === engine.membership.nodeId);
    return ctx.finish(
      leaveManagerRefused({ managerActive: true, members: { reachable, unreachable: managers.length - reachable, selfReachable: self?.managerStatus?.reachability === 'reachable' } }),
    );
  }
  engine.leave();
  ctx.finish(ok(renderSwarmLeave()));
}

export function swarmUpdate(ctx: CommandContext, request: SwarmUpdateRequest): void {
  if (request.spec.dispatcherHeartbeatUs !== undefined && request.spec.dispatcherHeartbeatUs < 0) return ctx.finish(negativeHeartbeat());
  withLeader(ctx, (leader) => {
    const cluster = leader.raft?.app.store.cluster;
    const leadership = leader.leadership;
    if (cluster === undefined || leadership === undefined) return ctx.finish(noLeader());
    const next = withAutolock(ctx, { ...cluster, spec: mergeSpec(cluster.spec, request.spec), updatedAt: ctx.sim.now });
    const lockedNow = !cluster.spec.encryption.autoLockManagers && next.spec.encryption.autoLockManagers;
    leadership.control.write('control/cluster-update', [{ kind: 'put-cluster', cluster: next }], (result) => {
      if (result !== 'ok') return ctx.finish(result === 'no-leader' ? noLeader() : lostLeadership());
      // The CLI prints the unlock block when autolock went from off to on.
      ctx.finish(ok(renderSwarmUpdate(lockedNow ? next.unlockKey : undefined)));
    });
  });
}

/** SwarmKit's UpdateCluster: turning autolock on makes a key when there is none; turning it off forgets the key. */
function withAutolock(ctx: CommandContext, cluster: Cluster): Cluster {
  const on = cluster.spec.encryption.autoLockManagers;
  if (!on) return cluster.unlockKey === '' ? cluster : { ...cluster, unlockKey: '' };
  return cluster.unlockKey !== '' ? cluster : { ...cluster, unlockKey: newUnlockKey(ctx.world.ids) };
}

/**
 * `docker swarm unlock-key [-q] [--rotate]` (cli `unlock_key.go`): `--rotate`
 * reads the swarm (autolock must be on), writes a new key and says so; then
 * the key is fetched and printed (`-q`: the key alone). A failed fetch is
 * wrapped in "could not fetch unlock key: ".
 */
export function swarmUnlockKey(ctx: CommandContext, request: SwarmUnlockKeyRequest): void {
  const fetchKey = (prefix: string): void => {
    const wrapped: CommandContext = { ...ctx, finish: (output) => ctx.finish(output.exitCode === 0 ? output : clientError(`could not fetch unlock key: ${output.stderr.trim()}`)) };
    withLeader(wrapped, (leader) => {
      const key = leader.raft?.app.store.cluster?.unlockKey ?? '';
      if (key === '') return ctx.finish({ stdout: prefix, stderr: 'no unlock key is set\n', exitCode: 1 });
      ctx.finish(ok(prefix + (request.quiet ? `${key}\n` : renderUnlockBlock(key))));
    });
  };
  if (!request.rotate) return fetchKey('');
  withLeader(ctx, (leader) => {
    const cluster = leader.raft?.app.store.cluster;
    const leadership = leader.leadership;
    if (cluster === undefined || leadership === undefined) return ctx.finish(noLeader());
    if (!cluster.spec.encryption.autoLockManagers) return ctx.finish(clientError('cannot rotate because autolock is not turned on'));
    const next = { ...cluster, unlockKey: newUnlockKey(ctx.world.ids), updatedAt: ctx.sim.now };
    leadership.control.write('control/rotate-unlock-key', [{ kind: 'put-cluster', cluster: next }], (result) => {
      if (result !== 'ok') return ctx.finish(result === 'no-leader' ? noLeader() : lostLeadership());
      fetchKey(request.quiet ? '' : 'Successfully rotated manager unlock key.\n');
    });
  });
}

/**
 * `docker swarm unlock` (cli `unlock.go`, moby `UnlockSwarm`): the CLI checks
 * the node's state first, reads the key from stdin (first line, trimmed);
 * the daemon parses it, then restarts the swarm node with it, which fails
 * with a key other than the one its state was locked with. On success the
 * command returns once the node is ready (its agent has a session) and
 * prints nothing (in a terminal, only the prompt `Enter unlock key: `).
 */
export function swarmUnlock(ctx: CommandContext, _request: SwarmUnlockRequest): void {
  const { engine } = ctx;
  const state = engine.membership.state;
  if (state === 'inactive') return ctx.finish(clientError('error: this node is not part of a swarm'));
  if (state !== 'locked') return ctx.finish(clientError('error: swarm is not locked'));
  // In a terminal the CLI prompts and reads the key without echo, then prints a newline.
  const prompt = ctx.tty === true ? 'Enter unlock key: \n' : '';
  const key = (ctx.stdin ?? '').split('\n')[0]?.trim() ?? '';
  const refuse = (output: CliOutput): void => ctx.finish({ ...output, stdout: prompt + output.stdout });
  if (!isUnlockKeyText(key)) return refuse(daemonError('invalid key string'));
  if (key !== engine.lockKey) return refuse(daemonError('swarm could not be unlocked: invalid key provided'));
  engine.whenSession(() => ctx.finish(ok(prompt)));
  engine.unlock();
}
