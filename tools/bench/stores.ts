// Node only: generated stores cached in /tmp/herald-bench/<N>, regenerated only when missing or made
// by another seed or generator version.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SEED, generateStore } from '../../src/generate/generate.ts';
import { GENERATED_MARKER, writeGeneratedStore } from '../../src/generate/write-store.ts';

export const BENCH_ROOT = '/tmp/herald-bench';
/** Bump when the generator's output changes, so cached stores are rebuilt. */
export const GENERATOR_VERSION = 2;

export async function ensureStore(
  n: number,
  log: (line: string) => void,
  seed = DEFAULT_SEED,
): Promise<{ dir: string; generatedMs?: number }> {
  const dir = join(BENCH_ROOT, String(n));
  const want = JSON.stringify({ n, seed, generator: GENERATOR_VERSION });
  const have = await readFile(join(dir, GENERATED_MARKER), 'utf8').catch(() => undefined);
  if (have?.trim() === want) return { dir };
  log(`generating ${n} articles in ${dir}`);
  const started = performance.now();
  await writeGeneratedStore(dir, generateStore(n, seed), JSON.parse(want));
  return { dir, generatedMs: performance.now() - started };
}
