// The media files beside the articles (images, audio, video, PDFs, transcripts, chapters), each at its
// path under /articles/: content/articles/2024/ep1.mp3 is /articles/2024/ep1.mp3. Only a file of a served
// type (core/media-types.ts) that the store's index lists is answered; everything else goes on to the
// article page route, which answers it or says 404. http/media.ts decides the answer (conditional
// requests, byte ranges, HEAD); the runtime's MediaSource (app/media-source.ts) sends the bytes.
import type { Context, Hono, Next } from 'hono';
import { isServableMediaPath } from '../../core/media-types.ts';
import { answerMedia, defaultMediaCachePolicy, type MediaAnswer, type MediaFile } from '../../http/media.ts';
import type { HeraldContext } from '../context.ts';
import { preflight } from './errors.ts';

const PREFIX = '/articles/';

/**
 * The path under articles/ a request names, each segment percent-decoded exactly once, or undefined.
 * Hono's own parameter goes through decodeURI and then decodeURIComponent, which decodes `%252e` twice
 * (into a dot segment); decoded once, a `%2e` left over is refused by isServableMediaPath. A segment
 * holding an encoded "/" (`%2F`) is refused: it would name another path than its segments say.
 */
export function mediaPathOf(url: string): string | undefined {
  const pathname = new URL(url).pathname;
  if (!pathname.startsWith(PREFIX)) return undefined;
  const segments: string[] = [];
  for (const raw of pathname.slice(PREFIX.length).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined; // a malformed escape names no file
    }
    if (segment.includes('/')) return undefined;
    segments.push(segment);
  }
  return segments.join('/');
}

/** The media file a request names: in the index, of a served type, and not an article's own URL. */
async function mediaOf(c: Context, ctx: HeraldContext): Promise<{ path: string; file: MediaFile } | undefined> {
  if (!ctx.media) return undefined;
  const path = mediaPathOf(c.req.url);
  if (path === undefined || isServableMediaPath(path) === undefined) return undefined;
  const store = ctx.currentStore();
  const file = await store.media(path);
  if (!file) return undefined;
  // An article file named like a media file (foo.mp3.md beside foo.mp3) has the same URL: the article
  // keeps it, scheduled or not, so the URL never changes from one to the other when it goes live.
  if (await store.bySlug(path)) return undefined;
  return { path, file };
}

async function serveMedia(c: Context, ctx: HeraldContext, next: Next): Promise<Response | undefined> {
  const found = await mediaOf(c, ctx);
  const opened = found && (await ctx.media?.open(found.path, found.file));
  if (!opened) {
    await next();
    return undefined;
  }
  let answer: MediaAnswer;
  try {
    // A fixed hour (http/media.ts): the feeds' cache settings are about polling and do not apply here.
    answer = answerMedia(c.req.method, c.req.raw.headers, opened.file, defaultMediaCachePolicy, ctx.clock().getTime());
  } catch (error) {
    opened.close();
    throw error;
  }
  if (!answer.body) {
    opened.close();
    return new Response(null, { status: answer.status, headers: answer.headers });
  }
  return new Response(await opened.read(answer.body), { status: answer.status, headers: answer.headers });
}

/** Registered before the article page route, whose pattern is the same: what is not a media file goes
 * on to it (next), and other methods to its 405. The same pattern to the letter, parameter name included:
 * Hono's RegExpRouter gives up on two patterns that differ only in a name, and the TrieRouter it then
 * falls back to answers 500 to a method named like an Object.prototype property. */
export function registerMediaRoutes(app: Hono, ctx: HeraldContext): void {
  const pattern = `${PREFIX}:slug{.+}`;
  app.on(['GET', 'HEAD'], pattern, (c, next) => serveMedia(c, ctx, next));
  app.options(pattern, async (c, next) => {
    // A web player or transcript viewer on another origin may send Range, If-Range or conditional
    // headers from script.
    if (await mediaOf(c, ctx)) return preflight('Range, If-Range, If-None-Match, If-Modified-Since, Cache-Control');
    await next();
  });
}
