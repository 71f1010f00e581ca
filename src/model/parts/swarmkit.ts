/** SwarmKit's own front ends, swarmd and swarmctl (issue 10). */
import type { ModelPart } from './part.js';

export const swarmkitPart: ModelPart = {};
