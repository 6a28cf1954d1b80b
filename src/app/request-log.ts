// One JSON line per request (when LOG_REQUESTS=1): method, path, status, bytes, duration, whether it
// was a 304 and whether the representation came from the render cache.
import type { MiddlewareHandler } from 'hono';
import type { HeraldContext } from './context.ts';

export function requestLog(ctx: HeraldContext): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const hit = ctx.cacheHits.get(c.req.raw);
    ctx.log({
      level: 'info',
      msg: 'request',
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status,
      bytes: Number(c.res.headers.get('content-length') ?? 0),
      ms: Math.round((performance.now() - started) * 100) / 100,
      notModified: status === 304,
      ...(hit !== undefined ? { cacheHit: hit } : {}),
    });
  };
}
