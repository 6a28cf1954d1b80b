// Node only: gzip and Brotli for representations, run once per representation (never per request).
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Compressor } from '../http/representation.ts';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export const compressNode: Compressor = async (bytes, coding) => {
  const out =
    coding === 'br'
      ? await brotli(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        })
      : await gz(bytes, { level: 9 });
  return new Uint8Array(out);
};
