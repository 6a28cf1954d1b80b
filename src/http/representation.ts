// One rendered document kept as bytes, with a strong ETag that is the SHA-256 of exactly those bytes,
// and its content-coded variants, each compressed once and with its own strong ETag (RFC 9110 8.8.3).
import type { ContentCoding } from './encoding.ts';

export type Compressor = (bytes: Uint8Array<ArrayBuffer>, coding: 'br' | 'gzip') => Promise<Uint8Array<ArrayBuffer>>;

export interface Variant {
  coding: ContentCoding;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

export interface Representation {
  identity: Variant;
  contentType: string;
  /** The document's own updated instant (ms): Last-Modified agrees with lastBuildDate/updated. */
  lastModified: number;
  /** Every Cache-Control and <ttl> decision made for the document, see cache-policy.ts. */
  nextChange?: number;
  immutable?: boolean;
  /** Extra response headers that belong to the document (WebSub Link). */
  links?: string;
  variant(coding: 'br' | 'gzip', compress: Compressor): Promise<Variant>;
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

export async function createRepresentation(
  text: string,
  meta: {
    contentType: string;
    lastModified: number;
    nextChange?: number;
    immutable?: boolean;
    links?: string;
  },
): Promise<Representation> {
  const body = encoder.encode(text);
  const identity: Variant = {
    coding: 'identity',
    body,
    etag: await strongEtag(body),
  };
  const variants = new Map<string, Promise<Variant>>();
  let extra = 0;
  return {
    ...meta,
    identity,
    get bytes() {
      return body.byteLength + extra;
    },
    variant(coding, compress) {
      let pending = variants.get(coding);
      if (!pending) {
        pending = compress(body, coding).then(async (encoded) => {
          extra += encoded.byteLength;
          return { coding, body: encoded, etag: await strongEtag(encoded) };
        });
        variants.set(coding, pending);
      }
      return pending;
    },
  };
}
