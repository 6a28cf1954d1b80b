// Node and Workers serving the same compiled store must send the same bytes under the same ETag
// (DESIGN.md, "Data flow"). The Node renders come from global-setup.ts, made at `now`; the Worker's
// clock is frozen to that instant, so both see the same visible set even around a scheduled article.
import { env, exports } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { EnvSchema } from '../../src/app/config.ts';

const node = inject('nodeRenders');

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The settings parseConfig reads, as given to a runtime. */
function settingsOf(vars: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(EnvSchema.entries).map((key) => [key, vars[key]]));
}

describe('the Worker, against the Node app on the same compiled store', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: node.now });
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('serves the compiled store the Node renders came from', async () => {
    const health = (await (await exports.default.fetch(`${node.origin}/healthz`)).json()) as { version: string };
    expect(health.version).toBe(node.version);
  });

  it('gets the settings the Node app was configured with', () => {
    expect(settingsOf(env)).toEqual(settingsOf(node.vars));
  });

  it('compares the main feeds at least', () => {
    expect(node.renders.map((r) => r.path)).toEqual(expect.arrayContaining(['/rss.xml', '/atom.xml', '/feed.json']));
  });

  it.each(node.renders.map((render) => [render.path, render] as const))(
    'sends the bytes, ETag and headers Node sends for %s',
    async (path, render) => {
      expect(render.status).toBe(200);
      expect(Date.now()).toBe(node.now);
      const response = await exports.default.fetch(`${node.origin}${path}`);
      const body = await response.arrayBuffer();
      expect({
        status: response.status,
        contentType: response.headers.get('content-type'),
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        bytes: body.byteLength,
        sha256: await sha256(body),
      }).toEqual({
        status: render.status,
        contentType: render.contentType,
        etag: render.etag,
        lastModified: render.lastModified,
        bytes: render.bytes,
        sha256: render.sha256,
      });
    },
  );
});

describe('old addresses, on the Worker as on Node', () => {
  const addresses = inject('oldAddresses');

  it('covers an alias, a ?p= address, a WordPress feed, a site.yaml redirect and a gone one', () => {
    expect(addresses.map((a) => a.status).sort()).toEqual([301, 301, 301, 301, 410]);
  });

  it.each(addresses.map((a) => [a.path, a] as const))('answers %s as Node does', async (path, expected) => {
    const response = await exports.default.fetch(`${node.origin}${path}`, { redirect: 'manual' });
    expect({ path, status: response.status, location: response.headers.get('location') }).toEqual(expected);
  });
});
