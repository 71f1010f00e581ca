/**
 * `node dist/bench/main.js <name> [--json]` (npm run bench -- <name> [--json]).
 * Unknown or missing name: lists the benchmarks and exits with status 2.
 */
import { benchmarks } from './registry.js';

function usage(problem: string): never {
  const names = Object.keys(benchmarks).sort();
  process.stderr.write(`${problem}\nusage: npm run bench -- <name> [--json]\nbenchmarks:\n`);
  for (const name of names) process.stderr.write(`  ${name.padEnd(10)} ${benchmarks[name]?.description ?? ''}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const names = args.filter((arg) => arg !== '--json');
if (names.length !== 1) usage(names.length === 0 ? 'no benchmark named' : `one benchmark at a time, got ${names.join(' ')}`);
const name = names[0] as string;
const benchmark = Object.hasOwn(benchmarks, name) ? benchmarks[name] : undefined;
if (benchmark === undefined) usage(`unknown benchmark ${JSON.stringify(name)}`);
const result = benchmark.run();
process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${benchmark.describe(result)}\n`);
