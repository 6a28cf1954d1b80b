// Node only: a plain GET over node:http with exactly the headers given (fetch would add
// Accept-Encoding and decompress, changing both the bytes and the ETag we compare).
import { request } from 'node:http';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function httpGet(url: string, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Polls GET `url` until it answers 200; resolves with performance.now() at that moment. */
export async function waitFor200(url: string, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = '';
  while (performance.now() < deadline) {
    try {
      const res = await httpGet(url, {}, Math.max(1, deadline - performance.now()));
      if (res.status === 200) return performance.now();
      last = `status ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`GET ${url}: no 200 within ${timeoutMs} ms (last: ${last})`);
}
