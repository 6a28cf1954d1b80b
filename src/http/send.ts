// Answers a request from a Representation: content negotiation, conditional GET (RFC 9110 13),
// cache policy, HEAD, and the headers every cross-origin feed reader needs. `answer` is the one
// decision, shared by the Hono route and the Node fast path, so both send the same headers.
import { type CachePolicy, cacheControl, goLiveCap } from './cache-policy.ts';
import { evaluateConditional, formatHttpDate, type HeaderSource } from './conditional.ts';
import { type ContentCoding, negotiateEncoding } from './encoding.ts';
import type { Compressor, Representation, Variant } from './representation.ts';

export interface Answer {
  status: number;
  /** Lower-case names; a plain object so @hono/node-server writes it without conversion. */
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | null;
}

export interface SendOptions {
  policy: CachePolicy;
  now: number;
  /** Present on Node: gzip and Brotli, fast first, upgraded in the background (compression.ts). Absent on
   * Workers (Cloudflare compresses). */
  compress?: Compressor;
}

const CODINGS = ['br', 'gzip'] as const;

// Pollers send the same Accept-Encoding on every request (a feed reader or a CDN has one or two), so the
// answer for each value is remembered; the table is cleared when full, so odd values cannot grow it.
const codings = new Map<string, ContentCoding | null>();
const MAX_CODINGS = 64;

/** Which coding to send: identity when we do not compress (Workers), null when nothing is acceptable. */
export function chooseCoding(headers: HeaderSource, compress: Compressor | undefined): ContentCoding | null {
  if (!compress) return 'identity';
  const accept = headers.get('accept-encoding');
  if (accept === null) return 'identity';
  let coding = codings.get(accept);
  if (coding === undefined) {
    coding = negotiateEncoding(accept, CODINGS);
    if (codings.size >= MAX_CODINGS) codings.clear();
    codings.set(accept, coding);
  }
  return coding;
}

function notAcceptable(rep: Representation): Answer {
  return {
    status: 406,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
      ...(rep.crossOrigin ? { 'access-control-allow-origin': '*' } : {}),
    },
    body: new TextEncoder().encode('Not acceptable: this resource is available as br, gzip or identity.\n'),
  };
}

/** The response for `variant` of `rep`: 200, 304 or 412, with every header, for GET or HEAD. */
export function answer(
  method: string,
  headers: HeaderSource,
  rep: Representation,
  variant: Variant,
  policy: CachePolicy,
  now: number,
): Answer {
  // RFC 9110 8.8.2.1: a Last-Modified later than the response's own date is replaced by that date (an
  // article whose `updated` lies in the future would otherwise send one).
  const lastModified = Math.min(rep.lastModified, now);
  const prepared = preparedHeaders(rep, variant, policy, now, lastModified);
  const outcome = evaluateConditional(method, headers, { etag: variant.etag, lastModified });
  if (outcome === 'not-modified') return { status: 304, headers: prepared.notModified, body: null };
  if (outcome === 'precondition-failed') return { status: 412, headers: prepared.notModified, body: null };
  return { status: 200, headers: prepared.ok, body: method === 'HEAD' ? null : variant.body };
}

interface Prepared {
  policy: CachePolicy;
  /** goLiveCap when these headers were made: Cache-Control is the same while it is. */
  cap: number;
  lastModified: number;
  notModified: Record<string, string>;
  ok: Record<string, string>;
}

// The header objects of a variant change only when Cache-Control or Last-Modified does (rarely: a
// go-live cap counting down in the last minutes before it), so they are built once and reused: polls
// cost no string formatting. Callers must not mutate them.
const prepared = new WeakMap<Variant, Prepared>();

function preparedHeaders(
  rep: Representation,
  variant: Variant,
  policy: CachePolicy,
  now: number,
  lastModified: number,
): Prepared {
  const cap = goLiveCap(policy, now, rep.nextChange);
  const previous = prepared.get(variant);
  if (previous?.policy === policy && previous.lastModified === lastModified && previous.cap === cap) return previous;
  const { header } = cacheControl(policy, {
    now,
    ...(rep.nextChange !== undefined ? { nextChange: rep.nextChange } : {}),
    ...(rep.immutable ? { immutable: true } : {}),
  });
  const notModified: Record<string, string> = {
    ...rep.headers,
    etag: variant.etag,
    'last-modified': formatHttpDate(lastModified),
    'cache-control': header,
  };
  const ok: Record<string, string> = {
    ...notModified,
    'content-type': rep.contentType,
    'content-length': String(variant.body.byteLength),
    ...(variant.coding !== 'identity' ? { 'content-encoding': variant.coding } : {}),
  };
  const fresh = { policy, cap, lastModified, notModified, ok };
  prepared.set(variant, fresh);
  return fresh;
}

export async function sendRepresentation(
  request: Request,
  rep: Representation,
  options: SendOptions,
): Promise<Response> {
  const coding = chooseCoding(request.headers, options.compress);
  let result: Answer;
  if (coding === null) result = notAcceptable(rep);
  else {
    const variant: Variant =
      coding === 'identity' || !options.compress ? rep.identity : await rep.variant(coding, options.compress);
    result = answer(request.method, request.headers, rep, variant, options.policy, options.now);
  }
  return new Response(result.body, { status: result.status, headers: result.headers });
}
