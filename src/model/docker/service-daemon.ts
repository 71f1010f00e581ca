/**
 * What the daemon and the client do between parsing and rendering, kept pure
 * for the wiring: service lookup (docker-cli.md §1.6), `service ps`'s own
 * resolution, the control API's checks of a new or updated spec
 * (docker-cli.md §8, swarm-services.md §9.5, §11), the progress frame the CLI
 * builds from tasks (swarm-services.md §12) and a deterministic stand-in for
 * Docker's random service names.
 */
import { compareStrings } from '../../sim/order.js';
import type { Node, PortConfig, Service, ServiceSpec, Task } from '../store/objects.js';
import { parseConstraints } from '../scheduler/constraints.js';
import { isTerminal, TASK_STATE_VALUES } from '../tasks/states.js';
import type { CliOutput } from './errors.js';
import { daemonError, invalidFilter } from './errors.js';
import type { FilterTerm } from './requests.js';
import type { ServiceChanges } from './service-requests.js';
import { applyServiceChanges } from './service-spec.js';
import { taskName } from './render/services.js';
import type { ProgressFrame, ProgressSlot } from './render/progress.js';
import {
  constraintError,
  duplicatePublishedPorts,
  invalidCpu,
  invalidMemory,
  modeChangeNotAllowed,
  multipleServicesWithPrefix,
  noSuchService,
  portInUse,
  replicasUpdateModeError,
  serviceAmbiguous,
  serviceNameConflict,
  serviceNameInvalid,
  serviceNameTooLong,
  serviceNotFound,
} from './service-errors.js';

export type ServiceLookup = { readonly ok: true; readonly service: Service } | { readonly ok: false; readonly error: CliOutput };

/** Daemon lookup (`getService`): full ID, else exact name, else ID prefix; a name match wins over a prefix. */
export function resolveService(services: readonly Service[], ref: string): ServiceLookup {
  const byId = services.find((service) => service.id === ref);
  if (byId !== undefined) return { ok: true, service: byId };
  const byName = services.filter((service) => service.spec.name === ref);
  if (byName.length === 1) return { ok: true, service: byName[0] as Service };
  if (byName.length > 1) return { ok: false, error: serviceAmbiguous(ref, byName.length) };
  const byPrefix = ref === '' ? [] : services.filter((service) => service.id.startsWith(ref));
  if (byPrefix.length === 1) return { ok: true, service: byPrefix[0] as Service };
  if (byPrefix.length > 1) return { ok: false, error: serviceAmbiguous(ref, byPrefix.length) };
  return { ok: false, error: serviceNotFound(ref) };
}

/** `service ps`'s client-side resolution: misses are `no such service: x`, two prefix matches `multiple services found…`. */
export function resolveServiceForPs(services: readonly Service[], ref: string): ServiceLookup {
  const byId = services.find((service) => service.id === ref);
  if (byId !== undefined) return { ok: true, service: byId };
  const byName = services.find((service) => service.spec.name === ref);
  if (byName !== undefined) return { ok: true, service: byName };
  const byPrefix = services.filter((service) => service.id.startsWith(ref));
  if (byPrefix.length === 1) return { ok: true, service: byPrefix[0] as Service };
  if (byPrefix.length > 1) return { ok: false, error: multipleServicesWithPrefix(ref) };
  return { ok: false, error: noSuchService(ref) };
}

/** swarmkit `controlapi/common.go#isValidDNSName` (underscores allowed: stack services are `app_web`). */
const DNS_LABEL = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;
const MIN_MEMORY_BYTES = 4 * 1024 * 1024;
const MIN_NANO_CPUS = 1_000_000;

function checkResources(spec: ServiceSpec): CliOutput | undefined {
  for (const resources of [spec.task.resources.limits, spec.task.resources.reservations]) {
    if (resources.memoryBytes !== 0 && resources.memoryBytes < MIN_MEMORY_BYTES) return invalidMemory(resources.memoryBytes);
    if (resources.nanoCPUs !== 0 && resources.nanoCPUs < MIN_NANO_CPUS) return invalidCpu(String(resources.nanoCPUs / 1e9));
  }
  return undefined;
}

function publishedKey(port: PortConfig): string {
  return `${port.protocol}/${port.publishedPort}`;
}

function checkPorts(spec: ServiceSpec, others: readonly Service[]): CliOutput | undefined {
  const published = spec.endpoint.ports.filter((port) => port.publishedPort !== 0);
  if (new Set(published.map(publishedKey)).size !== published.length) return duplicatePublishedPorts();
  for (const port of published) {
    for (const other of [...others].sort((a, b) => compareStrings(a.id, b.id))) {
      const clash = (other.endpoint?.ports ?? other.spec.endpoint.ports).find((theirs) => theirs.publishedPort === port.publishedPort && theirs.protocol === port.protocol);
      if (clash !== undefined && (clash.publishMode === 'ingress' || port.publishMode === 'ingress' || clash.publishMode === port.publishMode)) {
        return portInUse({ port: port.publishedPort, serviceName: other.spec.name, serviceId: other.id, host: clash.publishMode === 'host' });
      }
    }
  }
  return undefined;
}

/**
 * The control API's checks of a spec (`controlapi/service.go#validateServiceSpec`,
 * `#checkPortConflicts`), in that order: name, resources, placement
 * constraints, published ports, name conflict; for an update (`previous` set)
 * also the mode. `others`: every other stored service.
 */
export function validateServiceSpec(options: { spec: ServiceSpec; others: readonly Service[]; previous?: ServiceSpec }): CliOutput | undefined {
  const { spec, others, previous } = options;
  if (!DNS_LABEL.test(spec.name)) return serviceNameInvalid();
  if (spec.name.length > 63) return serviceNameTooLong();
  const resources = checkResources(spec);
  if (resources !== undefined) return resources;
  const constraints = parseConstraints(spec.task.placement.constraints);
  if (!constraints.ok) return constraintError(constraints.error);
  if (previous !== undefined && previous.mode.kind !== spec.mode.kind) return modeChangeNotAllowed();
  const ports = checkPorts(spec, others);
  if (ports !== undefined) return ports;
  if (previous === undefined && others.some((other) => other.spec.name === spec.name)) return serviceNameConflict(spec.name);
  return undefined;
}

// ---- progress frame (progress.go) ----

function chosenTask(tasks: readonly Task[]): Task | undefined {
  return [...tasks].sort(
    (a, b) =>
      TASK_STATE_VALUES[a.desiredState] - TASK_STATE_VALUES[b.desiredState] ||
      TASK_STATE_VALUES[a.status.state] - TASK_STATE_VALUES[b.status.state] ||
      compareStrings(a.id, b.id),
  )[0];
}

function slotOf(task: Task | undefined, label: string): ProgressSlot {
  if (task === undefined) return { label };
  return { label, state: task.status.state, ...(task.status.err !== '' ? { err: task.status.err } : {}) };
}

function isRunningForProgress(task: Task): boolean {
  return !isTerminal(task.desiredState) && task.status.state === 'running';
}

/**
 * The frame `ServiceProgress` draws for a service at one poll: tasks of this
 * spec version on nodes that are not DOWN; replicated: slots `i/N` in slot
 * order (the CLI maps them by first sight; slot order here), global: one bar
 * per node with an up-to-date task, keyed by the 12-char node ID.
 */
export function progressFrameFor(options: { service: Service; tasks: readonly Task[]; nodes: Readonly<Record<string, Node>>; rollback?: boolean }): ProgressFrame {
  const { service, nodes } = options;
  const tasks = options.tasks.filter(
    (task) => task.serviceId === service.id && task.specVersion === service.specVersion && nodes[task.nodeId]?.status.state !== 'down',
  );
  const rollback = options.rollback === true ? { rollback: true } : {};
  if (service.spec.mode.kind === 'global') {
    const byNode = new Map<string, Task[]>();
    for (const task of tasks) if (!isTerminal(task.desiredState)) byNode.set(task.nodeId, [...(byNode.get(task.nodeId) ?? []), task]);
    const nodeIds = [...byNode.keys()].sort(compareStrings);
    if (nodeIds.length === 0) return { mode: 'global', waitingForTasks: true, running: 0, total: 0, slots: [], ...rollback };
    const chosen = nodeIds.map((id) => chosenTask(byNode.get(id) ?? []));
    return {
      mode: 'global',
      running: chosen.filter((task) => task !== undefined && isRunningForProgress(task)).length,
      total: nodeIds.length,
      slots: nodeIds.map((id, i) => slotOf(chosen[i], id.slice(0, 12))),
      ...rollback,
    };
  }
  const replicas = service.spec.mode.replicas;
  const slots = [...new Set(tasks.map((task) => task.slot))].sort((a, b) => a - b).slice(0, replicas);
  const chosen = slots.map((slot) => chosenTask(tasks.filter((task) => task.slot === slot)));
  return {
    mode: 'replicated',
    running: chosen.filter((task) => task !== undefined && isRunningForProgress(task)).length,
    total: replicas,
    slots: slots.map((_slot, i) => slotOf(chosen[i], `${i + 1}/${replicas}`)),
    ...rollback,
  };
}

/** `progress.go`'s convergence: every slot's chosen task running (replicated: as many as the replica count). */
export function progressConverged(frame: ProgressFrame): boolean {
  return frame.waitingForTasks !== true && frame.running === frame.total;
}

// ---- names ----

const ADJECTIVES = [
  'admiring', 'affectionate', 'agitated', 'amazing', 'angry', 'awesome', 'blissful', 'bold', 'brave', 'busy', 'charming', 'clever', 'compassionate',
  'competent', 'condescending', 'confident', 'cool', 'cranky', 'crazy', 'dazzling', 'determined', 'distracted', 'dreamy', 'eager', 'ecstatic',
  'elastic', 'elated', 'elegant', 'eloquent', 'epic', 'exciting', 'fervent', 'festive', 'flamboyant', 'focused', 'friendly', 'frosty', 'funny',
  'gallant', 'gifted', 'goofy', 'gracious', 'great', 'happy', 'hardcore', 'heuristic', 'hopeful', 'hungry', 'infallible', 'inspiring', 'intelligent',
  'interesting', 'jolly', 'jovial', 'keen', 'kind', 'laughing', 'loving', 'lucid', 'magical', 'modest', 'musing', 'mystifying', 'naughty', 'nervous',
  'nice', 'nifty', 'nostalgic', 'objective', 'optimistic', 'peaceful', 'pedantic', 'pensive', 'practical', 'priceless', 'quirky', 'quizzical',
  'recursing', 'relaxed', 'reverent', 'romantic', 'sad', 'serene', 'sharp', 'silly', 'sleepy', 'stoic', 'strange', 'stupefied', 'suspicious',
  'sweet', 'tender', 'thirsty', 'trusting', 'unruffled', 'upbeat', 'vibrant', 'vigilant', 'vigorous', 'wizardly', 'wonderful', 'xenodochial',
  'youthful', 'zealous', 'zen',
];

const SURNAMES = [
  'albattani', 'allen', 'archimedes', 'babbage', 'banach', 'bardeen', 'bartik', 'bell', 'bhabha', 'blackwell', 'bohr', 'booth', 'borg', 'bose',
  'brattain', 'brown', 'carson', 'chandrasekhar', 'chatelet', 'curie', 'darwin', 'davinci', 'dijkstra', 'dubinsky', 'easley', 'einstein', 'elion',
  'engelbart', 'euclid', 'euler', 'fermat', 'fermi', 'feynman', 'franklin', 'galileo', 'gates', 'goldberg', 'goldstine', 'goodall', 'hamilton',
  'hawking', 'heisenberg', 'hellman', 'hermann', 'hodgkin', 'hofstadter', 'hopper', 'hypatia', 'jackson', 'jang', 'jennings', 'jepsen', 'johnson',
  'joliot', 'kalam', 'keller', 'kepler', 'khorana', 'kilby', 'knuth', 'kowalevski', 'lalande', 'lamarr', 'lamport', 'leakey', 'leavitt', 'lewin',
  'liskov', 'lovelace', 'lumiere', 'mahavira', 'mayer', 'mccarthy', 'mcclintock', 'mclean', 'meitner', 'mendel', 'mestorf', 'minsky', 'mirzakhani',
  'morse', 'murdock', 'napier', 'newton', 'nobel', 'noether', 'northcutt', 'noyce', 'panini', 'pare', 'pasteur', 'perlman', 'pike', 'poincare',
  'ptolemy', 'raman', 'ramanujan', 'ride', 'ritchie', 'roentgen', 'rosalind', 'saha', 'sammet', 'shannon', 'shaw', 'shirley', 'shockley', 'sinoussi',
  'snyder', 'spence', 'stallman', 'stonebraker', 'swanson', 'swartz', 'swirles', 'tesla', 'thompson', 'torvalds', 'turing', 'varahamihira',
  'visvesvaraya', 'volhard', 'wescoff', 'wiles', 'williams', 'wilson', 'wing', 'wozniak', 'wright', 'yalow', 'yonath',
];

/**
 * A Docker-style `adjective_surname` for `service create` without `--name`
 * (moby `namesgenerator.GetRandomName(0)`), drawn from the caller's seeded
 * stream; `boring_wozniak` is skipped as Docker does. A subset of Docker's
 * word lists: names look alike, they are not Docker's draws.
 */
export function generateServiceName(intBelow: (n: number) => number, taken: (name: string) => boolean = () => false): string {
  for (;;) {
    const name = `${ADJECTIVES[intBelow(ADJECTIVES.length)]}_${SURNAMES[intBelow(SURNAMES.length)]}`;
    if (name !== 'boring_wozniak' && !taken(name)) return name;
  }
}

// ---- service update / task filters ----

/** `service update`'s changes on a stored service, with the client's mode check (`--replicas` on a global service). */
export function updatedServiceSpec(service: Service, changes: ServiceChanges): ServiceSpec | CliOutput {
  if (changes.replicas !== undefined && service.spec.mode.kind !== 'replicated') return replicasUpdateModeError();
  return applyServiceChanges(service.spec, changes);
}

const TASK_FILTER_KEYS = ['name', 'id', 'label', 'service', 'node', 'desired-state', 'runtime'];

/**
 * The daemon's task filters (`daemon/cluster/filters.go#newListTasksFilters`):
 * `desired-state` (any task state, case-insensitive; several values = any),
 * `node` (ID, name or hostname), `id` (prefix), `name` (prefix of
 * `<service>.<slot|node>`); other accepted keys are not modelled and match
 * everything. Unknown keys → `invalid filter '<key>'`.
 */
export function filterTasks(
  tasks: readonly Task[],
  filters: readonly FilterTerm[],
  context: { readonly services: Readonly<Record<string, Service>>; readonly nodes: Readonly<Record<string, Node>> },
): Task[] | CliOutput {
  const byKey = new Map<string, string[]>();
  for (const { key, value } of filters) {
    if (!TASK_FILTER_KEYS.includes(key)) return invalidFilter(key);
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  const desired = (byKey.get('desired-state') ?? []).filter((value) => value !== '');
  for (const value of desired) if (!(value.toLowerCase() in TASK_STATE_VALUES)) return daemonError(`Invalid desired-state filter: '${value}'`);
  const nodeRefs = byKey.get('node') ?? [];
  const matchesNode = (task: Task): boolean => {
    const node = context.nodes[task.nodeId];
    return nodeRefs.some((ref) => ref === task.nodeId || (node !== undefined && (ref === node.spec.name || ref === node.description?.hostname)));
  };
  return tasks.filter(
    (task) =>
      (desired.length === 0 || desired.some((value) => value.toLowerCase() === task.desiredState)) &&
      (nodeRefs.length === 0 || matchesNode(task)) &&
      (byKey.get('id') ?? [task.id]).some((prefix) => task.id.startsWith(prefix)) &&
      (byKey.get('name') ?? ['']).some((prefix) => taskName(task, context.services[task.serviceId]).startsWith(prefix)),
  );
}
