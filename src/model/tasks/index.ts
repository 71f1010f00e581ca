export * from './states.js';
export * from './task.js';
