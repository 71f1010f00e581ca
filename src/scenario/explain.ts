/**
 * What a valid scenario file means, in words, before it runs
 * (`swarmsim check --explain`): the nodes its cluster defines (with what the
 * model says of each, when it describes them), every variable
 * (where `save:` sets it and where `${name}` uses it), every watch and its
 * window, and each step with its timing and action.
 */
import { formatDuration, type AnyModelPlugin } from '../sim/index.js';
import { flowText } from './expectations.js';
import { describeAction } from './faults.js';
import type { Scenario, Step } from './types.js';

/** `steps[3] (join-worker) line 12`. */
function stepName(step: Step | undefined, index: number): string {
  if (step === undefined) return `steps[${index}]`;
  return `steps[${index}]${step.id === undefined ? '' : ` (${step.id})`} line ${step.position.line}`;
}

function timingText(step: Step): string {
  switch (step.timing.kind) {
    case 'at':
      return `at ${formatDuration(step.timing.us)}`;
    case 'wait':
      return `wait ${formatDuration(step.timing.us)}`;
    case 'next':
      return 'next';
  }
}

/** The explanation, one line per entry, sections in a fixed order. */
export function explainScenario(scenario: Scenario, model?: AnyModelPlugin): string[] {
  const byIndex = new Map(scenario.steps.map((step) => [step.index, step]));
  const name = (index: number): string => stepName(byIndex.get(index), index);
  const lines: string[] = [];
  lines.push(`nodes (${scenario.nodes.length}): ${scenario.nodes.join(', ')}`);
  for (const line of model?.describeNodes?.(scenario.cluster) ?? []) lines.push(`  ${line}`);
  lines.push(`variables (${scenario.variables.length}):`);
  for (const variable of scenario.variables) {
    const used = variable.usedBy.length === 0 ? 'never used' : `used by ${variable.usedBy.map(name).join(', ')}`;
    lines.push(`  \${${variable.name}} set by ${variable.setBy.map(name).join(', ')}; ${used}`);
  }
  const watches = scenario.steps.filter((step) => step.action.kind === 'watch');
  lines.push(`watches (${watches.length}):`);
  for (const step of watches) {
    if (step.action.kind !== 'watch') continue;
    const window = step.action.forUs === undefined ? 'to the end of the run' : `for ${formatDuration(step.action.forUs)}`;
    lines.push(`  ${name(step.index)}: ${step.action.mode} ${step.action.text}, from the step's start ${window}`);
  }
  lines.push(`steps (${scenario.steps.length}):`);
  for (const step of scenario.steps) {
    lines.push(`  ${name(step.index)}: ${timingText(step)}: ${actionText(step)}${saveText(step)}`);
  }
  if (scenario.tty) lines.push('commands run in a terminal (tty: true)');
  return lines;
}

/** The action as the trace names it; a model step with its arguments as written. */
function actionText(step: Step): string {
  const action = step.action;
  if (action.kind !== 'model') return describeAction(action);
  const value = (action.args as Record<string, unknown> | undefined)?.[action.step];
  return value === undefined || value === null ? action.step : `${action.step} ${flowText(value)}`;
}

function saveText(step: Step): string {
  const action = step.action;
  const save = 'save' in action ? action.save : undefined;
  if (save === undefined) return '';
  return save.match === undefined ? `, save \${${save.name}}` : `, save \${${save.name}} from /${save.match}/`;
}
