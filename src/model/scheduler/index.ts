export * from './constraints.js';
export * from './failures.js';
export * from './filters.js';
export * from './node-info.js';
export * from './place.js';
export * from './ranking.js';
export * from './scheduler.js';
export * from './tree.js';
