export * from './reaper.js';
