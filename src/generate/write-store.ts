// Node only: write a generated store to disk in bounded batches of concurrent writes, generating the
// next batch while the previous one is being written.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from './generate.ts';

const BATCH = 1024;

/** Writes every file under `dir`; returns how many files were written. */
export async function writeStore(dir: string, files: Iterable<GeneratedFile>): Promise<number> {
  const made = new Set<string>();
  let count = 0;
  const write = async (batch: GeneratedFile[]) => {
    const dirs = [...new Set(batch.map((f) => dirname(join(dir, f.path))))].filter((d) => !made.has(d));
    for (const d of dirs) made.add(d);
    await Promise.all(dirs.map((d) => mkdir(d, { recursive: true })));
    await Promise.all(batch.map((f) => writeFile(join(dir, f.path), f.text)));
    count += batch.length;
  };
  let batch: GeneratedFile[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  for (const file of files) {
    batch.push(file);
    if (batch.length >= BATCH) {
      // At most one batch in flight: memory stays bounded whatever N is.
      await inFlight;
      inFlight = write(batch);
      batch = [];
    }
  }
  await inFlight;
  if (batch.length > 0) await write(batch);
  return count;
}
