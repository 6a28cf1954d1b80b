// Node only: the target "after one article changes, the updated feed is served within 200 ms at 10,000
// articles" as a bench figure. Herald runs under WATCH=1 on the bench store; the newest article's title
// is rewritten and /rss.xml polled until it carries the new title. The file's text is put back after.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startHerald } from './herald.ts';
import { httpGet } from './http-get.ts';

const POLL_MS = 2;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The source file of the article at the top of /rss.xml: its slug is its path under articles/, and
 * its URL is that path under the site's articles/ (core/urls.ts articleUrl). */
async function newestArticleFile(contentDir: string, baseUrl: string): Promise<string> {
  const feed = JSON.parse((await httpGet(new URL('feed.json', baseUrl).toString())).body.toString('utf8')) as {
    items: { url: string }[];
  };
  const url = feed.items[0]?.url ?? '';
  const at = url.indexOf('/articles/');
  if (at < 0) throw new Error(`edit to served: the newest item's URL "${url}" is not an article page`);
  const slug = url
    .slice(at + '/articles/'.length)
    .split('/')
    .map(decodeURIComponent)
    .join('/');
  return join(contentDir, 'articles', `${slug}.md`);
}

/** Writes `text` to `file` and resolves with the ms until /rss.xml contains `mark`. */
async function servedAfter(file: string, text: string, mark: string, rssUrl: string, timeoutMs: number) {
  const started = performance.now();
  await writeFile(file, text);
  while (performance.now() - started < timeoutMs) {
    if ((await httpGet(rssUrl)).body.includes(mark)) return performance.now() - started;
    await pause(POLL_MS);
  }
  throw new Error(`edit to served: ${file} changed but /rss.xml did not show it within ${timeoutMs} ms`);
}

/**
 * Milliseconds from writing each of `edits` title changes to /rss.xml serving it. A first edit is not
 * counted: the watcher compiles every source in the background after start-up (the running store came
 * from the compiled index, which keeps no texts), and an edit before that finishes waits for it.
 */
export async function editToServed(
  contentDir: string,
  runDir: string,
  cpu: number | undefined,
  edits: number,
  timeoutMs: number,
): Promise<number[]> {
  const { server } = await startHerald(contentDir, runDir, cpu, timeoutMs, { WATCH: '1' });
  let file: string | undefined;
  let original: string | undefined;
  try {
    file = await newestArticleFile(contentDir, server.url);
    original = await readFile(file, 'utf8');
    if (!/^title: .*$/m.test(original)) throw new Error(`edit to served: ${file} has no title line`);
    const rssUrl = new URL('rss.xml', server.url).toString();
    const edit = async (n: number) => {
      const mark = `Herald bench edit ${n}`;
      return servedAfter(
        file as string,
        (original as string).replace(/^title: .*$/m, `title: "${mark}"`),
        mark,
        rssUrl,
        timeoutMs,
      );
    };
    await edit(0);
    const times: number[] = [];
    for (let n = 1; n <= edits; n++) {
      await pause(300); // let the previous reload's garbage and the watcher settle, as between two saves
      times.push(await edit(n));
    }
    return times;
  } finally {
    if (file && original !== undefined) await writeFile(file, original);
    await server.stop();
  }
}
