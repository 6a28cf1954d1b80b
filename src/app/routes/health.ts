// GET /healthz (liveness: the process answers; what it serves) and GET /readyz (readiness: it serves
// this store now). The Node server answers both itself while it starts and stops (runtime/node/server.ts).
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
  app.on(['GET', 'HEAD'], '/readyz', (c) => c.json({ ready: true }, 200, { 'cache-control': 'no-store' }));
  app.all('/healthz', methodNotAllowed);
  app.all('/readyz', methodNotAllowed);
}
