/** Small zod building blocks the model's scenario kinds share. */
import { z } from 'zod';
import { DurationError, parseDuration } from '../sim/time.js';

/** A Go-style duration string (`500ms`, `1m30s`), checked when the file is loaded. */
export const durationText = z
  .string()
  .superRefine((text, ctx) => {
    try {
      parseDuration(text);
    } catch (error) {
      if (!(error instanceof DurationError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  })
  .describe('A duration written the Go/Docker way: 500ms, 10s, 1m30s');

/** A JavaScript regular expression, compiled when the file is loaded (`(?s)` and other Go/PCRE groups are refused there, not mid-run). */
export const regexText = z.string().superRefine((text, ctx) => {
  try {
    new RegExp(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(error as Error).message}` });
  }
});

export const nodeName = z.string().min(1).describe('A node name from the cluster (manager-1, worker-2, ...)');
