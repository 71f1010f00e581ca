/**
 * The lint rules that keep the determinism contract and the layer order
 * (eslint.config.js): ambient time and randomness are banned in src/sim and
 * src/model with a message naming the replacement, and imports may only point
 * down the layers sim <- model <- scenario <- cli.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('determinism bans in src/sim and src/model', () => {
  const banned: [string, string, RegExp][] = [
    ['Math.random', 'export const x = Math.random();\n', /rng\.fork\(label\)\.intBelow/],
    ['Date.now', 'export const x = Date.now();\n', /kernel clock/],
    ['new Date', 'export const x = new Date();\n', /kernel clock/],
    ['performance.now', 'export const x = performance.now();\n', /kernel clock/],
    ['setTimeout', 'setTimeout(() => undefined, 1);\n', /kernel timer/],
    ['setInterval', 'setInterval(() => undefined, 1);\n', /kernel timer/],
    ['process.hrtime', 'export const x = process.hrtime();\n', /kernel clock/],
    ['localeCompare', "export const x = 'a'.localeCompare('b');\n", /compareStrings/],
    ['async', 'export async function f(): Promise<number> { return 1; }\n', /synchronous/],
  ];
  for (const layer of ['src/sim/probe.ts', 'src/model/probe.ts']) {
    for (const [what, code, replacement] of banned) {
      it(`${layer}: ${what} is rejected with its replacement named`, async () => {
        const found = await messages(layer, code);
        expect(found.some((m) => replacement.test(m)), found.join('\n')).toBe(true);
      });
    }
  }

  it('the same code is allowed in the CLI (which may read the wall clock)', async () => {
    expect(await messages('src/cli/probe.ts', 'export const x = Date.now();\n')).toEqual([]);
  });

  it('a clean kernel file passes', async () => {
    expect(await messages('src/sim/probe.ts', 'export const x = 1;\n')).toEqual([]);
  });
});

describe('imports point down the layers', () => {
  const upward: [string, string][] = [
    ['src/sim/probe.ts', "import { swarmModel } from '../model/index.js';\nexport const x = swarmModel;\n"],
    ['src/sim/probe.ts', "import { runScenario } from '../scenario/index.js';\nexport const x = runScenario;\n"],
    ['src/model/probe.ts', "import { runScenario } from '../scenario/index.js';\nexport const x = runScenario;\n"],
    ['src/model/raft/probe.ts', "import { main } from '../../cli/main.js';\nexport const x = main;\n"],
    ['src/scenario/probe.ts', "import { main } from '../cli/main.js';\nexport const x = main;\n"],
  ];
  for (const [file, code] of upward) {
    it(`${file} may not import ${/from '([^']+)'/.exec(code)?.[1] ?? ''}`, async () => {
      const found = await messages(file, code);
      expect(found.some((m) => m.includes('Imports must point down the layers')), found.join('\n')).toBe(true);
    });
  }

  it('downward imports are fine', async () => {
    expect(await messages('src/scenario/probe.ts', "import { createSim } from '../sim/index.js';\nexport const x = createSim;\n")).toEqual([]);
    expect(await messages('src/model/probe.ts', "import { createSim } from '../sim/index.js';\nexport const x = createSim;\n")).toEqual([]);
  });
});
