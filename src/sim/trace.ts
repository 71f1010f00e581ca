/**
 * The trace: one canonical text line per meaningful step, and a hash of all of
 * them (the run's determinism fingerprint).
 *
 * Line format (fixed field order):
 *
 *     #<eventNo> <time> <kind>[ node=<node>][ <key>=<value>]...
 *
 * - `eventNo` is the number of kernel events started so far (the running
 *   event's number; lines written before the first event carry #0).
 * - `time` is `formatDuration(now)`, e.g. `1m30.0015s`.
 * - keys match /^[A-Za-z_][A-Za-z0-9_.\/-]*$/ (not `node`), each at most once per
 *   line, in the order the caller gave.
 * - values: integers print in decimal, booleans as true/false. A string is
 *   printed bare unless it is empty or contains whitespace, `"`, `\`, `=` or a
 *   control character; then it is printed as a JSON string literal
 *   (JSON.stringify: `"a b"`, `"say \"hi\""`, `"line\nbreak"`).
 *
 * Hash: sha256 over the UTF-8 text of every line so far, each followed by
 * `\n`. That is exactly `sha256sum` of the text trace file, so a hash can be
 * checked with standard tools. (A per-line chain `h_i = sha256(h_{i-1} ||
 * line_i)` was measured at ~1.1 µs per line against ~0.12 µs for one
 * buffered stream; both fingerprint every prefix equally well.) `hash()` may be
 * called at any time and does not disturb the running hash.
 *
 * NDJSON sink (optional): for each line, also one JSON object with fixed key
 * order, rendered by this module:
 * `{"n":<eventNo>,"t":<micros>,"kind":"..","node":"..","fields":{..},"hash":".."}`
 * `node` is left out when the event has none; `hash` is the hash after this
 * line. Computing that per-line hash costs a digest per line, paid only when
 * a sink is attached.
 */
import { createHash, type Hash } from 'node:crypto';
import { formatDuration } from './time.js';
import type { Micros, Trace, TraceEvent } from './types.js';

export type TraceSink = (line: string, ndjson: string) => void;
export type FieldValue = string | number | boolean;
export type Fields = readonly (readonly [string, FieldValue])[];

/** What the trace reads from the kernel to prefix each line. */
export interface TraceClock {
  readonly now: Micros;
  readonly eventCount: number;
}

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be quoted
const NEEDS_QUOTES = /[\s"\\=\u0000-\u001f\u007f]/;
const FLUSH_CHARS = 1 << 16;

/** Render a string value: bare if safe, else a JSON string literal. */
export function quoteValue(value: string): string {
  // A space settles it without the regex (which costs several times a scan for ' '):
  // multi-word values such as message descriptions are the common case on a busy network.
  if (value.indexOf(' ') >= 0) return JSON.stringify(value);
  return value === '' || NEEDS_QUOTES.test(value) ? JSON.stringify(value) : value;
}

function renderValue(value: FieldValue): string {
  if (typeof value === 'string') return quoteValue(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`trace: field value ${String(value)} is not an integer`);
    return String(value);
  }
  return value ? 'true' : 'false';
}

function jsonValue(value: FieldValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

interface MessageRoute {
  readonly kind: string;
  readonly port: number;
  readonly protocol: string;
  readonly reason: string | undefined;
  readonly text: string;
}

export class TraceLog implements Trace {
  private readonly hasher: Hash = createHash('sha256');
  private pending = '';
  private lines = 0;
  private readonly goodNames = new Set<string>();
  private timeAt = -1;
  private readonly nameTexts = new Map<string, string>();
  /** The constant middle of a message line, by sender then receiver (see `routeText`). */
  private readonly routes = new Map<string, Map<string, MessageRoute>>();
  private timeText = '';

  constructor(
    private readonly clock: TraceClock,
    private readonly sink?: TraceSink,
  ) {}

  get lineCount(): number {
    return this.lines;
  }

  emit(event: TraceEvent): void {
    this.record(event.kind, event.node, event.fields);
  }

  /** Same as emit, without building a TraceEvent object. */
  record(kind: string, node: string | undefined, fields: Fields | undefined): void {
    this.checkName(kind, 'kind');
    let line = `#${this.clock.eventCount} ${this.timeOf(this.clock.now)} ${kind}`;
    if (node !== undefined) line += ` node=${quoteValue(node)}`;
    if (fields !== undefined) {
      for (let i = 0; i < fields.length; i++) {
        const [key, value] = fields[i] as readonly [string, FieldValue];
        this.checkName(key, 'field key');
        if (key === 'node') throw new RangeError(`trace: 'node' is not a field key; pass it as the event's node`);
        for (let j = 0; j < i; j++) {
          if ((fields[j] as readonly [string, FieldValue])[0] === key) {
            throw new RangeError(`trace: field ${JSON.stringify(key)} appears twice in a ${kind} event`);
          }
        }
        line += ` ${key}=${renderValue(value)}`;
      }
    }
    this.append(line);
    if (this.sink !== undefined) this.sink(line, this.ndjson(kind, node, fields));
  }

  /**
   * The network's line, `<kind> from= to= port= proto= [reason=] msg=`, built
   * without a fields array: the hot path of a busy network. Same text as
   * `record(kind, undefined, [['from', from], ...])`.
   */
  recordMessage(
    kind: string,
    from: string,
    to: string,
    port: number,
    protocol: string,
    reason: string | undefined,
    describe: string,
  ): void {
    const text = `#${this.clock.eventCount} ${this.timeOf(this.clock.now)}${this.routeText(kind, from, to, port, protocol, reason)}${quoteValue(describe)}\n`;
    this.pending += text;
    this.lines++;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
    if (this.sink !== undefined) {
      const fields: [string, FieldValue][] = [
        ['from', from],
        ['to', to],
        ['port', port],
        ['proto', protocol],
      ];
      if (reason !== undefined) fields.push(['reason', reason]);
      fields.push(['msg', describe]);
      this.sink(text.slice(0, -1), this.ndjson(kind, undefined, fields));
    }
  }

  hash(): string {
    this.flush();
    return this.hasher.copy().digest('hex');
  }

  private append(line: string): void {
    this.pending += `${line}\n`;
    this.lines++;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pending === '') return;
    this.hasher.update(this.pending, 'utf8');
    this.pending = '';
  }

  private ndjson(kind: string, node: string | undefined, fields: Fields | undefined): string {
    let text = `{"n":${this.clock.eventCount},"t":${this.clock.now},"kind":${JSON.stringify(kind)}`;
    if (node !== undefined) text += `,"node":${JSON.stringify(node)}`;
    text += ',"fields":{';
    if (fields !== undefined) {
      text += fields.map(([key, value]) => `${JSON.stringify(key)}:${jsonValue(value)}`).join(',');
    }
    return `${text}},"hash":"${this.hash()}"}`;
  }

  private timeOf(now: Micros): string {
    if (now !== this.timeAt) {
      this.timeAt = now;
      this.timeText = formatDuration(now);
    }
    return this.timeText;
  }

  /**
   * ` <kind> from=<from> to=<to> port=<port> proto=<proto>[ reason=<reason>] msg=`,
   * cached per (sender, receiver): a busy network repeats the same few routes.
   */
  private routeText(kind: string, from: string, to: string, port: number, protocol: string, reason: string | undefined): string {
    let byReceiver = this.routes.get(from);
    if (byReceiver === undefined) this.routes.set(from, (byReceiver = new Map()));
    const route = byReceiver.get(to);
    if (route !== undefined && route.kind === kind && route.port === port && route.protocol === protocol && route.reason === reason) {
      return route.text;
    }
    const why = reason === undefined ? '' : ` reason=${reason}`;
    const text = ` ${kind} from=${this.nameText(from)} to=${this.nameText(to)} port=${port} proto=${protocol}${why} msg=`;
    byReceiver.set(to, { kind, port, protocol, reason, text });
    return text;
  }

  /** A node name as a value, cached (there are few names). */
  private nameText(name: string): string {
    let text = this.nameTexts.get(name);
    if (text === undefined) this.nameTexts.set(name, (text = quoteValue(name)));
    return text;
  }

  private checkName(name: string, what: string): void {
    if (this.goodNames.has(name)) return;
    if (!KEY_PATTERN.test(name)) {
      throw new RangeError(`trace: ${what} ${JSON.stringify(name)} must match ${String(KEY_PATTERN)}`);
    }
    this.goodNames.add(name);
  }
}
