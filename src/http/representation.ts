// One rendered document kept as bytes, with a strong ETag that is the SHA-256 of exactly those bytes,
// and its content-coded variants, each compressed once and with its own strong ETag (RFC 9110 8.8.3).
import type { ContentCoding } from './encoding.ts';

export type Compressor = (bytes: Uint8Array<ArrayBuffer>, coding: 'br' | 'gzip') => Promise<Uint8Array<ArrayBuffer>>;

export interface Variant {
  coding: ContentCoding;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

export interface RepresentationMeta {
  contentType: string;
  /** The document's own updated instant (ms): Last-Modified agrees with lastBuildDate/updated. */
  lastModified: number;
  /** When the next scheduled article goes live (ms): caps max-age, see cache-policy.ts. */
  nextChange?: number;
  /** A full RFC 5005 archive page: cached for a year. */
  immutable?: boolean;
  /** Feeds and OPML are read cross-origin by web readers; HTML pages are not. */
  crossOrigin: boolean;
  /** Headers that belong to the document: WebSub Link, the HTML security headers. */
  headers?: Record<string, string>;
}

export interface Representation extends RepresentationMeta {
  identity: Variant;
  /** Every header that does not depend on the request or the clock. */
  headers: Record<string, string>;
  /** The coded variant, compressed on first use and kept. */
  variant(coding: 'br' | 'gzip', compress: Compressor): Promise<Variant>;
  /** The coded variant if it is compressed already (the synchronous fast path). */
  ready(coding: 'br' | 'gzip'): Variant | undefined;
  /** Bytes held, for the cache's budget. */
  readonly bytes: number;
}

const encoder = new TextEncoder();

export async function strongEtag(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  // 128 bits of the digest in base64url: collision-free in practice and short on the wire.
  let binary = '';
  for (const b of digest.subarray(0, 16)) binary += String.fromCharCode(b);
  return `"${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}"`;
}

const CROSS_ORIGIN = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, Last-Modified, Link',
  'cross-origin-resource-policy': 'cross-origin',
};

export async function createRepresentation(text: string, meta: RepresentationMeta): Promise<Representation> {
  const body = encoder.encode(text);
  return representationOf(body, await strongEtag(body), meta, {
    // Vary on every response, compressed or not, so no cache hands gzip to a client that refused it.
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    ...(meta.crossOrigin ? CROSS_ORIGIN : {}),
    ...meta.headers,
  });
}

/** A representation rendered elsewhere (at build time, for Workers static assets), as plain JSON. */
export interface SavedRepresentation extends RepresentationMeta {
  etag: string;
  headers: Record<string, string>;
}

export function saveRepresentation(rep: Representation): SavedRepresentation {
  const { contentType, lastModified, nextChange, immutable, crossOrigin, headers } = rep;
  return {
    contentType,
    lastModified,
    ...(nextChange !== undefined ? { nextChange } : {}),
    ...(immutable ? { immutable } : {}),
    crossOrigin,
    headers,
    etag: rep.identity.etag,
  };
}

/** The saved representation with its bytes, exactly as createRepresentation made it. */
export function restoreRepresentation(body: Uint8Array<ArrayBuffer>, saved: SavedRepresentation): Representation {
  const { etag, headers, ...meta } = saved;
  return representationOf(body, etag, meta, headers);
}

function representationOf(
  body: Uint8Array<ArrayBuffer>,
  etag: string,
  meta: RepresentationMeta,
  headers: Record<string, string>,
): Representation {
  const identity: Variant = { coding: 'identity', body, etag };
  const pending = new Map<string, Promise<Variant>>();
  const done = new Map<string, Variant>();
  let extra = 0;
  return {
    ...meta,
    identity,
    headers,
    get bytes() {
      return body.byteLength + extra;
    },
    ready: (coding) => done.get(coding),
    variant(coding, compress) {
      let promise = pending.get(coding);
      if (!promise) {
        promise = compress(body, coding).then(async (encoded) => {
          extra += encoded.byteLength;
          const variant: Variant = { coding, body: encoded, etag: await strongEtag(encoded) };
          done.set(coding, variant);
          return variant;
        });
        pending.set(coding, promise);
      }
      return promise;
    },
  };
}
