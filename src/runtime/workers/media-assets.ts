// Workers: the media files beside the articles, read from the Worker's static assets, where the build
// put each under a name made from its digest (storage/assets/media-path.ts). The answer is decided by
// the app as on Node (app/routes/media.ts); this sends the bytes it names, streamed, never buffered.
import type { MediaSource } from '../../app/media-source.ts';
import type { ByteRange } from '../../http/media.ts';
import { mediaAssetPath } from '../../storage/assets/media-path.ts';

/** Fetches one static asset by path (env.ASSETS). */
export type FetchAssetResponse = (path: string) => Promise<Response>;

/** workerd's stream that passes exactly `length` bytes and gives the response a Content-Length: without
 * it, a streamed body is sent chunked, and a player that reads the length of a 206 gets none. */
declare const FixedLengthStream: new (
  length: number,
) => { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };

/**
 * Passes on bytes start..end (inclusive) of the stream it is given, and ends it there: a range of a file
 * the asset server sends whole. The chunks before `start` are dropped as they arrive, so a resumed
 * download late in an episode holds no more than a chunk at a time; the source is cancelled after `end`.
 */
export function byteSlice({ start, end }: ByteRange): TransformStream<Uint8Array, Uint8Array> {
  let offset = 0;
  return new TransformStream({
    transform(chunk, controller) {
      const from = Math.max(start - offset, 0);
      const to = Math.min(end + 1 - offset, chunk.byteLength);
      offset += chunk.byteLength;
      if (from < to) controller.enqueue(from === 0 && to === chunk.byteLength ? chunk : chunk.subarray(from, to));
      if (offset > end) controller.terminate();
    },
  });
}

export function assetMediaSource(fetchAsset: FetchAssetResponse): MediaSource {
  return {
    // The index and the files are deployed together: what the index says is what the assets hold.
    async open(_path, file) {
      return {
        file,
        async read(range) {
          const path = mediaAssetPath(file);
          const response = await fetchAsset(path);
          // A missing asset is a broken deployment, not a missing file: fail before any header is sent
          // (the app logs it and answers 500) rather than send a body shorter than its length.
          if (!response.ok || !response.body) {
            await response.body?.cancel();
            throw new Error(`static asset ${path} (the media file of this URL): HTTP ${response.status}`);
          }
          // The whole file: the asset's own stream, which no script code touches.
          if (range.start === 0 && range.end === file.size - 1) return response.body;
          const length = new FixedLengthStream(range.end - range.start + 1);
          return response.body.pipeThrough(byteSlice(range)).pipeThrough(length);
        },
        close() {},
      };
    },
  };
}
