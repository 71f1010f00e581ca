/**
 * `docker node inspect --format` / `docker service inspect --format`
 * (docker/cli `cli/command/inspect/inspector.go`): the template runs once per
 * object, each result followed by a newline (a lone newline when nothing was
 * printed). The CLI runs it on the typed API struct and, when that fails, on
 * the raw JSON with `missingkey=error`; the JSON objects here have the
 * struct's field names and order, so one run with `missingkey=error` gives
 * both results. Errors: a template that does not parse exits 64; a failed
 * object adds `template parsing error: …` after the misses, exit 1.
 */
import { type CliOutput, joinErrors } from '../errors.js';
import type { JsonObject } from '../json.js';
import { TemplateError, executeTemplate, parseTemplate } from '../template.js';
import { templateFailure } from '../format.js';

export function formatInspect(elements: readonly JsonObject[], format: string, misses: readonly CliOutput[]): CliOutput {
  let template;
  try {
    template = parseTemplate(format);
  } catch (error) {
    if (error instanceof TemplateError) return templateFailure(error, 'template parsing error: ', 64);
    throw error;
  }
  let stdout = '';
  const failures: CliOutput[] = [];
  for (const element of elements) {
    try {
      stdout += `${executeTemplate(template, element, { missingKeyError: true })}\n`;
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      if (error.kind === 'unsupported') return templateFailure(error);
      failures.push({ stdout: '', stderr: `template parsing error: ${error.message}\n`, exitCode: 1 });
    }
  }
  return joinErrors([...misses, ...failures], stdout === '' ? '\n' : stdout);
}
