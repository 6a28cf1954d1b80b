// Node only: time Hugo building RSS feeds from the same article files, as the compile-time yardstick.
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runCommand } from './process.ts';

// Only RSS: the home page, sections and taxonomies; pages are listed in feeds but never rendered to disk.
const CONFIG = `baseURL = "https://news.example.org/"
languageCode = "en"
title = "Herald Bench News"
disableKinds = ["sitemap", "robotsTXT", "404"]
[outputs]
  home = ["RSS"]
  section = ["RSS"]
  taxonomy = ["RSS"]
  term = ["RSS"]
  page = []
[services.rss]
  limit = 20
[[cascade]]
  [cascade._build]
    render = "never"
  [cascade._target]
    kind = "page"
`;

export async function hugoVersion(): Promise<string | undefined> {
  try {
    const r = await runCommand(['hugo', 'version'], { timeoutMs: 10_000 });
    return r.code === 0 ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** A minimal Hugo site in `siteDir` whose content/ is a symlink to `articlesDir`. */
export async function prepareHugoSite(articlesDir: string, siteDir: string): Promise<void> {
  await rm(siteDir, { recursive: true, force: true });
  await mkdir(siteDir, { recursive: true });
  await writeFile(join(siteDir, 'config.toml'), CONFIG);
  await symlink(resolve(articlesDir), join(siteDir, 'content'));
}

/** Wall-clock milliseconds of `hugo --quiet` in a freshly prepared site. */
export async function timeHugo(articlesDir: string, siteDir: string, timeoutMs: number): Promise<number> {
  await prepareHugoSite(articlesDir, siteDir);
  const r = await runCommand(['hugo', '--quiet'], {
    cwd: siteDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    timeoutMs,
  });
  if (r.code !== 0) throw new Error(`hugo exited ${r.code}: ${r.stderr.slice(-2000)}`);
  return r.ms;
}
