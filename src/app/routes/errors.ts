// Short, readable error answers: never a stack trace, a file path or a parser's raw output.
import type { Context } from 'hono';

export function textResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

export function notFound(c: Context, detail?: string): Response {
  const path = new URL(c.req.url).pathname;
  // The path is echoed as text/plain, capped, so a hostile URL cannot grow the answer.
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return textResponse(404, `Not found: ${shown}\n${detail ? `${detail}\n` : ''}The feeds are listed at /.\n`);
}

/** A CORS preflight answer (Fetch standard) allowing GET and HEAD with `allowHeaders`. */
export function preflight(allowHeaders: string): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': allowHeaders,
      'access-control-max-age': '86400',
      allow: 'GET, HEAD, OPTIONS',
    },
  });
}

/** CORS preflight of a feed: web readers may send If-None-Match from script. */
export function corsPreflight(): Response {
  return preflight('If-None-Match, If-Modified-Since, Cache-Control');
}

export function methodNotAllowed(): Response {
  return textResponse(405, 'Method not allowed: this resource answers GET and HEAD.\n', { allow: 'GET, HEAD' });
}

/** 301 to an absolute URL (RFC 9110 section 15.4.2): readers update the subscription. Cached for a day:
 * a move may be undone by content (a tag named like the old slug), and a day is soon enough. */
export function permanentRedirect(location: string): Response {
  return textResponse(301, `Moved permanently to ${location}\n`, {
    location,
    'cache-control': 'public, max-age=86400',
    'access-control-allow-origin': '*',
  });
}
