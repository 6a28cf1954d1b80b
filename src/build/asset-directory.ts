// Node only: write a set of asset files (storage/assets/files.ts) as a directory, swapped in whole: the
// files go to a fresh directory, which then replaces the old one, so a reader (a running `wrangler dev`,
// a Node server opening its store) never sees half of a store, and a failure leaves the old one.
import { constants } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AssetFile } from '../storage/assets/files.ts';
import type { Stage } from './progress.ts';

/** An asset copied from a file as it is (a media file beside the articles): tens of megabytes that are
 * never read into memory; the system clones them where the file system can. */
export type CopiedFile = [path: string, source: { copyFrom: string }];

/** What to write at a path: its contents, or the file to copy there. */
export type StagedFile = AssetFile | CopiedFile;

function place(staging: string, [path, data]: StagedFile): Promise<void> {
  const target = join(staging, path);
  if (typeof data === 'string' || data instanceof Uint8Array) return writeFile(target, data);
  return copyFile(data.copyFrom, target, constants.COPYFILE_FICLONE);
}

/** Write `files` (made one at a time: at 100,000 articles they come to gigabytes) into `dir`; returns
 * how many were written. */
export async function writeAssetDirectory(dir: string, files: Iterable<StagedFile>, stage?: Stage): Promise<number> {
  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  // Bounded parallelism: thousands of small writes at once would exhaust file descriptors.
  let written = 0;
  let batch: StagedFile[] = [];
  const made = new Set<string>();
  const flush = async () => {
    for (const folder of new Set(batch.map(([path]) => dirname(join(staging, path))))) {
      if (!made.has(folder)) await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    // Every write of the batch settles before a failure is thrown: none goes on after the cleanup.
    const results = await Promise.allSettled(batch.map((file) => place(staging, file)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    written += batch.length;
    batch = [];
    stage?.tick(written);
  };
  try {
    for (const file of files) {
      batch.push(file);
      if (batch.length === 64) await flush();
    }
    await flush();
  } catch (error) {
    // A store that cannot be encoded or a full disk: leave no half-written copy behind (the next build
    // runs under another pid and would not find it).
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const old = `${dir}.${process.pid}.old`;
  await rename(dir, old).catch(() => undefined);
  await rename(staging, dir);
  await rm(old, { recursive: true, force: true });
  stage?.finish();
  return written;
}
