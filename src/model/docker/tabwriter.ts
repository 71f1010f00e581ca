/**
 * Go's `text/tabwriter` (left-aligned cells, no flags), as docker's formatter
 * uses it: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` (docker-cli.md §3,
 * `cli/command/formatter/formatter.go#postFormat`).
 *
 * Cells are tab-terminated; the text after a line's last tab is a trailing
 * cell that belongs to no column and is printed as-is. A column block is a run
 * of consecutive lines that have a cell in that column; each block is as wide
 * as its widest cell plus padding, at least minwidth. docker/cli uses its own
 * copy (`cli/command/formatter/tabwriter`) that measures cells with
 * go-runewidth: wide East Asian characters count 2 (main ranges only here).
 * Escapes, HTML filtering and right alignment are not needed and not modelled.
 */

export interface TabwriterOptions {
  readonly minwidth: number;
  readonly tabwidth: number;
  readonly padding: number;
  readonly padchar: string;
}

/** docker/cli's table settings. */
export const DOCKER_TABLE: TabwriterOptions = { minwidth: 10, tabwidth: 1, padding: 3, padchar: ' ' };

interface Cell {
  readonly text: string;
  readonly width: number;
}

/** East Asian wide and fullwidth code points (the main ranges go-runewidth counts as 2). */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Cell width as docker's fork measures it (`runewidth.StringWidth`; ASCII = 1 per char). */
function displayWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return n;
}

/** Split text into lines of cells. A final line without '\n' is kept (Flush terminates it). */
function splitCells(text: string): Cell[][] {
  const rawLines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) rawLines.pop();
  const lines = rawLines.map((line) => line.split('\t').map((cell) => ({ text: cell, width: displayWidth(cell) })));
  // Flush does not terminate an empty cell on an unterminated last line ("*\t*\t" → "*.......*").
  const last = lines[lines.length - 1];
  if (!endsWithNewline && last !== undefined && last.length > 1 && last[last.length - 1]?.text === '') last.pop();
  return lines;
}

class Formatter {
  private readonly widths: number[] = [];
  private out = '';

  constructor(
    private readonly lines: readonly Cell[][],
    private readonly options: TabwriterOptions,
    private readonly finalNewline: boolean,
  ) {}

  private padding(textWidth: number, cellWidth: number): string {
    if (this.options.padchar === '\t') {
      // Tab padding: round the cell up to a multiple of tabwidth (unused by docker).
      const tabwidth = this.options.tabwidth;
      const cellw = Math.ceil(cellWidth / tabwidth) * tabwidth;
      return '\t'.repeat(Math.ceil((cellw - textWidth) / tabwidth));
    }
    return this.options.padchar.repeat(Math.max(0, cellWidth - textWidth));
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] as Cell[];
      line.forEach((cell, j) => {
        this.out += cell.text;
        if (j < this.widths.length) this.out += this.padding(cell.width, this.widths[j] as number);
      });
      if (i + 1 < this.lines.length || this.finalNewline) this.out += '\n';
    }
  }

  /** Go's recursive `format`: columns left to right, block by block. */
  format(start: number, end: number): void {
    let line0 = start;
    const column = this.widths.length;
    for (let row = start; row < end; row++) {
      if (column >= (this.lines[row] as Cell[]).length - 1) continue;
      this.writeLines(line0, row);
      line0 = row;
      let width = this.options.minwidth;
      for (; row < end; row++) {
        const line = this.lines[row] as Cell[];
        if (column >= line.length - 1) break;
        width = Math.max(width, (line[column] as Cell).width + this.options.padding);
      }
      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row; // Go's loop increment then skips this line: it has no cell in this column
    }
    this.writeLines(line0, end);
  }

  result(): string {
    return this.out;
  }
}

/** Format tab-separated text the way `tabwriter.Writer` + `Flush` would. */
export function tabwrite(text: string, options: TabwriterOptions = DOCKER_TABLE): string {
  // A form feed ends the line and flushes: what follows starts new column blocks.
  if (text.includes('\f')) {
    const segments = text.split('\f');
    return segments.map((segment, i) => tabwrite(i < segments.length - 1 ? `${segment}\n` : segment, options)).join('');
  }
  if (text === '') return '';
  const lines = splitCells(text);
  const formatter = new Formatter(lines, options, text.endsWith('\n'));
  formatter.format(0, lines.length);
  return formatter.result();
}

/** Rows of cells → docker table text: cells joined by tabs, one line per row. */
export function renderTable(rows: readonly (readonly string[])[], options: TabwriterOptions = DOCKER_TABLE): string {
  return tabwrite(rows.map((row) => `${row.join('\t')}\n`).join(''), options);
}
