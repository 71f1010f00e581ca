/** The per-node agent (pure) and the scenario's image table. */
export * from './agent.js';
export * from './effects.js';
export * from './images.js';
