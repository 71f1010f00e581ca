/**
 * `curl`'s command line and texts, pure: the options swarmsim understands,
 * the URL, and what curl prints for each outcome of a request (curl 8.21's
 * wording, `lib/cf-ip-happy.c`, `lib/multi.c`, `lib/strerror.c`,
 * `src/tool_msgs.c`; docs/routing-mesh.md lists older wordings).
 */
import type { CliOutput } from '../docker/errors.js';

export interface CurlOptions {
  readonly silent: boolean;
  readonly showError: boolean;
  readonly fail: boolean;
  /** -m/--max-time and --connect-timeout, in milliseconds. */
  readonly maxTimeMs?: number;
  readonly connectTimeoutMs?: number;
  readonly url: CurlUrl;
}

export interface CurlUrl {
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

export type CurlParse = { readonly ok: true; readonly options: CurlOptions } | { readonly ok: false; readonly output: CliOutput };

const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** curl's usage errors (`helpf`): exit 2. */
function usage(text: string): CurlParse {
  return { ok: false, output: { stdout: '', stderr: `curl: ${text}\n${TRY_HELP}`, exitCode: 2 } };
}

function notModelled(what: string): CurlParse {
  return { ok: false, output: { stdout: '', stderr: `swarmsim: curl ${what} is not modelled (supported: -s, -S, -f, -L, -m/--max-time, --connect-timeout)\n`, exitCode: 2 } };
}

/** Options curl has that swarmsim does not model (a clear message rather than "is unknown"). */
const KNOWN_UNMODELLED = new Set(['-i', '--include', '-I', '--head', '-v', '--verbose', '-o', '--output', '-X', '--request', '-H', '--header', '-d', '--data', '-k', '--insecure', '-w', '--write-out', '-O', '--remote-name']);

/** curl's `str2udouble` for seconds: a non-negative decimal. */
function seconds(option: string, value: string | undefined): number | CurlParse {
  if (value === undefined) return usage(`option ${option}: requires parameter`);
  if (!/^\d+(?:\.\d*)?$|^\.\d+$/.test(value)) return usage(`option ${option}: expected a proper numerical parameter`);
  return Math.round(Number(value) * 1000);
}

export function parseUrl(text: string): CurlUrl | CurlParse {
  let rest = text;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (scheme !== null) {
    const name = (scheme[1] as string).toLowerCase();
    if (name !== 'http') return notModelled(`with a ${name}:// URL`);
    rest = rest.slice(scheme[0].length);
  }
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '/' : rest.slice(slash);
  const colon = authority.lastIndexOf(':');
  const host = colon < 0 ? authority : authority.slice(0, colon);
  const portText = colon < 0 ? '' : authority.slice(colon + 1);
  if (host === '') return { ok: false, output: { stdout: '', stderr: 'curl: (3) URL rejected: No host part in the URL\n', exitCode: 3 } };
  let port = 80;
  if (colon >= 0 && portText !== '') {
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
      return { ok: false, output: { stdout: '', stderr: 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n', exitCode: 3 } };
    }
    port = Number(portText);
  }
  return { host, port, path };
}

export function parseCurl(args: readonly string[]): CurlParse {
  let silent = false;
  let showError = false;
  let fail = false;
  let maxTimeMs: number | undefined;
  let connectTimeoutMs: number | undefined;
  let urlText: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      if (arg === '--silent') silent = true;
      else if (arg === '--show-error') showError = true;
      else if (arg === '--fail') fail = true;
      else if (arg === '--location') continue;
      else if (arg === '--max-time' || arg === '--connect-timeout') {
        const value = seconds(arg, args[++i]);
        if (typeof value !== 'number') return value;
        if (arg === '--max-time') maxTimeMs = value;
        else connectTimeoutMs = value;
      } else if (KNOWN_UNMODELLED.has(arg)) return notModelled(arg);
      else return usage(`option ${arg}: is unknown`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] as string;
        if (letter === 's') silent = true;
        else if (letter === 'S') showError = true;
        else if (letter === 'f') fail = true;
        else if (letter === 'L') continue;
        else if (letter === 'm') {
          const inline = arg.slice(j + 1);
          const value = seconds('-m', inline !== '' ? inline : args[++i]);
          if (typeof value !== 'number') return value;
          maxTimeMs = value;
          break;
        } else if (KNOWN_UNMODELLED.has(`-${letter}`)) return notModelled(`-${letter}`);
        else return usage(`option -${arg.slice(j)}: is unknown`);
      }
      continue;
    }
    if (urlText !== undefined) return notModelled('with several URLs');
    urlText = arg;
  }
  if (urlText === undefined) return usage('(2) no URL specified');
  const url = parseUrl(urlText);
  if ('ok' in url) return url;
  return {
    ok: true,
    options: { silent, showError, fail, url, ...(maxTimeMs !== undefined ? { maxTimeMs } : {}), ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}) },
  };
}

/** How long Linux keeps retrying an unanswered SYN (tcp_syn_retries 6: 1+2+4+8+16+32+64 s). */
export const KERNEL_SYN_TIMEOUT_MS = 127_000;
/** How long ARP tries before the kernel says "no route to host". */
export const ARP_TIMEOUT_MS = 3_000;

/** The time limit on connecting: the smaller of --connect-timeout and -m, if any. */
export function connectLimitMs(options: CurlOptions): number | undefined {
  const limits = [options.connectTimeoutMs, options.maxTimeMs].filter((v): v is number => v !== undefined && v > 0);
  return limits.length === 0 ? undefined : Math.min(...limits);
}

/** An error as curl prints it (`curl: (N) text`), hidden by -s unless -S. */
export function curlError(options: Pick<CurlOptions, 'silent' | 'showError'>, code: number, text: string): CliOutput {
  const shown = !options.silent || options.showError;
  return { stdout: '', stderr: shown ? `curl: (${code}) ${text}\n` : '', exitCode: code };
}

export function failedToConnect(url: CurlUrl, afterMs: number): string {
  return `Failed to connect to ${url.host}:${url.port} after ${afterMs} ms: Could not connect to server`;
}

export function connectionTimedOut(afterMs: number): string {
  return `Connection timed out after ${afterMs} milliseconds`;
}
