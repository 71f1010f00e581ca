/**
 * Transcripts: the updater stepped input by input, each line the input, the
 * phase, the visible status and every worker's stage, then the effects.
 * Regenerate with `npx vitest run test/model/updater -u` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { S, UpdaterHarness, type HarnessOptions } from './harness.js';

function transcript(options: HarnessOptions, image = 'web:2'): string {
  const h = new UpdaterHarness(options);
  h.update(image);
  h.run();
  return `${h.log.join('\n')}\nfinal: ${h.service.updateStatus?.state} "${h.service.updateStatus?.message}" running=${h.runningImages().join(',')}\n`;
}

describe('updater transcripts', () => {
  it('stop-first, parallelism 1, delay 2s, 2 replicas', async () => {
    await expect(transcript({ replicas: 2, update: { delayUs: (2 * S) as never } })).toMatchFileSnapshot('__transcripts__/stop-first-delay.txt');
  });
  it('start-first, parallelism 2, 3 replicas', async () => {
    await expect(transcript({ replicas: 3, update: { parallelism: 2, order: 'start-first' } })).toMatchFileSnapshot('__transcripts__/start-first.txt');
  });
  it('unpullable image, failure action pause', async () => {
    await expect(transcript({ replicas: 3, badImages: ['web:2'] })).toMatchFileSnapshot('__transcripts__/pause.txt');
  });
  it('unpullable image, failure action rollback', async () => {
    await expect(transcript({ replicas: 2, badImages: ['web:2'], update: { failureAction: 'rollback' } })).toMatchFileSnapshot('__transcripts__/rollback.txt');
  });
  it('a task crashing during the monitor period after the last slot', async () => {
    await expect(transcript({ replicas: 1, crashAfterUs: { 'web:2': 3 * S } })).toMatchFileSnapshot('__transcripts__/crash-in-monitor.txt');
  });
});
