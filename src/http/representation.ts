// One rendered document kept as bytes, with a strong ETag that is the SHA-256 of exactly those bytes,
// and its content-coded variants, each with its own strong ETag (RFC 9110 8.8.3): compressed fast on
// first use, then, once the document proves popular, replaced by a smaller one made in the background.
import { type Coding, type Compressor, upgradeDue, upgradeWorthIt } from './compression.ts';
import type { ContentCoding } from './encoding.ts';

export type { Compressor } from './compression.ts';

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
  /** The current coded variant for a response, compressed (fast) on first use and kept. Counts as a
   * serve towards the variant's upgrade (see compression.ts). */
  variant(coding: Coding, compress: Compressor): Promise<Variant>;
  /** The current coded variant if it is compressed already (the synchronous fast path); counts as a
   * serve like `variant`. */
  ready(coding: Coding): Variant | undefined;
  /** Bytes held (the identity body and the current coded variants), for the cache's budget. */
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

interface Slot {
  compressor: Compressor;
  /** The variant served now: the fast one, then the best one once the upgrade is done. */
  current?: Variant;
  /** The first compression, shared by concurrent first requests. */
  first: Promise<Variant>;
  serves: number;
  upgrade: 'not yet' | 'queued' | 'done';
}

function representationOf(
  body: Uint8Array<ArrayBuffer>,
  etag: string,
  meta: RepresentationMeta,
  headers: Record<string, string>,
): Representation {
  const identity: Variant = { coding: 'identity', body, etag };
  const slots = new Map<Coding, Slot>();
  let extra = 0;

  const replace = (slot: Slot, next: Variant) => {
    extra += next.body.byteLength - (slot.current?.body.byteLength ?? 0);
    slot.current = next;
  };

  // Recompresses at the best setting; runs from the compressor's background queue only. The new
  // variant gets the ETag of its own bytes, so a validator never names two different bodies.
  const upgrade = async (slot: Slot, coding: Coding) => {
    const fast = slot.current as Variant;
    try {
      const encoded = await slot.compressor.best(body, coding);
      if (upgradeWorthIt(fast.body.byteLength, encoded.byteLength, slot.compressor.policy))
        replace(slot, { coding, body: encoded, etag: await strongEtag(encoded) });
    } finally {
      slot.upgrade = 'done';
    }
  };

  const served = (slot: Slot, coding: Coding) => {
    slot.serves++;
    if (slot.upgrade !== 'not yet' || !slot.current || !upgradeDue(slot.serves, slot.compressor.policy)) return;
    // A full queue refuses: the upgrade is asked for again at the next serve.
    if (slot.compressor.background.run(() => upgrade(slot, coding))) slot.upgrade = 'queued';
  };

  return {
    ...meta,
    identity,
    headers,
    get bytes() {
      return body.byteLength + extra;
    },
    ready(coding) {
      const slot = slots.get(coding);
      if (!slot?.current) return undefined;
      served(slot, coding);
      return slot.current;
    },
    variant(coding, compressor) {
      let slot = slots.get(coding);
      if (!slot) {
        const made: Slot = {
          compressor,
          serves: 0,
          upgrade: 'not yet',
          first: compressor.fast(body, coding).then(
            async (encoded) => {
              replace(made, { coding, body: encoded, etag: await strongEtag(encoded) });
              return made.current as Variant;
            },
            (error: unknown) => {
              // Not kept: the next request for this coding tries again.
              slots.delete(coding);
              throw error;
            },
          ),
        };
        slot = made;
        slots.set(coding, slot);
      }
      served(slot, coding);
      return slot.current ? Promise.resolve(slot.current) : slot.first;
    },
  };
}
