/** Daemon lifecycle (issue 9 §6, issue 10 §4): `stop:`/`start:` steps; autolock lives in the swarm commands. */
import { startStep, stopStep } from '../lifecycle/daemon-steps.js';
import type { ModelPart } from './part.js';

export const lifecyclePart: ModelPart = { steps: { stop: stopStep, start: startStep } };
