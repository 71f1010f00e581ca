/**
 * A pflag-like flag set (spf13/pflag v1.0.10 as vendored by docker/cli):
 * long `--name`, `--name=value`, `--name value`; shorthand groups `-qf x`,
 * `-fvalue`, `-f=value`; bool flags take no separate value (`--force=false`
 * only with `=`); `--` ends flag parsing; flags and arguments interleave.
 * Errors carry pflag's exact text (docker-cli.md §1.2).
 */
import { compareStrings } from '../../sim/order.js';
import { formatGoDuration, GoValueError, goQuote, parseGoBool, parseGoDuration, parseGoInt, parseGoUint } from './goValues.js';

/** Value types as pflag's `Type()` names them (they appear in `--help`). */
export type FlagType =
  | 'bool'
  | 'string'
  | 'int'
  | 'uint'
  | 'uint32'
  | 'duration'
  | 'list'
  | 'filter'
  | 'node-addr'
  | 'ipNetSlice'
  | 'external-ca'
  // docker service / stack flag types (values kept as typed, checked by `validate`)
  | 'float'
  | 'decimal'
  | 'bytes'
  | 'port'
  | 'pref'
  | 'strings';

export interface FlagDef {
  readonly name: string;
  readonly shorthand?: string;
  readonly type: FlagType;
  readonly usage: string;
  /** The default as pflag's DefValue string (`5s`, `active`, `0.0.0.0:2377`); '' for none. */
  readonly defValue?: string;
  /** Hidden from `--help` (the inherited `--help` flag itself). */
  readonly hidden?: boolean;
  /** pflag ShorthandDeprecated: the shorthand works but prints a notice. */
  readonly shorthandDeprecated?: string;
  /** Extra check of a value as the option's `Set` does it; throws GoValueError with the cause text. */
  readonly validate?: (value: string) => void;
}

/** A parsed value: bool → boolean, int/uint/duration(ns) → bigint, list/filter/slices → string[], else string. */
export type FlagValue = boolean | bigint | string | readonly string[];

export interface ParsedFlags {
  /** Values of flags given on the command line (pflag `Changed`), by long name. */
  readonly values: ReadonlyMap<string, FlagValue>;
  readonly args: readonly string[];
  /** Notices pflag prints while parsing (deprecated shorthand), for stderr. */
  readonly notices: readonly string[];
}

export type FlagParseResult = { readonly ok: true; readonly parsed: ParsedFlags } | { readonly ok: false; readonly message: string };

const LIST_TYPES: ReadonlySet<FlagType> = new Set(['list', 'filter', 'ipNetSlice', 'external-ca', 'port', 'pref', 'strings']);

class FlagError extends Error {}

function flagDisplayName(flag: FlagDef): string {
  return flag.shorthand !== undefined ? `-${flag.shorthand}, --${flag.name}` : `--${flag.name}`;
}

/** `opts.ParseTCPAddr(value, "0.0.0.0:2377")` restricted to what a simulated host has (IPv4, names). */
function parseNodeAddr(value: string): string {
  const addr = value.startsWith('tcp://') ? value.slice('tcp://'.length) : value;
  if (addr === '' || addr.includes('://')) throw new GoValueError(`invalid proto, expected tcp: ${value}`);
  const colon = addr.lastIndexOf(':');
  const host = colon < 0 ? addr : addr.slice(0, colon);
  const port = colon < 0 ? '2377' : addr.slice(colon + 1);
  if (host.includes(':') || !/^[0-9]*$/.test(port)) throw new GoValueError(`invalid bind address format: ${value}`);
  return `${host === '' ? '0.0.0.0' : host}:${port === '' ? '2377' : port}`;
}

function parseFilter(value: string): string | null {
  if (value === '') return null;
  const eq = value.indexOf('=');
  if (eq < 0) throw new GoValueError('bad format of filter (expected name=value)');
  return `${value.slice(0, eq).trim().toLowerCase()}=${value.slice(eq + 1).trim()}`;
}

function convertScalar(flag: FlagDef, value: string): FlagValue {
  switch (flag.type) {
    case 'bool':
      return parseGoBool(value);
    case 'int':
      return parseGoInt(value, 64);
    case 'uint':
      return parseGoUint(value, 64);
    case 'uint32':
      return parseGoUint(value, 32);
    case 'duration':
      return parseGoDuration(value);
    case 'node-addr':
      return parseNodeAddr(value);
    default:
      return value;
  }
}

class FlagSetParser {
  private readonly values = new Map<string, FlagValue>();
  private readonly args: string[] = [];
  private readonly notices: string[] = [];
  private readonly byName = new Map<string, FlagDef>();
  private readonly byShorthand = new Map<string, FlagDef>();

  constructor(
    flags: readonly FlagDef[],
    private readonly interspersed: boolean,
  ) {
    for (const flag of flags) {
      this.byName.set(flag.name, flag);
      if (flag.shorthand !== undefined) this.byShorthand.set(flag.shorthand, flag);
    }
  }

  private set(flag: FlagDef, value: string): void {
    let converted: FlagValue | null;
    try {
      flag.validate?.(value);
      converted = flag.type === 'filter' ? parseFilter(value) : convertScalar(flag, value);
    } catch (error) {
      if (!(error instanceof GoValueError)) throw error;
      throw new FlagError(`invalid argument ${goQuote(value)} for ${goQuote(flagDisplayName(flag))} flag: ${error.message}`);
    }
    if (LIST_TYPES.has(flag.type)) {
      const previous = (this.values.get(flag.name) as readonly string[] | undefined) ?? [];
      this.values.set(flag.name, converted === null ? previous : [...previous, converted as string]);
    } else if (converted !== null) {
      this.values.set(flag.name, converted);
    }
  }

  private parseLong(word: string, rest: string[]): string[] {
    const body = word.slice(2);
    if (body === '' || body[0] === '-' || body[0] === '=') throw new FlagError(`bad flag syntax: ${word}`);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const flag = this.byName.get(name);
    if (flag === undefined) throw new FlagError(`unknown flag: --${name}`);
    if (eq >= 0) this.set(flag, body.slice(eq + 1));
    else if (flag.type === 'bool') this.set(flag, 'true');
    else if (rest.length > 0) {
      this.set(flag, rest[0] as string);
      return rest.slice(1);
    } else throw new FlagError(`flag needs an argument: --${name}`);
    return rest;
  }

  /** One shorthand letter of a group; returns the letters left and the remaining words. */
  private parseShort(group: string, rest: string[]): { letters: string; rest: string[] } {
    const c = group[0] as string;
    const flag = this.byShorthand.get(c);
    if (flag === undefined) throw new FlagError(`unknown shorthand flag: '${c}' in -${group}`);
    let value: string;
    let letters = group.slice(1);
    let remaining = rest;
    if (group.length > 2 && group[1] === '=') {
      value = group.slice(2);
      letters = '';
    } else if (flag.type === 'bool') value = 'true';
    else if (group.length > 1) {
      value = group.slice(1);
      letters = '';
    } else if (rest.length > 0) {
      value = rest[0] as string;
      remaining = rest.slice(1);
    } else throw new FlagError(`flag needs an argument: '${c}' in -${group}`);
    if (flag.shorthandDeprecated !== undefined) {
      this.notices.push(`Flag shorthand -${c} has been deprecated, ${flag.shorthandDeprecated}`);
    }
    this.set(flag, value);
    return { letters, rest: remaining };
  }

  parse(words: readonly string[]): ParsedFlags {
    let rest = [...words];
    while (rest.length > 0) {
      const word = rest.shift() as string;
      if (word.length < 2 || word[0] !== '-') {
        this.args.push(word);
        // SetInterspersed(false): everything after the first argument is an argument.
        if (!this.interspersed) {
          this.args.push(...rest);
          rest = [];
        }
      } else if (word === '--') {
        this.args.push(...rest);
        rest = [];
      } else if (word[1] === '-') {
        rest = this.parseLong(word, rest);
      } else {
        // pflag hands every letter of a group the words after the group (parseShortArg).
        let letters = word.slice(1);
        const after = rest;
        while (letters.length > 0) {
          const step = this.parseShort(letters, after);
          letters = step.letters;
          rest = step.rest;
        }
      }
    }
    return { values: this.values, args: this.args, notices: this.notices };
  }
}

/** Parse words against a flag set (interspersed flags and arguments, like cobra's default). */
export function parseFlags(flags: readonly FlagDef[], words: readonly string[], options: { interspersed?: boolean } = {}): FlagParseResult {
  try {
    return { ok: true, parsed: new FlagSetParser(flags, options.interspersed ?? true).parse(words) };
  } catch (error) {
    if (error instanceof FlagError) return { ok: false, message: error.message };
    throw error;
  }
}

/** pflag `UnquoteUsage`: the back-quoted name in the usage, else a name from the type. */
function unquoteUsage(flag: FlagDef): { varname: string; usage: string } {
  const match = /`([^`]*)`/.exec(flag.usage);
  if (match !== null) {
    return { varname: match[1] as string, usage: flag.usage.replace(/`([^`]*)`/, '$1') };
  }
  const names: Partial<Record<FlagType, string>> = { bool: '', int: 'int', uint: 'uint' };
  return { varname: names[flag.type] ?? flag.type, usage: flag.usage };
}

function defaultIsZero(flag: FlagDef): boolean {
  const def = flag.defValue ?? '';
  switch (flag.type) {
    case 'bool':
      return def === 'false' || def === '';
    case 'duration':
      return def === '0' || def === '0s' || def === '';
    case 'int':
    case 'uint':
    case 'uint32':
      return def === '0' || def === '';
    case 'string':
      return def === '';
    default:
      return def === 'false' || def === '<nil>' || def === '' || def === '0';
  }
}

/** pflag `wrapN`. */
function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nl = head.lastIndexOf('\n');
  if (nl > 0 && nl < w) return [s.slice(0, nl), s.slice(nl + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}

/** pflag `wrap`: wrap `s` to width `w`, continuation lines indented by `i`. */
function wrap(indent: number, w: number, text: string): string {
  let i = indent;
  let width = w - i;
  let result = '';
  if (width < 24) {
    i = 16;
    width = w - i;
    result += `\n${' '.repeat(i)}`;
  }
  if (width < 24) return text.split('\n').join(result);
  const slop = 5;
  width -= slop;
  const pad = ' '.repeat(i);
  let [line, rest] = wrapN(width, slop, text);
  result += line.split('\n').join(`\n${pad}`);
  while (rest !== '') {
    [line, rest] = wrapN(width, slop, rest);
    result += `\n${pad}${line.split('\n').join(`\n${pad}`)}`;
  }
  return result;
}

/** pflag `FlagUsagesWrapped(cols)`: one line per visible flag, sorted by name. */
export function flagUsagesWrapped(flags: readonly FlagDef[], cols: number): string {
  const visible = flags.filter((flag) => flag.hidden !== true).sort((a, b) => compareStrings(a.name, b.name));
  const lines: { head: string; usage: string }[] = [];
  let maxlen = 0;
  for (const flag of visible) {
    let head = flag.shorthand !== undefined && flag.shorthandDeprecated === undefined ? `  -${flag.shorthand}, --${flag.name}` : `      --${flag.name}`;
    const { varname, usage } = unquoteUsage(flag);
    if (varname !== '') head += ` ${varname}`;
    maxlen = Math.max(maxlen, head.length + 1);
    let text = usage;
    if (!defaultIsZero(flag)) {
      text += flag.type === 'string' ? ` (default ${goQuote(flag.defValue ?? '')})` : ` (default ${flag.defValue ?? ''})`;
    }
    lines.push({ head, usage: text });
  }
  // Go: Fprintln(buf, head, spacing, wrapped) puts one space between the three operands.
  return lines.map(({ head, usage }) => `${head} ${' '.repeat(maxlen - head.length)} ${wrap(maxlen + 2, cols, usage)}\n`).join('');
}

/** The DefValue pflag shows for a duration default given in nanoseconds. */
export function durationDefault(ns: bigint): string {
  return formatGoDuration(ns);
}

/** docker/cli `flagsHelper.FormatHelp`: the usage of every list command's `--format`. */
export const FORMAT_HELP = `Format output using a custom template:
'table':            Print output in table format with column headers (default)
'table TEMPLATE':   Print output in table format using the given Go template
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;
