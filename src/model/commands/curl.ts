/**
 * `curl` on a node (issue 10 §3): an HTTP request through the simulated
 * network and the routing mesh (src/model/mesh). Parsing and texts are in
 * mesh/curl-cli.ts, the request in mesh/request.ts.
 *
 * Time: an answer or a refusal returns at once (a LAN round trip is well
 * under curl's millisecond: "after 0 ms"); "no route to host" takes ARP's
 * 3 s; a dropped SYN waits for -m/--connect-timeout, else the kernel's 127 s.
 * In a `run:` step that time passes in the simulation; `show:` and
 * expectations answer at once, print the same text and leave the mesh's
 * round-robin cursor and hit counter alone (they peek at the next answer).
 */
import type { Micros } from '../../sim/types.js';
import type { CliOutput } from '../docker/errors.js';
import {
  ARP_TIMEOUT_MS,
  connectionTimedOut,
  connectLimitMs,
  type CurlOptions,
  curlError,
  failedToConnect,
  KERNEL_SYN_TIMEOUT_MS,
  parseCurl,
} from '../mesh/curl-cli.js';
import { meshRequest, type RequestOutcome } from '../mesh/request.js';
import type { Program } from './programs.js';

export interface CurlResult {
  readonly output: CliOutput;
  readonly elapsedMs: number;
}

/** What curl prints for an outcome, and how long it took. */
export function curlResult(options: CurlOptions, outcome: RequestOutcome): CurlResult {
  const limit = connectLimitMs(options);
  const waitFor = (failsAfterMs: number, code: number): CurlResult =>
    limit !== undefined && limit < failsAfterMs
      ? { output: curlError(options, 28, connectionTimedOut(limit)), elapsedMs: limit }
      : { output: curlError(options, code, failedToConnect(options.url, failsAfterMs)), elapsedMs: failsAfterMs };
  switch (outcome.kind) {
    case 'unresolved':
      return { output: curlError(options, 6, `Could not resolve host: ${options.url.host}`), elapsedMs: 0 };
    case 'refused':
      return { output: curlError(options, 7, failedToConnect(options.url, 0)), elapsedMs: 0 };
    case 'no-route':
      return waitFor(ARP_TIMEOUT_MS, 7);
    case 'dropped':
      // The kernel gives up with ETIMEDOUT, which curl reports as a timeout (28).
      return waitFor(KERNEL_SYN_TIMEOUT_MS, 28);
    case 'answered': {
      const { status, body } = outcome.response;
      if (options.fail && status >= 400) return { output: curlError(options, 22, `The requested URL returned error: ${status}`), elapsedMs: 0 };
      return { output: { stdout: body, stderr: '', exitCode: 0 }, elapsedMs: 0 };
    }
  }
}

export const curlProgram: Program = {
  isRead: () => true,
  run(world, command, instant, finish) {
    const parsed = parseCurl(command.args);
    if (!parsed.ok) return finish(parsed.output);
    // A crashed node runs nothing: say so rather than time out.
    if (!world.sim.isUp(command.on)) return finish({ stdout: '', stderr: `swarmsim: ${command.on} is down; curl cannot run there\n`, exitCode: 2 });
    const { url } = parsed.options;
    const outcome = meshRequest(world, { from: command.on, host: url.host, port: url.port, commit: !instant });
    if (!instant && outcome.kind === 'answered') {
      world.sim.trace.emit({
        kind: 'mesh.answer',
        node: outcome.node,
        fields: [['from', command.on], ['port', url.port], ['task', outcome.task.id], ['on', outcome.task.node]],
      });
    }
    const result = curlResult(parsed.options, outcome);
    if (instant || result.elapsedMs === 0) return finish(result.output);
    world.sim.schedule({ after: (result.elapsedMs * 1000) as Micros, label: 'curl/wait' }, () => finish(result.output));
  },
};
