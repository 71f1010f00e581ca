export { DEFAULT_MONITOR_US, DEFAULT_UPDATE_SETTINGS, OLD_TASK_TIMEOUT_US, failureRatioExceeded, settingsFor, type UpdateSettings } from './config.js';
export { isSlotDirty, isTaskDirty, specEqual } from './dirty.js';
export { MANUAL_ROLLBACK, ROLLBACK_COMPLETED, UPDATE_COMPLETED, UPDATE_IN_PROGRESS, applyStatusEffect, type StatusWrite } from './status.js';
export * from './types.js';
export { describeWorker, isFinished, step } from './updater.js';
