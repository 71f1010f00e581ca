/**
 * A small JSON writer with a fixed key order, printing the way docker's
 * inspect does: Go's `encoding/json` escaping (HTML-safe: `<`, `>`, `&`,
 * U+2028/9 as `\u` escapes) and `json.Indent(out, raw, "", "    ")` layout
 * (empty objects and arrays stay `{}` / `[]`).
 */

export type JsonValue = string | number | boolean | null | JsonObject | readonly JsonValue[];

/** An object as ordered entries: the order is the Go struct's field order. */
export interface JsonObject {
  readonly entries: readonly (readonly [string, JsonValue])[];
}

export function jsonObject(entries: readonly (readonly [string, JsonValue] | undefined)[]): JsonObject {
  return { entries: entries.filter((entry): entry is readonly [string, JsonValue] => entry !== undefined) };
}

const HEX = '0123456789abcdef';

/**
 * Go `encoding/json` string encoding: with HTML escaping of < > & as
 * `json.Marshal` does, or without as an Encoder with `SetEscapeHTML(false)`
 * (docker's `json` template function) does.
 */
export function goJsonString(text: string, escapeHtml = true): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || (escapeHtml && (ch === '<' || ch === '>' || ch === '&')) || code === 0x2028 || code === 0x2029) {
      out += `\\u${[12, 8, 4, 0].map((shift) => HEX[(code >> shift) & 15]).join('')}`;
    } else out += ch;
  }
  return `${out}"`;
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Indented JSON text of a value (no trailing newline). */
export function renderJson(value: JsonValue, indent = '    ', depth = 0): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = indent.repeat(depth + 1);
  const outer = indent.repeat(depth);
  if (isObject(value)) {
    if (value.entries.length === 0) return '{}';
    const members = value.entries.map(([key, member]) => `${inner}${goJsonString(key)}: ${renderJson(member, indent, depth + 1)}`);
    return `{\n${members.join(',\n')}\n${outer}}`;
  }
  const list = value as readonly JsonValue[];
  if (list.length === 0) return '[]';
  return `[\n${list.map((item) => `${inner}${renderJson(item, indent, depth + 1)}`).join(',\n')}\n${outer}]`;
}
