// Configured URLs go through the URL parser before use, so an internationalised site URL with a hub
// configured serves every request (the Link header is ASCII), and whatever goes wrong answering one
// request on the Node fast path costs that request a 500, never the process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/app/config.ts';
import { loadStore } from '../../src/content/load.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { answerFast } from '../../src/runtime/node/fast-path.ts';
import { startNodeServer } from '../../src/runtime/node/server.ts';
import { articleFile, NOW, newsSources, siteYaml, sources } from '../support/fixtures.ts';
import { contentDir, rawRequest, readFeed } from '../support/http.ts';

describe('configured URLs', () => {
  it('normalise an internationalised host to punycode and a non-ASCII path to percent-encoding', () => {
    const parsed = parseConfig({ SITE_URL: 'https://新闻.example/nachrichten/ü', HUB_URL: 'https://Hub.Example/päth' });
    expect(parsed.ok && parsed.config).toMatchObject({
      siteUrl: 'https://xn--efvy88h.example/nachrichten/%C3%BC',
      hub: 'https://hub.example/p%C3%A4th',
    });
  });

  it('normalise site.yaml URLs the same way: the site, its hub, icon and authors', async () => {
    const { store, problems } = await loadStore(
      sources(
        { a: articleFile({ url: 'https://Elsewhere.example/ä?q=<x>' }) },
        siteYaml({
          url: 'https://新闻.example',
          hub: 'https://HUB.example/päth',
          icon: 'https://新闻.example/icône.png',
          authors: { Ann: { url: 'https://新闻.example/ann' } },
        }),
      ),
    );
    expect(problems).toEqual([]);
    expect(store?.site).toMatchObject({
      url: 'https://xn--efvy88h.example/',
      hub: 'https://hub.example/p%C3%A4th',
      icon: 'https://xn--efvy88h.example/ic%C3%B4ne.png',
      authors: { Ann: { url: 'https://xn--efvy88h.example/ann' } },
    });
    expect(store?.articles[0]?.link).toBe('https://elsewhere.example/%C3%A4?q=%3Cx%3E');
  });

  it('serve every request, plain and repeated, when the site URL is not ASCII and a hub is set', async () => {
    const content = await contentDir(newsSources());
    const logged: string[] = [];
    const server = await startNodeServer({
      contentDir: content.dir,
      compiledPath: join(content.dir, '..', 'store'),
      env: { SITE_URL: 'https://新闻.example/', HUB_URL: 'https://hub.example/' },
      port: 0,
      host: '127.0.0.1',
      clock: fixedClock(NOW),
      log: (entry) => {
        if (entry.level === 'error') logged.push(JSON.stringify(entry));
      },
      websubState: join(content.dir, '..', 'websub.json'),
    });
    try {
      // The second request of each is answered by the fast path.
      for (const path of ['/rss.xml', '/rss.xml', '/atom.xml', '/atom.xml', '/tags/politics/feed.json']) {
        const res = await rawRequest(server.url + path);
        expect(res.status, path).toBe(200);
        expect(res.headers.link).toBe(
          `<https://hub.example/>; rel="hub", <https://xn--efvy88h.example${path}>; rel="self"`,
        );
        if (path === '/rss.xml')
          expect(readFeed('rss', res.body.toString()).self ?? '').toMatch(/^https:\/\/xn--efvy88h\.example\//);
      }
      expect(logged).toEqual([]);
    } finally {
      await server.close(1000);
      await content.remove();
    }
  });
});

describe('the Node fast path', () => {
  it('answers 500 and keeps serving when node:http refuses what it was given', async () => {
    const logged: string[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      const handled = answerFast(
        () => {
          calls++;
          return { status: 200, headers: { link: '<https://新闻.example/>' }, body: new Uint8Array([65]) };
        },
        req,
        res,
        undefined,
        (entry) => logged.push(String(entry.msg)),
      );
      if (!handled) res.end('fell through');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (let i = 0; i < 3; i++) {
        const res = await rawRequest(`${url}/rss.xml`);
        expect(res.status).toBe(500);
        expect(res.body.toString()).toBe('Internal error. It has been logged.\n');
      }
      expect(calls).toBe(3);
      expect(logged).toContain('fast path failed');
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
