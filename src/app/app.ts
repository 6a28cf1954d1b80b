// createApp({ store, config, clock }): the one Hono app both runtimes serve.
import { Hono } from 'hono';
import { type AppOptions, createContext, type HeraldContext } from './context.ts';
import { createFastPath, type FastPath } from './fast-path.ts';
import { requestLog } from './request-log.ts';
import { notFound, textResponse } from './routes/errors.ts';
import { registerFeedRoutes } from './routes/feeds.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerMediaRoutes } from './routes/media.ts';
import { registerPageRoutes } from './routes/pages.ts';
import { oldAddress } from './routes/redirects.ts';

export type { AppOptions } from './context.ts';

export function createApp(options: AppOptions): Hono & { herald: HeraldContext; fastPath: FastPath } {
  const ctx = createContext(options);
  // Hono's default router. TrieRouter would compile nothing before the first match (cheaper for a fresh
  // Workers isolate) but answers 500 to a request whose method is an Object.prototype name such as
  // "valueOf" (found by tests/http/hostile.test.ts); LinearRouter and PatternRouter ignore strict: true.
  // The Worker's first polls skip routing anyway (runtime/workers/prerendered.ts).
  const app = new Hono({ strict: true });
  if (ctx.config.logRequests) app.use(requestLog(ctx));
  registerFeedRoutes(app, ctx);
  registerHealthRoute(app, ctx);
  // Before the page routes: a media file's URL has the article pages' pattern, and what is not one goes on.
  registerMediaRoutes(app, ctx);
  registerPageRoutes(app, ctx);
  app.notFound(async (c) => (await oldAddress(c, ctx)) ?? notFound(c));
  app.onError((error, c) => {
    ctx.log({
      level: 'error',
      path: new URL(c.req.url).pathname,
      error: String(error?.stack ?? error),
    });
    return textResponse(500, 'Internal error. It has been logged.\n');
  });
  return Object.assign(app, { herald: ctx, fastPath: createFastPath(ctx) });
}
