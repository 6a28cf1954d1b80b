// Media files served by the real Worker from its static assets, against the Node app's answers to the
// same requests over the same content (global-setup.ts): whole, HEAD, byte ranges as podcast apps ask
// for them, 416, several ranges, 304 and If-Range. Then the bytes of each range, cut from the whole file.
import { exports } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

const node = inject('nodeRenders');
const renders = inject('mediaRenders');

const fetchWorker = (path: string, init?: RequestInit) => exports.default.fetch(`${node.origin}${path}`, init);

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const described = (r: (typeof renders)[number]) =>
  `${r.method} ${r.path} ${Object.entries(r.request)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ')}`;

describe('media files on the Worker, against Node', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: node.now });
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('has media files to compare, audio among them', () => {
    expect(renders.length).toBeGreaterThan(0);
    expect(renders.some((r) => r.headers['content-type'] === 'audio/mpeg')).toBe(true);
  });

  it.each(renders.map((r) => [described(r), r] as const))('answers %s as Node does', async (_, render) => {
    const response = await fetchWorker(render.path, { method: render.method, headers: render.request });
    const body = await response.arrayBuffer();
    expect({
      status: response.status,
      headers: Object.fromEntries(Object.keys(render.headers).map((name) => [name, response.headers.get(name)])),
      bytes: body.byteLength,
      sha256: await sha256(body),
    }).toEqual({ status: render.status, headers: render.headers, bytes: render.bytes, sha256: render.sha256 });
  });

  it('sends each range as the very bytes of the whole file', async () => {
    const paths = [...new Set(renders.map((r) => r.path))];
    for (const path of paths) {
      const whole = new Uint8Array(await (await fetchWorker(path)).arrayBuffer());
      const size = whole.byteLength;
      for (const [start, end] of [
        [0, 1],
        [1, size - 2],
        [Math.floor(size / 3), Math.floor((2 * size) / 3)],
        [size - 1, size - 1],
      ] as const) {
        const response = await fetchWorker(path, { headers: { range: `bytes=${start}-${end}` } });
        expect(response.status).toBe(206);
        expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
        expect(new Uint8Array(await response.arrayBuffer())).toEqual(whole.subarray(start, end + 1));
      }
    }
  });

  it('serves no store file, source or dotfile under /articles/', async () => {
    for (const path of ['/articles/../store/manifest.json', '/media/', '/store/media.json', '/site.yaml']) {
      const response = await fetchWorker(path);
      await response.arrayBuffer();
      expect(response.status, path).toBe(404);
    }
  });
});
