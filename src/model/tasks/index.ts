export * from './states.js';
export * from './task.js';
export * from './sorted-diff.js';
