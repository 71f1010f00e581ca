/** The routing mesh (issues 6 and 10): the `probe` step and `probes` expectation; `curl` itself is a program (commands/curl.ts). */
import { probeStep, probesExpectation } from '../mesh/probe.js';
import type { ModelPart } from './part.js';

export const meshPart: ModelPart = { steps: { probe: probeStep }, expectations: { probes: probesExpectation } };
