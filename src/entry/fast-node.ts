// Node only: serve a request from the app's fast path (routes/fast-path.ts) with node:http directly.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../context.ts';
import type { HeaderSource } from '../http/conditional.ts';
import type { FastPath } from '../routes/fast-path.ts';

function headerSource(req: IncomingMessage): HeaderSource {
  return {
    get(name) {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** True when the request was answered; false hands it to the Hono listener untouched. */
export function answerFast(fast: FastPath, req: IncomingMessage, res: ServerResponse, log?: Logger): boolean {
  const started = log ? performance.now() : 0;
  const result = fast(req.method ?? 'GET', req.url ?? '/', headerSource(req));
  if (!result) return false;
  res.writeHead(result.status, result.headers);
  res.end(result.body ?? undefined);
  log?.({
    level: 'info',
    msg: 'request',
    method: req.method,
    path: (req.url ?? '/').split('?')[0],
    status: result.status,
    bytes: result.body?.byteLength ?? 0,
    ms: Math.round((performance.now() - started) * 100) / 100,
    notModified: result.status === 304,
    cacheHit: true,
  });
  return true;
}
