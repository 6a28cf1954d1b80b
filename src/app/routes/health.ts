// GET /healthz: liveness for load balancers and operators: the store's version and visible articles.
import type { Hono } from 'hono';
import type { HeraldContext } from '../context.ts';
import { methodNotAllowed } from './errors.ts';

export function registerHealthRoute(app: Hono, ctx: HeraldContext): void {
  app.on(['GET', 'HEAD'], '/healthz', (c) => {
    const store = ctx.currentStore();
    const now = ctx.clock().getTime();
    // Only what readers can see: the count and the version leave drafts and scheduled articles out.
    const articles = store.select({ kind: 'all' }, now).total;
    return c.json({ status: 'ok', version: store.visibleVersion(now), articles, cache: ctx.cache.stats }, 200, {
      'cache-control': 'no-store',
    });
  });
  app.all('/healthz', methodNotAllowed);
}
