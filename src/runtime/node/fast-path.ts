// Node only: serve a request from the app's fast path (app/fast-path.ts) with node:http directly.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../app/context.ts';
import type { FastPath } from '../../app/fast-path.ts';
import type { HeaderSource } from '../../http/conditional.ts';

function headerSource(req: IncomingMessage): HeaderSource {
  return {
    get(name) {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** True when the request was answered; false hands it to the Hono listener untouched. `log` gets a
 * line per request (LOG_REQUESTS=1); `errors` the failures (default: stderr). */
export function answerFast(
  fast: FastPath,
  req: IncomingMessage,
  res: ServerResponse,
  log?: Logger,
  errors: Logger = consoleLog,
): boolean {
  const started = log ? performance.now() : 0;
  let result: ReturnType<FastPath>;
  try {
    result = fast(req.method ?? 'GET', req.url ?? '/', headerSource(req));
    if (!result) return false;
    res.writeHead(result.status, result.headers);
  } catch (error) {
    // Whatever goes wrong answering one request (node:http refusing a header value, say) must cost that
    // request a 500, never the process: this runs in the server's listener, outside any handler's catch.
    failed(res, error, errors);
    return true;
  }
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

function failed(res: ServerResponse, error: unknown, log: Logger): void {
  log({ level: 'error', msg: 'fast path failed', error: String((error as Error)?.stack ?? error) });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.removeHeader('connection');
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end('Internal error. It has been logged.\n');
}

const consoleLog: Logger = (entry) => process.stderr.write(`${JSON.stringify(entry)}\n`);
