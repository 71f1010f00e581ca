/**
 * Values of `docker service` flags and compose keys, parsed with the docker
 * CLI's accepted inputs and error texts (docker-cli.md §8): `ParseCPUs`
 * (`--limit-cpu`, compose `cpus`), go-units `RAMInBytes` (`--limit-memory`,
 * compose `memory`), `PortOpt.Set` (`--publish`, compose `ports`), placement
 * preferences, `strconv.ParseFloat`, `ValidateEnv`.
 *
 * Each parser throws `GoValueError` with the text the CLI prints after
 * `invalid argument "<v>" for "<flag>" flag: `. No float arithmetic where the
 * CLI is exact (CPUs are rationals); RAMInBytes is float64 in Go too.
 */
import type { PlacementPreference, PortConfig, PortProtocol, PublishMode } from '../store/objects.js';
import { compareStrings } from '../../sim/order.js';
import { GoValueError, goQuote } from './goValues.js';

const NANO = 1_000_000_000n;

/** `opts.ParseCPUs`: a rational number of CPUs → nano-CPUs (`0.5` → 500000000, `1/2` too). */
export function parseCpus(value: string): number {
  const fraction = /^([+-]?)(\d+)\/(\d+)$/.exec(value);
  let num: bigint;
  let den: bigint;
  if (fraction !== null) {
    num = BigInt(fraction[2] as string) * (fraction[1] === '-' ? -1n : 1n);
    den = BigInt(fraction[3] as string);
    if (den === 0n) throw new GoValueError(`failed to parse ${value} as a rational number`);
  } else {
    const decimal = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value);
    const whole = decimal?.[2] ?? '';
    const frac = decimal?.[3] ?? '';
    if (decimal === null || whole + frac === '') throw new GoValueError(`failed to parse ${value} as a rational number`);
    const exponent = Number(decimal[4] ?? '0') - frac.length;
    num = BigInt(whole + frac) * (decimal[1] === '-' ? -1n : 1n);
    den = 1n;
    if (exponent >= 0) num *= 10n ** BigInt(exponent);
    else den = 10n ** BigInt(-exponent);
  }
  const nanos = num * NANO;
  if (nanos % den !== 0n) throw new GoValueError('value is too precise');
  return Number(nanos / den);
}

const BINARY: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** `strconv.ParseFloat(s, 64)` for the decimal forms the CLI meets. */
export function parseGoFloat(s: string): number {
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s) && !/^[+-]?(?:inf|infinity|nan)$/i.test(s)) {
    throw new GoValueError(`strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax`);
  }
  return Number(/^[+-]?inf/i.test(s) ? `${s.startsWith('-') ? '-' : ''}Infinity` : s);
}

/** go-units `RAMInBytes` (binary units, `parseSize`). */
export function ramInBytes(sizeStr: string): number {
  let sep = -1;
  for (let i = sizeStr.length - 1; i >= 0; i--) {
    if ('01234567890. '.includes(sizeStr[i] as string)) {
      sep = i;
      break;
    }
  }
  if (sep === -1) throw new GoValueError(`invalid size: '${sizeStr}'`);
  const num = sizeStr[sep] !== ' ' ? sizeStr.slice(0, sep + 1) : sizeStr.slice(0, sep);
  let sfx = sizeStr.slice(sep + 1);
  const size = parseGoFloat(num);
  if (size < 0) throw new GoValueError(`invalid size: '${sizeStr}'`);
  if (sfx === '') return Math.trunc(size);
  const bad = (): GoValueError => new GoValueError(`invalid suffix: '${sfx}'`);
  if (sfx.length > 3) throw bad();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') {
    if (sfx.length > 1) throw bad();
    return Math.trunc(size);
  }
  const mul = BINARY[sfx[0] as string];
  if (mul === undefined) throw bad();
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) throw bad();
  return Math.trunc(size * mul);
}

/** `--placement-pref spread=node.labels.zone`. */
export function parsePlacementPref(value: string): PlacementPreference {
  const eq = value.indexOf('=');
  if (eq < 0) throw new GoValueError('placement preference must be of the format "<strategy>=<arg>"');
  const strategy = value.slice(0, eq);
  if (strategy.toLowerCase() !== 'spread') throw new GoValueError(`unsupported placement preference ${strategy} (only spread is supported)`);
  return { spread: value.slice(eq + 1) };
}

/** `opts.ValidateEnv`: a name is required; `KEY` alone stays `KEY` (the simulated client has no environment). */
export function validateEnv(value: string): string {
  const eq = value.indexOf('=');
  if ((eq < 0 ? value : value.slice(0, eq)) === '') throw new GoValueError(`invalid environment variable: ${value}`);
  return value;
}

function parsePortNumber(text: string, what: 'target' | 'published'): number {
  if (!/^\d+$/.test(text)) throw new GoValueError(`invalid ${what} port (${text}): value must be an integer: invalid syntax`);
  const n = Number(text);
  if (n > 65535) throw new GoValueError(`invalid ${what} port (${text}): value must be an integer: value out of range`);
  return n;
}

/** A CSV record as Go's encoding/csv reads one line (quotes allowed). */
function csvFields(value: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quoted) {
      if (c === '"' && value[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function parseLongPort(value: string): PortConfig {
  let protocol: PortProtocol = 'tcp';
  let publishMode: PublishMode = 'ingress';
  let targetPort = 0;
  let publishedPort = 0;
  for (const field of csvFields(value)) {
    const lower = field.toLowerCase();
    const eq = lower.indexOf('=');
    if (eq <= 0) throw new GoValueError(`invalid field: ${field}`);
    const key = lower.slice(0, eq);
    const val = lower.slice(eq + 1);
    if (key === 'protocol') {
      if (val !== 'tcp' && val !== 'udp' && val !== 'sctp') throw new GoValueError(`invalid protocol value '${val}'`);
      protocol = val;
    } else if (key === 'mode') {
      if (val !== 'ingress' && val !== 'host') throw new GoValueError(`invalid publish mode value (${val}): must be either 'ingress' or 'host'`);
      publishMode = val;
    } else if (key === 'target') targetPort = parsePortNumber(val, 'target');
    else if (key === 'published') publishedPort = parsePortNumber(val, 'published');
    else throw new GoValueError(`invalid field key: ${key}`);
  }
  if (targetPort === 0) throw new GoValueError("missing mandatory field 'target'");
  return { protocol, targetPort, publishedPort, publishMode };
}

function portRange(text: string, what: 'containerPort' | 'hostPort'): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  const start = Number(match?.[1]);
  const end = match?.[2] === undefined ? start : Number(match[2]);
  if (match === null || start > 65535 || end > 65535 || end < start) throw new GoValueError(`invalid ${what}: ${text}`);
  return [start, end];
}

/** go-connections `nat.ParsePortSpec` + `ConvertPortToPortConfig` (short syntax). */
function parseShortPort(value: string): PortConfig[] {
  const slash = value.lastIndexOf('/');
  const raw = slash >= 0 ? value.slice(0, slash) : value;
  const proto = slash >= 0 ? value.slice(slash + 1).toLowerCase() : 'tcp';
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') throw new GoValueError(`invalid proto: ${proto}`);
  const parts = raw.split(':');
  const container = parts[parts.length - 1] ?? '';
  const host = parts.length >= 2 ? (parts[parts.length - 2] as string) : '';
  const ip = parts.length >= 3 ? parts.slice(0, -2).join(':') : '';
  if (container === '') throw new GoValueError(`no port specified: ${value}<empty>`);
  if (ip !== '') {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip.replace(/^\[|\]$/g, ''))) throw new GoValueError(`invalid IP address: ${ip}`);
    throw new GoValueError('hostip is not supported');
  }
  const [start, end] = portRange(container, 'containerPort');
  const [hostStart, hostEnd] = host === '' ? [0, 0] : portRange(host, 'hostPort');
  if (host !== '' && end - start !== hostEnd - hostStart) throw new GoValueError(`invalid ranges specified for container and host Ports: ${container} and ${host}`);
  const ports: PortConfig[] = [];
  for (let i = 0; i <= end - start; i++) {
    ports.push({ protocol: proto, targetPort: start + i, publishedPort: host === '' ? 0 : hostStart + i, publishMode: 'ingress' });
  }
  return ports;
}

/** `--publish` / compose short port: long CSV syntax when it looks like `k=v`, else `[ip:][published:]target[/proto]`. */
export function parsePublish(value: string): PortConfig[] {
  return /\w+=\w+(,\w+=\w+)*/.test(value) ? [parseLongPort(value)] : parseShortPort(value);
}

/** The key ports are deduplicated and sorted by (`update.go#updatePorts`, `PortConfig.Compare` close enough). */
export function portKey(port: PortConfig): string {
  return `${port.publishedPort}:${port.targetPort}/${port.protocol}/${port.publishMode}`;
}

export function sortPorts(ports: readonly PortConfig[]): PortConfig[] {
  const unique = new Map(ports.map((port) => [portKey(port), port]));
  return [...unique.values()].sort((a, b) => compareStrings(portKey(a), portKey(b)));
}
