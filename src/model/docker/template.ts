/**
 * A subset of Go's `text/template`, as the docker CLI runs `--format`
 * (docker/cli `templates/templates.go`, `cli/command/formatter/formatter.go`).
 *
 * Supported: text; actions `{{ pipeline }}` with `{{-` / `-}}` trimming and
 * `{{/* comments *\/}}`; field chains `.A.B` and `.`; string, raw-string,
 * number and `true`/`false`/`nil` literals; pipelines with `|`; method calls
 * with arguments (`.Label "k"`); `if` / `else` / `else if` / `with` / `range`
 * / `end`; docker's functions `json split join title lower upper pad
 * truncate` and Go's `len index print println printf not and or eq ne`.
 * Anything else (variables, parentheses, `define`, `template`, `block`,
 * other functions) is refused up front with a `TemplateError` of kind
 * `unsupported` naming the construct.
 *
 * Values: `GoStruct` stands for the CLI's formatter contexts (a missing field
 * is Go's "can't evaluate field" error); plain objects and `JsonObject`s are
 * Go maps decoded from JSON (a missing key prints `<no value>`; numbers are
 * float64 and print as Go's `%v` does, `1e+06`).
 */
import { goQuote } from './goValues.js';
import { type JsonObject, goJsonString } from './json.js';

export type GoValue = string | number | boolean | null | undefined | readonly GoValue[] | GoStruct | JsonObject | { readonly [key: string]: GoValue };

export type GoMethod = (args: readonly GoValue[]) => GoValue;

/** A formatter context: its methods by name (zero-argument ones are fields), and its Go type for errors. */
export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, () => GoValue>>,
    readonly methods: Readonly<Record<string, { readonly arity: number; readonly call: GoMethod }>> = {},
    /** `json` of a formatter context sorts its fields (MarshalJSON builds a map); an API struct keeps its declared order. */
    readonly jsonOrder: 'sorted' | 'declared' = 'sorted',
  ) {}
}

export type TemplateErrorKind = 'parse' | 'exec' | 'unsupported';

export class TemplateError extends Error {
  constructor(
    readonly kind: TemplateErrorKind,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- parsing

type Arg =
  | { readonly kind: 'field'; readonly path: readonly string[]; readonly pos: Pos; readonly text: string }
  | { readonly kind: 'dot' }
  | { readonly kind: 'literal'; readonly value: GoValue }
  | { readonly kind: 'ident'; readonly name: string; readonly pos: Pos };

type Command = readonly Arg[];
type Pipeline = readonly Command[];

interface Pos {
  readonly line: number;
  readonly col: number;
}

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly pipe: Pipeline }
  | { readonly kind: 'if' | 'with' | 'range'; readonly pipe: Pipeline; readonly body: readonly Node[]; readonly otherwise: readonly Node[] };

export interface Template {
  readonly nodes: readonly Node[];
}

const FUNCTIONS = new Set(['json', 'split', 'join', 'title', 'lower', 'upper', 'pad', 'truncate', 'len', 'index', 'print', 'println', 'printf', 'not', 'and', 'or', 'eq', 'ne']);
const GO_BUILTINS_NOT_MODELLED = new Set(['call', 'html', 'js', 'urlquery', 'slice', 'lt', 'le', 'gt', 'ge']);

function parseError(line: number, message: string): TemplateError {
  return new TemplateError('parse', `template: :${line}: ${message}`);
}

function unsupported(what: string): TemplateError {
  return new TemplateError('unsupported', `swarmsim: ${what} in --format templates is not modelled (supported: fields, literals, pipelines, if/else/with/range/end, json split join title lower upper pad truncate len index print println printf not and or eq ne)`);
}

interface RawAction {
  readonly body: string;
  /** Offset of the body in the source. */
  readonly offset: number;
}

type Piece = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'action'; readonly action: RawAction };

function lineCol(source: string, offset: number): Pos {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - (before.lastIndexOf('\n') + 1);
  return { line, col };
}

/** Split into text and actions, applying the trim markers. */
function lex(source: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  let trimNext = false;
  while (at <= source.length) {
    const open = source.indexOf('{{', at);
    let text = open < 0 ? source.slice(at) : source.slice(at, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      if (text !== '') pieces.push({ kind: 'text', text });
      break;
    }
    let start = open + 2;
    if (/^- /.test(source.slice(start, start + 2)) || /^-[\t\n\r]/.test(source.slice(start, start + 2))) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text !== '') pieces.push({ kind: 'text', text });
    const close = findClose(source, start);
    if (close < 0) throw parseError(lineCol(source, open).line, 'unclosed action');
    let end = close;
    trimNext = false;
    if (close - 2 >= start && /[ \t\n\r]-$/.test(source.slice(close - 2, close))) {
      end = close - 1;
      trimNext = true;
    }
    pieces.push({ kind: 'action', action: { body: source.slice(start, end), offset: start } });
    at = close + 2;
  }
  return pieces;
}

/** The `}}` closing an action, skipping quoted strings. */
function findClose(source: string, from: number): number {
  let i = from;
  while (i < source.length) {
    const c = source[i];
    if (c === '"') {
      i++;
      while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) return -1;
      i = end + 1;
    } else if (source.startsWith('}}', i)) return i;
    else i++;
  }
  return -1;
}

type Word =
  | { readonly kind: 'pipe' }
  | { readonly kind: 'arg'; readonly arg: Arg };

function unquote(literal: string, line: number): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    throw parseError(line, `bad syntax in string ${literal}`);
  }
}

function words(source: string, action: RawAction): Word[] {
  const out: Word[] = [];
  const body = action.body;
  let i = 0;
  const pos = (at: number): Pos => lineCol(source, action.offset + at);
  while (i < body.length) {
    const c = body[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const line = pos(i).line;
    if (c === '|') {
      out.push({ kind: 'pipe' });
      i++;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      if (c === '"') {
        while (j < body.length && body[j] !== '"') j += body[j] === '\\' ? 2 : 1;
      } else j = body.indexOf('`', i + 1);
      if (j < 0 || j >= body.length) throw parseError(line, 'unterminated quoted string');
      out.push({ kind: 'arg', arg: { kind: 'literal', value: unquote(body.slice(i, j + 1), line) } });
      i = j + 1;
    } else if (c === '.') {
      let j = i + 1;
      while (j < body.length && /[\w.]/.test(body[j] as string)) j++;
      const text = body.slice(i, j);
      if (text === '.') out.push({ kind: 'arg', arg: { kind: 'dot' } });
      else {
        const path = text.slice(1).split('.');
        if (path.some((name) => !/^[A-Za-z_]\w*$/.test(name))) throw parseError(line, `bad character in field ${text}`);
        out.push({ kind: 'arg', arg: { kind: 'field', path, pos: pos(i), text } });
      }
      i = j;
    } else if (/[-+\d]/.test(c)) {
      let j = i + 1;
      while (j < body.length && /[\w.+-]/.test(body[j] as string)) j++;
      const text = body.slice(i, j);
      const value = Number(text);
      if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) || Number.isNaN(value)) throw parseError(line, `bad number syntax: "${text}"`);
      out.push({ kind: 'arg', arg: { kind: 'literal', value } });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < body.length && /\w/.test(body[j] as string)) j++;
      const name = body.slice(i, j);
      if (name === 'true' || name === 'false') out.push({ kind: 'arg', arg: { kind: 'literal', value: name === 'true' } });
      else if (name === 'nil') out.push({ kind: 'arg', arg: { kind: 'literal', value: null } });
      else out.push({ kind: 'arg', arg: { kind: 'ident', name, pos: pos(i) } });
      i = j;
    } else if (c === '$') throw unsupported('a variable');
    else if (c === '(' || c === ')') throw unsupported('a parenthesised pipeline');
    else throw parseError(line, `unexpected "${c}" in command`);
  }
  return out;
}

function pipelineOf(source: string, action: RawAction, items: readonly Word[]): Pipeline {
  const line = lineCol(source, action.offset).line;
  const commands: Arg[][] = [[]];
  for (const item of items) {
    if (item.kind === 'pipe') commands.push([]);
    else (commands[commands.length - 1] as Arg[]).push(item.arg);
  }
  if (commands.some((command) => command.length === 0)) throw parseError(line, 'missing value for command');
  for (const arg of commands.flat()) {
    if (arg.kind !== 'ident') continue;
    if (GO_BUILTINS_NOT_MODELLED.has(arg.name)) throw unsupported(`the function "${arg.name}"`);
    if (!FUNCTIONS.has(arg.name)) throw parseError(line, `function "${arg.name}" not defined`);
  }
  return commands;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

/** Parse a template (the text after docker strips `table` and expands `\t`, `\n`). */
export function parseTemplate(source: string): Template {
  const pieces = lex(source);
  let index = 0;
  type Stop = { kind: 'end' } | { kind: 'else'; rest: Word[]; action: RawAction } | { kind: 'eof' };

  const block = (nested: boolean): { nodes: Node[]; stop: Stop } => {
    const nodes: Node[] = [];
    while (index < pieces.length) {
      const piece = pieces[index++] as Piece;
      if (piece.kind === 'text') {
        nodes.push({ kind: 'text', text: piece.text });
        continue;
      }
      const action = piece.action;
      const line = lineCol(source, action.offset).line;
      if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(action.body)) continue;
      const items = words(source, action);
      const head = items[0];
      const keyword = head?.kind === 'arg' && head.arg.kind === 'ident' && KEYWORDS.has(head.arg.name) ? head.arg.name : undefined;
      if (head === undefined) throw parseError(line, 'missing value for command');
      if (keyword === undefined) {
        nodes.push({ kind: 'action', pipe: pipelineOf(source, action, items) });
        continue;
      }
      if (keyword === 'end' || keyword === 'else') {
        if (!nested) throw parseError(line, `unexpected {{${keyword}}}`);
        return { nodes, stop: keyword === 'end' ? { kind: 'end' } : { kind: 'else', rest: items.slice(1), action } };
      }
      if (keyword !== 'if' && keyword !== 'with' && keyword !== 'range') throw unsupported(`{{${keyword}}}`);
      nodes.push(control(keyword, items.slice(1), action));
    }
    if (nested) throw parseError(lineCol(source, source.length).line, 'unexpected EOF');
    return { nodes, stop: { kind: 'eof' } };
  };

  const control = (kind: 'if' | 'with' | 'range', rest: Word[], action: RawAction): Node => {
    const line = lineCol(source, action.offset).line;
    if (rest.length === 0) throw parseError(line, `missing value for ${kind}`);
    const pipe = pipelineOf(source, action, rest);
    const body = block(true);
    let otherwise: Node[] = [];
    if (body.stop.kind === 'else') {
      const elseRest = body.stop.rest;
      const first = elseRest[0];
      if (first?.kind === 'arg' && first.arg.kind === 'ident' && (first.arg.name === 'if' || first.arg.name === 'with')) {
        // `{{else if x}}` is `{{else}}{{if x}}…{{end}}` sharing the outer {{end}}.
        otherwise = [control(first.arg.name, elseRest.slice(1), body.stop.action)];
      } else {
        if (elseRest.length > 0) throw parseError(line, 'unexpected tokens after else');
        const tail = block(true);
        if (tail.stop.kind !== 'end') throw parseError(line, 'expected end; found {{else}}');
        otherwise = tail.nodes;
      }
    }
    return { kind, pipe, body: body.nodes, otherwise };
  };

  return { nodes: block(false).nodes };
}

// ---------------------------------------------------------------- values

function isStruct(value: GoValue): value is GoStruct {
  return value instanceof GoStruct;
}

function isJsonObject(value: GoValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isStruct(value) && 'entries' in value && Array.isArray((value as JsonObject).entries);
}

function isMap(value: GoValue): value is { readonly [key: string]: GoValue } | JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isStruct(value);
}

function mapEntries(value: { readonly [key: string]: GoValue } | JsonObject): [string, GoValue][] {
  if (isJsonObject(value)) return value.entries.map(([key, member]) => [key, member as GoValue]);
  return Object.entries(value);
}

function sortedEntries(value: { readonly [key: string]: GoValue } | JsonObject): [string, GoValue][] {
  return mapEntries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function typeOf(value: GoValue): string {
  if (isStruct(value)) return value.typeName;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  if (isMap(value)) return 'map[string]interface {}';
  return 'interface {}';
}

/** Go `strconv.FormatFloat(f, 'g', -1, 64)`, what `%v` prints for a float64. */
export function goFloat(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  // Shortest 'g': %e when the exponent is < -4 or >= 6 (strconv uses precision 6 for that decision).
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return String(value);
}

/** `fmt.Sprint` of one value. */
export function goPrint(value: GoValue): string {
  if (value === undefined) return '<no value>';
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Integers come from Go ints and json.Number (inspect decodes with UseNumber): printed as written.
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  if (isStruct(value)) return `{${Object.keys(value.fields).map((name) => goPrint((value.fields[name] as () => GoValue)())).join(' ')}}`;
  return `map[${sortedEntries(value as JsonObject).map(([key, member]) => `${key}:${goPrint(member)}`).join(' ')}]`;
}

/** encoding/json with SetEscapeHTML(false): < > & kept, control characters, U+2028 and U+2029 escaped. */
function jsonString(text: string): string {
  return goJsonString(text, false);
}

/** docker's `json` template function: compact JSON, struct fields sorted by name (formatter MarshalJSON builds a map). */
export function goJson(value: GoValue): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isStruct(value)) {
    const names = value.jsonOrder === 'sorted' ? Object.keys(value.fields).sort() : Object.keys(value.fields);
    return `{${names.map((name) => `${jsonString(name)}:${goJson((value.fields[name] as () => GoValue)())}`).join(',')}}`;
  }
  const entries = isJsonObject(value) ? mapEntries(value) : sortedEntries(value as { readonly [key: string]: GoValue });
  return `{${entries.map(([key, member]) => `${jsonString(key)}:${goJson(member)}`).join(',')}}`;
}

function truthy(value: GoValue): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isMap(value)) return mapEntries(value).length > 0;
  return true;
}

// ---------------------------------------------------------------- execution

export interface ExecOptions {
  /** Header mode (table headings): docker swaps these functions for ones that return their argument. */
  readonly header?: boolean;
  /** `missingkey=error` (the inspect commands' raw-JSON fallback): a missing map key is an error. */
  readonly missingKeyError?: boolean;
}

function execError(pos: Pos, at: string, message: string): TemplateError {
  return new TemplateError('exec', `template: :${pos.line}:${pos.col}: executing "" at <${at}>: ${message}`);
}

function wantArgs(name: string, args: readonly GoValue[], n: number, pos: Pos): void {
  if (args.length !== n) throw execError(pos, name, `wrong number of args for ${name}: want ${n} got ${args.length}`);
}

function asString(value: GoValue, name: string, pos: Pos): string {
  if (typeof value !== 'string') throw execError(pos, name, `wrong type for value; expected string; got ${typeOf(value)}`);
  return value;
}

function asInt(value: GoValue, name: string, pos: Pos): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw execError(pos, name, `wrong type for value; expected int; got ${typeOf(value)}`);
  return value;
}

/** Go's `fmt.Sprintf` for the verbs templates use: %s %v %d %q %%. */
function sprintf(format: string, args: readonly GoValue[]): string {
  let next = 0;
  return format.replace(/%([svdq%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const value = args[next++];
    if (next > args.length) return `%!${verb}(MISSING)`;
    if (verb === 'q') return typeof value === 'string' ? goQuote(value) : goPrint(value);
    if (verb === 'd') return typeof value === 'number' ? String(Math.trunc(value)) : `%!d(${typeOf(value)}=${goPrint(value)})`;
    return goPrint(value);
  });
}

function callFunction(name: string, args: readonly GoValue[], pos: Pos, header: boolean): GoValue {
  if (header && ['json', 'title', 'lower', 'upper'].includes(name)) return args[0];
  if (header && ['split', 'join', 'truncate'].includes(name)) return args[0];
  switch (name) {
    case 'json':
      wantArgs(name, args, 1, pos);
      return goJson(args[0]);
    case 'lower':
      wantArgs(name, args, 1, pos);
      return asString(args[0], name, pos).toLowerCase();
    case 'upper':
      wantArgs(name, args, 1, pos);
      return asString(args[0], name, pos).toUpperCase();
    case 'title':
      wantArgs(name, args, 1, pos);
      return asString(args[0], name, pos).replace(/(^|[^A-Za-z0-9_'])([a-z])/g, (_m, before: string, letter: string) => before + letter.toUpperCase());
    case 'split':
      wantArgs(name, args, 2, pos);
      return asString(args[0], name, pos).split(asString(args[1], name, pos));
    case 'join': {
      wantArgs(name, args, 2, pos);
      const list = args[0];
      const sep = asString(args[1], name, pos);
      if (list === undefined || list === null) return '';
      if (Array.isArray(list)) return list.map(goPrint).join(sep);
      if (isMap(list)) return sortedEntries(list).map(([, member]) => goPrint(member)).sort().join(sep);
      throw execError(pos, name, `error calling join: expected slice, got ${typeOf(list)}`);
    }
    case 'pad': {
      wantArgs(name, args, 3, pos);
      const text = asString(args[0], name, pos);
      return text === '' ? '' : ' '.repeat(asInt(args[1], name, pos)) + text + ' '.repeat(asInt(args[2], name, pos));
    }
    case 'truncate': {
      wantArgs(name, args, 2, pos);
      const text = asString(args[0], name, pos);
      const length = asInt(args[1], name, pos);
      return text.length < length ? text : text.slice(0, length);
    }
    case 'len': {
      wantArgs(name, args, 1, pos);
      const value = args[0];
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (isMap(value)) return mapEntries(value).length;
      throw execError(pos, name, `error calling len: len of type ${typeOf(value)}`);
    }
    case 'index': {
      let value = args[0];
      for (const key of args.slice(1)) {
        if (Array.isArray(value) && typeof key === 'number') value = value[key];
        else if (isMap(value) && typeof key === 'string') value = mapEntries(value).find(([name]) => name === key)?.[1];
        else throw execError(pos, name, `error calling index: cannot index ${typeOf(value)} with ${typeOf(key)}`);
      }
      return value;
    }
    case 'print':
      return args.map(goPrint).join('');
    case 'println':
      return `${args.map(goPrint).join(' ')}\n`;
    case 'printf':
      return sprintf(asString(args[0], name, pos), args.slice(1));
    case 'not':
      wantArgs(name, args, 1, pos);
      return !truthy(args[0]);
    case 'and':
      return args.find((value) => !truthy(value)) ?? args[args.length - 1];
    case 'or':
      return args.find((value) => truthy(value)) ?? args[args.length - 1];
    case 'eq':
      return args.slice(1).some((value) => value === args[0]);
    case 'ne':
      wantArgs(name, args, 2, pos);
      return args[0] !== args[1];
    default:
      throw execError(pos, name, `function "${name}" not defined`);
  }
}

function fieldOf(receiver: GoValue, name: string, args: readonly GoValue[], arg: Extract<Arg, { kind: 'field' }>, last: boolean, options: ExecOptions): GoValue {
  if (isStruct(receiver)) {
    const method = receiver.methods[name];
    if (method !== undefined) {
      if (!last || args.length !== method.arity) throw execError(arg.pos, arg.text, `wrong number of args for ${name}: want ${method.arity} got ${last ? args.length : 0}`);
      return method.call(args);
    }
    const field = receiver.fields[name];
    if (field === undefined) throw execError(arg.pos, arg.text, `can't evaluate field ${name} in type ${receiver.typeName}`);
    if (last && args.length > 0) throw execError(arg.pos, arg.text, `${name} has arguments but cannot be invoked as function`);
    return field();
  }
  if (isMap(receiver)) {
    if (last && args.length > 0) throw execError(arg.pos, arg.text, `${name} is not a method but has arguments`);
    const entry = mapEntries(receiver).find(([key]) => key === name);
    if (entry === undefined && options.missingKeyError === true) throw execError(arg.pos, arg.text, `map has no entry for key "${name}"`);
    return entry?.[1];
  }
  if (receiver === undefined || receiver === null) throw execError(arg.pos, arg.text, `nil pointer evaluating interface {}.${name}`);
  throw execError(arg.pos, arg.text, `can't evaluate field ${name} in type ${typeOf(receiver)}`);
}

function evalArg(arg: Arg, dot: GoValue, options: ExecOptions, args: readonly GoValue[] = [], final = false): GoValue {
  switch (arg.kind) {
    case 'dot':
      return dot;
    case 'literal':
      return arg.value;
    case 'ident':
      return callFunction(arg.name, args, arg.pos, options.header === true);
    case 'field': {
      let value = dot;
      arg.path.forEach((name, i) => {
        const isLast = i === arg.path.length - 1;
        value = fieldOf(value, name, isLast && final ? args : [], arg, isLast && final, options);
      });
      return value;
    }
  }
}

function evalPipeline(pipe: Pipeline, dot: GoValue, options: ExecOptions): GoValue {
  let piped: GoValue | typeof NOTHING = NOTHING;
  for (const command of pipe) {
    const [head, ...rest] = command as [Arg, ...Arg[]];
    const args = rest.map((arg) => evalArg(arg, dot, options));
    if (piped !== NOTHING) args.push(piped);
    if (head.kind === 'ident' || (head.kind === 'field' && args.length > 0)) piped = evalArg(head, dot, options, args, true);
    else {
      if (args.length > 0) throw unsupported('arguments to a non-function');
      piped = evalArg(head, dot, options, [], true);
    }
  }
  return piped === NOTHING ? undefined : piped;
}

const NOTHING = Symbol('nothing');

function run(nodes: readonly Node[], dot: GoValue, options: ExecOptions, out: string[]): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out.push(node.text);
        break;
      case 'action':
        out.push(goPrint(evalPipeline(node.pipe, dot, options)));
        break;
      case 'if': {
        const value = evalPipeline(node.pipe, dot, options);
        run(truthy(value) ? node.body : node.otherwise, dot, options, out);
        break;
      }
      case 'with': {
        const value = evalPipeline(node.pipe, dot, options);
        if (truthy(value)) run(node.body, value, options, out);
        else run(node.otherwise, dot, options, out);
        break;
      }
      case 'range': {
        const value = evalPipeline(node.pipe, dot, options);
        const items: GoValue[] = Array.isArray(value) ? [...value] : isMap(value) ? sortedEntries(value).map(([, member]) => member) : [];
        if (value !== undefined && value !== null && !Array.isArray(value) && !isMap(value)) throw unsupported(`range over ${typeOf(value)}`);
        if (items.length === 0) run(node.otherwise, dot, options, out);
        for (const item of items) run(node.body, item, options, out);
        break;
      }
    }
  }
}

/** Execute; throws `TemplateError` (exec) at the first failure. */
export function executeTemplate(template: Template, dot: GoValue, options: ExecOptions = {}): string {
  const out: string[] = [];
  run(template.nodes, dot, options, out);
  return out.join('');
}

/** Header mode: Go writes what it printed before an error, and docker ignores the error. */
export function executePartial(template: Template, dot: GoValue, options: ExecOptions = {}): string {
  const out: string[] = [];
  try {
    run(template.nodes, dot, options, out);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
  }
  return out.join('');
}
