/**
 * `--format` for list commands, as docker/cli's `formatter.Context` runs it
 * (`cli/command/formatter/formatter.go`): `json` means `{{json .}}`; a
 * `table` prefix is stripped and turns on the table writer with a heading
 * line (the template run on the column names, with docker's header
 * functions; an error there is ignored and what was printed stays); `\t` and
 * `\n` typed literally become a tab and a newline; every row ends with a
 * newline. Errors: `template parsing error: <Go's message>` (exit 1); a
 * construct outside the modelled subset is swarmsim's own error (exit 2).
 */
import type { CliOutput } from './errors.js';
import { tabwrite } from './tabwriter.js';
import { type GoStruct, type GoValue, TemplateError, executePartial, executeTemplate, parseTemplate } from './template.js';

export function isTableFormat(source: string): boolean {
  return source.startsWith('table');
}

/** `Format.templateString()`. */
export function templateText(source: string): string {
  if (source === 'json') return '{{json .}}';
  const body = isTableFormat(source) ? source.slice('table'.length) : source;
  return body.replace(/^ +| +$/g, '').replaceAll('\\t', '\t').replaceAll('\\n', '\n');
}

/** How a template failure reads: docker's prefix (per command) before Go's message. */
export function templateFailure(error: TemplateError, prefix = 'template parsing error: ', exitCode = 1): CliOutput {
  if (error.kind === 'unsupported') return { stdout: '', stderr: `${error.message}\n`, exitCode: 2 };
  return { stdout: '', stderr: `${prefix}${error.message}\n`, exitCode };
}

export interface FormatOptions {
  /** Prefix of parse / execution errors (`docker ps`: `failed to parse template: `). */
  readonly parsePrefix?: string;
  readonly execPrefix?: string;
}

/** Rows through a user template; the caller handles the default (`''` / `table`) and `--quiet` itself. */
export function renderWithFormat(source: string, rows: readonly GoStruct[], headers: Readonly<Record<string, string>>, options: FormatOptions = {}): CliOutput {
  let template;
  try {
    template = parseTemplate(templateText(source));
  } catch (error) {
    if (error instanceof TemplateError) return templateFailure(error, options.parsePrefix);
    throw error;
  }
  let body = '';
  try {
    for (const row of rows) body += `${executeTemplate(template, row)}\n`;
  } catch (error) {
    if (error instanceof TemplateError) return templateFailure(error, options.execPrefix);
    throw error;
  }
  if (!isTableFormat(source)) return { stdout: body, stderr: '', exitCode: 0 };
  const header = executePartial(template, headers as GoValue, { header: true });
  return { stdout: tabwrite(`${header}\n${body}`), stderr: '', exitCode: 0 };
}

/** One value through a template (`docker info --format`, `inspect --format`), newline added. */
export function renderValueWithFormat(source: string, value: GoValue, options: { readonly prefix: string; readonly exitCode: number }): CliOutput {
  try {
    const template = parseTemplate(source === 'json' ? '{{json .}}' : source);
    return { stdout: `${executeTemplate(template, value)}\n`, stderr: '', exitCode: 0 };
  } catch (error) {
    if (error instanceof TemplateError) return templateFailure(error, options.prefix, options.exitCode);
    throw error;
  }
}
