/** Daemon lifecycle and the scenario language's model words (issue 9): `stop:`/`start:` steps, autolock. */
import type { ModelPart } from './part.js';

export const lifecyclePart: ModelPart = {};
