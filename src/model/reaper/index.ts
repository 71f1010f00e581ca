export * from './reaper.js';
export * from './sorted-keys.js';
export * from './history-index.js';
