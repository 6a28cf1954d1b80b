// Node only: gzip and Brotli for representations, with the settings for each side of
// http/compression.ts: fast ones on the request path, the best ones for the background upgrade.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { type Coding, type Compressor, createCompressor } from '../../http/compression.ts';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export interface ZlibSettings {
  /** BROTLI_PARAM_QUALITY, 0 to 11. */
  brotliQuality: number;
  /** zlib level, 1 to 9. */
  gzipLevel: number;
}

// On the request path, Brotli quality 5 is about as cheap as gzip's default level and still smaller than
// gzip at its best. Quality 11 is far slower: there, any client asking for br could buy server CPU with
// every new URL it names, so it runs only in the background.
export const requestPathSettings: ZlibSettings = { brotliQuality: 5, gzipLevel: 6 };
export const backgroundSettings: ZlibSettings = { brotliQuality: 11, gzipLevel: 9 };

export function zlibEncoder(settings: ZlibSettings) {
  return async (bytes: Uint8Array<ArrayBuffer>, coding: Coding): Promise<Uint8Array<ArrayBuffer>> => {
    const out =
      coding === 'br'
        ? await brotli(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: settings.brotliQuality,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            },
          })
        : await gz(bytes, { level: settings.gzipLevel });
    return new Uint8Array(out);
  };
}

/** The process's one compressor: its background queue is what keeps heavy jobs to one at a time. */
export const compressNode: Compressor = createCompressor({
  fast: zlibEncoder(requestPathSettings),
  best: zlibEncoder(backgroundSettings),
});
