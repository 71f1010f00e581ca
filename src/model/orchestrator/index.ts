export * from './book.js';
export * from './effects.js';
export * from './global.js';
export * from './orchestrator.js';
export * from './replicated.js';
export * from './restart.js';
