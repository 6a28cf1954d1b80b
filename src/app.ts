// createApp({ store, config, clock }): the one Hono app both runtimes serve.
import { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { type AppOptions, createContext, type HeraldContext } from './context.ts';
import { requestLog } from './http/request-log.ts';
import { notFound, textResponse } from './routes/errors.ts';
import { createFastPath, type FastPath } from './routes/fast-path.ts';
import { registerFeedRoutes } from './routes/feeds.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerPageRoutes } from './routes/pages.ts';

export type { AppOptions } from './context.ts';

export function createApp(options: AppOptions): Hono & { herald: HeraldContext; fastPath: FastPath } {
  const ctx = createContext(options);
  // TrieRouter: routes go into a tree as they are added; nothing to compile before the first match. Hono's default RegExpRouter builds one
  // regular expression over every route on the first request, which was the largest single cost of a
  // fresh Workers isolate's first request (issue 5: 10 ms of CPU); matching ~80 routes one by one costs
  // microseconds, and repeat polls on Node skip routing altogether (the fast path).
  const app = new Hono({ strict: true, router: new TrieRouter() });
  if (ctx.config.logRequests) app.use(requestLog(ctx));
  registerFeedRoutes(app, ctx);
  registerHealthRoute(app, ctx);
  registerPageRoutes(app, ctx);
  app.notFound((c) => notFound(c));
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
