/** The scenario layer's public API (property-test authors and the CLI import from here). */
export { loadScenario, formatScenarioError, TOP_LEVEL_KEYS, type LoadOptions } from './load.js';
export { runScenario, type RunOptions } from './run.js';
export { explainScenario } from './explain.js';
export { scenarioToYaml, type ScenarioDocument, type ToYamlOptions } from './to-yaml.js';
export { scenarioJsonSchema, scenarioJsonSchemaText } from './json-schema.js';
export { DEFAULT_MAX_EVENTS, DEFAULT_MAX_TIME } from './schemas.js';
export { formatFailure, formatSummary, formatViolation, resultToJson } from './report.js';
export type * from './types.js';
