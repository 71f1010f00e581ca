/** Rolling updates and rollback (issue 7): the `update` view, the updater invariants. */
import type { ModelPart } from './part.js';

export const updatesPart: ModelPart = {};
