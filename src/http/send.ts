// Answers a request from a Representation: content negotiation, conditional GET (RFC 9110 13),
// cache policy, HEAD, and the headers every cross-origin feed reader needs.
import { type CachePolicy, cacheControl } from './cache-policy.ts';
import { evaluateConditional, formatHttpDate } from './conditional.ts';
import { negotiateEncoding } from './encoding.ts';
import type { Compressor, Representation, Variant } from './representation.ts';

export interface SendOptions {
  policy: CachePolicy;
  now: number;
  /** Present on Node: gzip and Brotli once per representation. Absent on Workers (Cloudflare compresses). */
  compress?: Compressor;
  /** Feeds are read cross-origin by web readers; HTML pages are not. */
  crossOrigin: boolean;
  extraHeaders?: Record<string, string>;
}

const CODINGS = ['br', 'gzip'] as const;

async function chooseVariant(rep: Representation, request: Request, compress?: Compressor): Promise<Variant | null> {
  if (!compress) return rep.identity;
  const coding = negotiateEncoding(request.headers.get('accept-encoding'), CODINGS);
  if (coding === null) return null;
  return coding === 'identity' ? rep.identity : rep.variant(coding, compress);
}

export async function sendRepresentation(
  request: Request,
  rep: Representation,
  options: SendOptions,
): Promise<Response> {
  const variant = await chooseVariant(rep, request, options.compress);
  if (variant === null) {
    return new Response('Not acceptable: this resource is available as br, gzip or identity.\n', {
      status: 406,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        vary: 'Accept-Encoding',
        'x-content-type-options': 'nosniff',
        ...(options.crossOrigin ? { 'access-control-allow-origin': '*' } : {}),
      },
    });
  }
  const { header } = cacheControl(options.policy, {
    now: options.now,
    ...(rep.nextChange !== undefined ? { nextChange: rep.nextChange } : {}),
    ...(rep.immutable ? { immutable: true } : {}),
  });
  // RFC 9110 8.8.2.1: a Last-Modified later than the response's own date is replaced by that date (an
  // article whose `updated` lies in the future would otherwise send one).
  const lastModified = Math.min(rep.lastModified, options.now);
  const headers = new Headers({
    etag: variant.etag,
    'last-modified': formatHttpDate(lastModified),
    'cache-control': header,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    ...options.extraHeaders,
  });
  if (rep.links) headers.set('link', rep.links);
  if (options.crossOrigin) {
    headers.set('access-control-allow-origin', '*');
    headers.set('access-control-expose-headers', 'ETag, Last-Modified, Link');
    headers.set('cross-origin-resource-policy', 'cross-origin');
  }
  const outcome = evaluateConditional(request.method, request.headers, {
    etag: variant.etag,
    lastModified,
  });
  if (outcome === 'not-modified') return new Response(null, { status: 304, headers });
  if (outcome === 'precondition-failed') return new Response(null, { status: 412, headers });
  headers.set('content-type', rep.contentType);
  headers.set('content-length', String(variant.body.byteLength));
  if (variant.coding !== 'identity') headers.set('content-encoding', variant.coding);
  return new Response(request.method === 'HEAD' ? null : variant.body, {
    status: 200,
    headers,
  });
}
