/** Containers on a node and recovery commands (issue 10). */
import type { ModelPart } from './part.js';

export const containersPart: ModelPart = {};
