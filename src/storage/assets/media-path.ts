// Where a media file's bytes are in the Worker's static assets: written there by the build
// (build/worker-assets.ts), read by the Worker (runtime/workers/media-assets.ts). Web standards only.
import type { MediaFile } from '../../core/article.ts';

/** Cloudflare's limit on one static asset: 25 MiB. */
export const MAX_ASSET_BYTES = 25 * 1024 * 1024;

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The asset path of a media file: named by its content (the entity-tag, a digest of the bytes), outside
 * the store's own folder. No name a publisher chose reaches the assets, so none can collide with a store
 * file, need URL encoding or meet the asset server's HTML and trailing-slash handling; identical files are
 * stored once; and an index always names the bytes it was made from. The tag is written as hexadecimal
 * (of its UTF-8), because a base64 digest differing only in case would be one file on a case-insensitive
 * disk.
 */
export function mediaAssetPath(file: MediaFile): string {
  const tag = file.etag.startsWith('"') && file.etag.endsWith('"') ? file.etag.slice(1, -1) : file.etag;
  return `/media/${hex(new TextEncoder().encode(tag))}`;
}
