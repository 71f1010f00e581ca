/**
 * Shell-like splitting of a command line into words, as a POSIX shell would
 * hand them to `docker`: blanks separate words; '…' keeps everything literal;
 * "…" keeps everything but lets a backslash escape `"`, `\`, `$` and `` ` ``;
 * outside quotes a backslash makes the next character literal. No variable
 * expansion, globbing or operators (`|`, `;` are ordinary characters).
 */

export interface TokenizeError {
  readonly kind: 'tokenize';
  /** e.g. `unterminated double quote`. */
  readonly message: string;
  /** 1-based column where the unterminated construct starts. */
  readonly column: number;
}

export type TokenizeResult = { readonly ok: true; readonly words: string[] } | { readonly ok: false; readonly error: TokenizeError };

const BLANK = /[ \t\n\r]/;
const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`']);

function fail(message: string, index: number): TokenizeResult {
  return { ok: false, error: { kind: 'tokenize', message, column: index + 1 } };
}

export function tokenize(line: string): TokenizeResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (BLANK.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (ch === '\\') {
      const next = line[i + 1];
      if (next === undefined) return fail('unterminated escape (backslash at end of line)', i);
      if (next !== '\n') word += next; // backslash-newline is a line continuation
      i += 2;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return fail('unterminated single quote', i);
      word += line.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      const start = i;
      i++;
      let closed = false;
      while (i < line.length) {
        const c = line[i] as string;
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        const next = line[i + 1];
        if (c === '\\' && next !== undefined && DOUBLE_QUOTE_ESCAPABLE.has(next)) {
          word += next;
          i += 2;
        } else {
          word += c;
          i++;
        }
      }
      if (!closed) return fail('unterminated double quote', start);
    } else {
      word += ch;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote a word so that `tokenize` gives it back unchanged. */
export function quoteWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line for the given words (the inverse of `tokenize`). */
export function joinWords(words: readonly string[]): string {
  return words.map(quoteWord).join(' ');
}
