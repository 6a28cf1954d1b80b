// Node only: write a generated store to disk in bounded batches of concurrent writes, generating the
// next batch while the previous one is being written.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
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

/** The file a generated store carries, so a later run knows the folder is the generator's to replace. */
export const GENERATED_MARKER = '.generated.json';

/** Why `dir` may not receive a generated store (undefined when it may): a folder that holds anything
 * and was not made by the generator is somebody's content, never overwritten or removed. */
export async function generatedStoreRefusal(dir: string): Promise<string | undefined> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  if (names.length === 0 || names.includes(GENERATED_MARKER)) return undefined;
  return `${dir} holds files the generator did not make (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); name an empty or a new folder`;
}

/** Replace `dir` with a generated store (refusing a folder of somebody's content), marked as generated
 * with `marker` last: an interrupted run leaves no marker, so the next one regenerates. */
export async function writeGeneratedStore(
  dir: string,
  files: Iterable<GeneratedFile>,
  marker: Record<string, unknown>,
): Promise<number> {
  const refusal = await generatedStoreRefusal(dir);
  if (refusal) throw new Error(refusal);
  await rm(dir, { recursive: true, force: true });
  const written = await writeStore(dir, files);
  await writeFile(join(dir, GENERATED_MARKER), `${JSON.stringify(marker)}\n`);
  return written;
}
