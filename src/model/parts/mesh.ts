/** The routing mesh (issues 6 and 10): the probe expectation and what it needs. */
import type { ModelPart } from './part.js';

export const meshPart: ModelPart = {};
