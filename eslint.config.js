// Lint is where the determinism contract and the layer rule are enforced:
// sim <- model <- scenario <- cli (an arrow points from a layer to what may import it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ambient = [
  { name: 'Date', message: 'Use the kernel clock (sim.now, integer microseconds).' },
  { name: 'setTimeout', message: 'Use a kernel timer (sim.schedule).' },
  { name: 'setInterval', message: 'Use a kernel timer (sim.schedule), rescheduled from its callback.' },
  { name: 'setImmediate', message: 'Use a kernel timer (sim.schedule).' },
  { name: 'performance', message: 'Use the kernel clock (sim.now).' },
];
const ambientProperties = [
  { object: 'Math', property: 'random', message: 'Use a forked seeded stream: rng.fork(label).intBelow(n).' },
  { object: 'Date', property: 'now', message: 'Use the kernel clock (sim.now).' },
  { object: 'performance', property: 'now', message: 'Use the kernel clock (sim.now).' },
  { object: 'process', property: 'hrtime', message: 'Use the kernel clock (sim.now).' },
];
const noLocaleCompare = {
  selector: "CallExpression[callee.property.name='localeCompare']",
  message: 'localeCompare depends on the ICU build; use compareStrings from src/sim/order.ts.',
};
const noAsync = {
  selector: 'FunctionDeclaration[async=true], ArrowFunctionExpression[async=true], FunctionExpression[async=true]',
  message: 'The kernel and the model are synchronous: return effects, let the kernel schedule them.',
};

function layerImports(forbidden) {
  return {
    patterns: forbidden.map((layer) => ({
      group: [`**/${layer}/*`, `**/${layer}`],
      message: `Imports must point down the layers (sim <- model <- scenario <- cli); ${layer} is above this file.`,
    })),
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/sim/**/*.ts', 'src/model/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...ambient],
      'no-restricted-properties': ['error', ...ambientProperties],
      'no-restricted-syntax': ['error', noLocaleCompare, noAsync],
    },
  },
  {
    files: ['src/scenario/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...ambient],
      'no-restricted-properties': ['error', ...ambientProperties],
      'no-restricted-syntax': ['error', noLocaleCompare],
    },
  },
  { files: ['src/sim/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerImports(['model', 'scenario', 'cli'])] } },
  { files: ['src/model/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerImports(['scenario', 'cli'])] } },
  { files: ['src/scenario/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerImports(['cli'])] } },
);
