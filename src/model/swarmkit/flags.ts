/**
 * swarmctl's command line as cobra and pflag read it (swarmkit vendors cobra
 * v1.9.1, pflag v1.0.6): flags defined per command, the root's persistent
 * `--socket`/`--no-resolve`, `--name value`, `--name=value`, `-q`, `-aq`,
 * `-s value`, flags anywhere among the arguments, `--` ends flags. Usage text
 * is pflag's `FlagUsages` (sorted by name, usages aligned one column after the
 * longest `  -x, --name type`, ` (default …)` for non-zero defaults).
 */
import { compareStrings } from '../../sim/order.js';
import { parseGoDuration } from './humanize.js';

export type FlagType = 'bool' | 'string' | 'strings' | 'uint' | 'int' | 'duration' | 'external-ca';

export interface FlagDef {
  readonly name: string;
  readonly shorthand?: string;
  readonly type: FlagType;
  /** pflag's DefValue text (`1`, `pause`, `[]`, `2160h0m0s`); zero values print no default. */
  readonly defValue: string;
  readonly usage: string;
}

const ZERO_DEFAULTS: Readonly<Record<FlagType, readonly string[]>> = {
  bool: ['false'],
  string: [''],
  strings: ['[]', ''],
  uint: ['0'],
  int: ['0'],
  duration: ['0s', '0'],
  'external-ca': [''],
};

/** pflag's type word in usage lines (`UnquoteUsage`): none for bool. */
const TYPE_WORDS: Readonly<Record<FlagType, string>> = { bool: '', string: 'string', strings: 'strings', uint: 'uint', int: 'int', duration: 'duration', 'external-ca': 'external-ca' };

/** pflag `FlagUsages`, trailing whitespace trimmed as cobra's template does. */
export function flagUsages(flags: readonly FlagDef[]): string {
  const sorted = [...flags].sort((a, b) => compareStrings(a.name, b.name));
  const prefixes = sorted.map((flag) => {
    const head = flag.shorthand === undefined ? `      --${flag.name}` : `  -${flag.shorthand}, --${flag.name}`;
    const word = TYPE_WORDS[flag.type];
    return word === '' ? head : `${head} ${word}`;
  });
  // maxlen counts the \x00 pflag appends before measuring: usages start at maxlen + 2.
  const maxlen = Math.max(...prefixes.map((p) => p.length + 1));
  const lines = sorted.map((flag, i) => {
    const prefix = prefixes[i] as string;
    let usage = flag.usage;
    if (!ZERO_DEFAULTS[flag.type].includes(flag.defValue)) usage += flag.type === 'string' ? ` (default ${JSON.stringify(flag.defValue)})` : ` (default ${flag.defValue})`;
    return `${prefix} ${' '.repeat(maxlen - prefix.length)} ${usage}`.replace(/\s+$/, '');
  });
  return lines.join('\n');
}

export type FlagValue = boolean | string | readonly string[] | number;

export interface ParsedFlags {
  /** Values of the flags given on the line (pflag's `Changed`), by long name. */
  readonly changed: ReadonlyMap<string, FlagValue>;
  readonly args: readonly string[];
}

export type ParseResult = { readonly ok: true; readonly value: ParsedFlags } | { readonly ok: false; readonly message: string };

/** pflag's StringSlice: comma-split (its CSV reader; quotes are not modelled), repeated flags append. */
function sliceValue(previous: FlagValue | undefined, text: string): readonly string[] {
  const items = text === '' ? [] : text.split(',');
  return [...((previous as readonly string[] | undefined) ?? []), ...items];
}

type Converted = { readonly ok: true; readonly value: FlagValue } | { readonly ok: false; readonly error: string };

function convert(flag: FlagDef, text: string, previous: FlagValue | undefined, spelled: string): Converted {
  const invalid = (parser: string): Converted => ({
    ok: false,
    error: `invalid argument ${JSON.stringify(text)} for ${JSON.stringify(spelled)} flag: strconv.${parser}: parsing ${JSON.stringify(text)}: invalid syntax`,
  });
  switch (flag.type) {
    case 'bool':
      if (/^(1|t|T|TRUE|true|True)$/.test(text)) return { ok: true, value: true };
      if (/^(0|f|F|FALSE|false|False)$/.test(text)) return { ok: true, value: false };
      return invalid('ParseBool');
    case 'uint':
      return /^\d+$/.test(text) ? { ok: true, value: Number(text) } : invalid('ParseUint');
    case 'int':
      return /^[+-]?\d+$/.test(text) ? { ok: true, value: Number(text) } : invalid('ParseInt');
    case 'strings':
      return { ok: true, value: sliceValue(previous, text) };
    case 'duration': {
      const us = parseGoDuration(text);
      if (us === undefined) return { ok: false, error: `invalid argument ${JSON.stringify(text)} for ${JSON.stringify(spelled)} flag: time: invalid duration ${JSON.stringify(text)}` };
      return { ok: true, value: us };
    }
    default:
      return { ok: true, value: text };
  }
}

/** Parse `words` against `flags` (local and inherited together). */
export function parseFlags(words: readonly string[], flags: readonly FlagDef[]): ParseResult {
  const byName = new Map(flags.map((flag) => [flag.name, flag]));
  const byShort = new Map(flags.filter((flag) => flag.shorthand !== undefined).map((flag) => [flag.shorthand as string, flag]));
  const changed = new Map<string, FlagValue>();
  const args: string[] = [];
  const set = (flag: FlagDef, text: string, spelled: string): string | undefined => {
    const converted = convert(flag, text, changed.get(flag.name), spelled);
    if (!converted.ok) return converted.error;
    changed.set(flag.name, converted.value);
    return undefined;
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith('--') && word.length > 2) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      const flag = byName.get(name);
      if (flag === undefined) return { ok: false, message: `unknown flag: --${name}` };
      let text: string;
      if (eq >= 0) text = word.slice(eq + 1);
      else if (flag.type === 'bool') text = 'true';
      else if (i + 1 < words.length) text = words[++i] as string;
      else return { ok: false, message: `flag needs an argument: --${name}` };
      const error = set(flag, text, `--${name}`);
      if (error !== undefined) return { ok: false, message: error };
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      let j = 1;
      while (j < word.length) {
        const letter = word[j] as string;
        const flag = byShort.get(letter);
        if (flag === undefined) return { ok: false, message: `unknown shorthand flag: '${letter}' in ${word}` };
        let text: string;
        if (word[j + 1] === '=') {
          text = word.slice(j + 2);
          j = word.length;
        } else if (flag.type === 'bool') {
          text = 'true';
          j++;
        } else if (j + 1 < word.length) {
          text = word.slice(j + 1);
          j = word.length;
        } else if (i + 1 < words.length) {
          text = words[++i] as string;
          j = word.length;
        } else return { ok: false, message: `flag needs an argument: '${letter}' in -${letter}` };
        const error = set(flag, text, `-${letter}, --${flag.name}`);
        if (error !== undefined) return { ok: false, message: error };
      }
      continue;
    }
    args.push(word);
  }
  return { ok: true, value: { changed, args } };
}

export function flagString(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.changed.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function flagStrings(flags: ParsedFlags, name: string): readonly string[] | undefined {
  const value = flags.changed.get(name);
  return Array.isArray(value) ? (value as readonly string[]) : undefined;
}

export function flagNumber(flags: ParsedFlags, name: string): number | undefined {
  const value = flags.changed.get(name);
  return typeof value === 'number' ? value : undefined;
}

export function flagBool(flags: ParsedFlags, name: string): boolean {
  return flags.changed.get(name) === true;
}
