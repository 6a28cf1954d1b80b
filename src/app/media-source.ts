// Where a runtime keeps the bytes of the media files beside the articles: the app decides what to answer
// (routes/media.ts, http/media.ts) and asks a MediaSource for the bytes. Node reads the content directory
// (runtime/node/media-files.ts), a Worker its static assets (runtime/workers/media-assets.ts).
import type { ByteRange, MediaFile } from '../http/media.ts';

export interface MediaSource {
  /**
   * The media file at `path` (under articles/, decoded, as the store's index names it: "2024/ep1.mp3"),
   * ready to be read. `indexed` is what the store's index says of it. Undefined when it cannot be served
   * (gone since, no longer a regular file, or resolving outside the articles): the route answers 404.
   */
  open(path: string, indexed: MediaFile): Promise<OpenedMedia | undefined>;
}

export interface OpenedMedia {
  /** The file as it will be described: the index's entry, or the file's own state when it changed since
   * the store was compiled (Node), so the headers never promise other bytes than the ones sent. */
  file: MediaFile;
  /** Bytes start..end of it (inclusive), streamed. Called at most once; the stream owns what open() took. */
  read(range: ByteRange): ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;
  /** Releases it unread: an answer without a body (HEAD, 304, 412, 416, an empty file). */
  close(): void;
}
