export * from './reaper.js';
export * from './sorted-keys.js';
