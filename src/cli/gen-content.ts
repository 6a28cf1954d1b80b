// `npm run gen:content -- N DIR [--seed S]`: write a deterministic N-article news store to DIR
// (site.yaml and articles/<yyyy>/<mm>/<slug>.md) for benchmarks. Same N and seed, same files.
import { rm } from 'node:fs/promises';
import { DEFAULT_SEED, generateStore } from '../generate/generate.ts';
import { writeStore } from '../generate/write-store.ts';

const usage = 'usage: npm run gen:content -- N DIR [--seed S] [--clean]';
const args = process.argv.slice(2);
const positional: string[] = [];
let seed = DEFAULT_SEED;
let clean = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg === '--seed') seed = Number(args[++i]);
  else if (arg.startsWith('--seed=')) seed = Number(arg.slice(7));
  else if (arg === '--clean') clean = true;
  else positional.push(arg);
}
const [count, dir] = positional;
const n = Number(count);
if (!dir || !Number.isInteger(n) || n < 0 || !Number.isInteger(seed)) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const started = performance.now();
if (clean) await rm(dir, { recursive: true, force: true });
const written = await writeStore(dir, generateStore(n, seed));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(`Wrote ${written - 1} articles and site.yaml to ${dir} (seed ${seed}) in ${seconds} s.\n`);
