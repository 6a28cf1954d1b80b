// A site moved from WordPress keeps its readers: an article's aliases and site.yaml redirects answer 301
// to where the content is now, WordPress's feed URLs 301 to Herald's feeds, its comment feeds 410, and a
// reader that follows the old feed URL finds the same items with the same GUIDs. Problems in the table
// (the same address twice, chains, loops) are refused at load, naming the file.
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { loadStore } from '../../src/content/load.ts';
import { articleFile, NOW, siteYaml, sources, storeOf } from '../support/fixtures.ts';
import { movableClock, rawRequest, readFeed, startTestServer } from '../support/http.ts';

const BASE = 'https://news.example.org/';

function movedSources() {
  return sources(
    {
      '2018/end-of-war': articleFile(
        {
          title: 'End of war',
          date: '2018-08-24T10:00:00Z',
          tags: ['World'],
          aliases: ['/2018/08/pyongyang-wants-end-of-war/', '/?p=1001', '/2018/08/café/'],
        },
        'Body.\n',
      ),
      '2024/later': articleFile({
        title: 'Later',
        date: '2024-07-01T08:00:00Z',
        aliases: ['/2024/07/later/'],
      }),
    },
    siteYaml({
      redirects: {
        '/category/world/feed/': '/tags/world/rss.xml',
        '/?cat=3&feed=rss2': '/tags/world/rss.xml',
        '/about/': 'https://about.example.com/us',
        '/old-podcast/feed/': 'gone',
      },
    }),
  );
}

async function app(clock = movableClock(NOW)) {
  return createApp({ store: await storeOf(movedSources()), config: defaultConfig, clock });
}

const answer = async (path: string, method = 'GET', clock = movableClock(NOW)) => {
  const res = await (await app(clock)).request(path, { method });
  return { status: res.status, location: res.headers.get('location'), cache: res.headers.get('cache-control') };
};

describe("an article's aliases", () => {
  it.each([
    '/2018/08/pyongyang-wants-end-of-war/',
    '/2018/08/pyongyang-wants-end-of-war',
    '/?p=1001',
    '/?utm_source=mastodon&p=1001',
    '/2018/08/caf%C3%A9/',
    '/2018/08/caf%c3%a9',
  ])('%s answers 301 to the article, cacheable', async (path) => {
    expect(await answer(path)).toEqual({
      status: 301,
      location: `${BASE}articles/2018/end-of-war`,
      cache: 'public, max-age=86400',
    });
  });

  it('answers HEAD as GET', async () => {
    expect((await answer('/?p=1001', 'HEAD')).status).toBe(301);
  });

  it('is not matched on another post id, or on a query WordPress ignores alone', async () => {
    expect((await answer('/?p=10011')).status).toBe(200);
    expect((await answer('/2018/08/pyongyang-wants-end-of-war/?utm_source=x')).status).toBe(301);
    expect((await answer('/2018/08/pyongyang-wants-end/')).status).toBe(404);
  });

  it('leads nowhere until its article is published', async () => {
    const clock = movableClock(NOW);
    expect((await answer('/2024/07/later/', 'GET', clock)).status).toBe(404);
    clock.set('2024-07-02T00:00:00Z');
    expect(await answer('/2024/07/later/', 'GET', clock)).toMatchObject({
      status: 301,
      location: `${BASE}articles/2024/later`,
    });
  });
});

describe('WordPress feed addresses', () => {
  it.each([
    ['/feed/', 'rss.xml'],
    ['/feed', 'rss.xml'],
    ['/feed/rss2/', 'rss.xml'],
    ['/rss/', 'rss.xml'],
    ['/?feed=rss2', 'rss.xml'],
    ['/feed/atom/', 'atom.xml'],
    ['/?feed=atom', 'atom.xml'],
    ['/category/world/feed/', 'tags/world/rss.xml'],
    ['/?feed=rss2&cat=3', 'tags/world/rss.xml'],
  ])('%s answers 301 to /%s', async (path, to) => {
    expect(await answer(path)).toMatchObject({ status: 301, location: `${BASE}${to}` });
  });

  it.each([
    '/comments/feed/',
    '/?feed=comments-rss2',
    '/2018/08/pyongyang-wants-end-of-war/feed/',
    '/2018/08/pyongyang-wants-end-of-war/feed/atom/',
    '/?p=1001&feed=rss2',
    '/old-podcast/feed/',
  ])('%s (comments, or gone by site.yaml) answers 410 Gone', async (path) => {
    expect(await answer(path)).toMatchObject({ status: 410, cache: 'public, max-age=86400' });
  });

  it('sends a feed of another post that was never ours to 404, not 410', async () => {
    expect((await answer('/2019/01/unknown/feed/')).status).toBe(404);
  });

  it('keeps a full URL of site.yaml as written', async () => {
    expect(await answer('/about/')).toMatchObject({ status: 301, location: 'https://about.example.com/us' });
  });

  it('gives a reader that follows /feed/ the items and GUIDs of /rss.xml', async () => {
    const served = await app();
    const moved = await served.request('/feed/');
    const target = new URL(moved.headers.get('location') ?? '');
    const followed = readFeed('rss', await (await served.request(target.pathname)).text());
    const direct = readFeed('rss', await (await served.request('/rss.xml')).text());
    expect(followed.ids).toEqual(direct.ids);
    expect(followed.ids.length).toBeGreaterThan(0);
  });
});

describe('problems in old addresses', () => {
  const problemsOf = async (articles: Record<string, Record<string, unknown>>, redirects: Record<string, string>) =>
    (
      await loadStore(
        sources(
          Object.fromEntries(Object.entries(articles).map(([slug, fields]) => [slug, articleFile(fields)])),
          siteYaml({ redirects }),
        ),
      )
    ).problems;

  it('refuses an alias two articles claim, naming both', async () => {
    expect(await problemsOf({ a: { aliases: ['/old/'] }, b: { aliases: ['/old'] } }, {})).toEqual([
      'content/articles/b.md: aliases: "/old" is already an alias of content/articles/a.md',
    ]);
  });

  it('refuses an alias site.yaml redirects elsewhere', async () => {
    expect(await problemsOf({ a: { aliases: ['/old/'] } }, { '/old/': '/rss.xml' })).toEqual([
      'content/articles/a.md: aliases: "/old" is already "/old/" in site.yaml redirects',
    ]);
  });

  it('refuses a chain and a loop, asking for the final address', async () => {
    expect(await problemsOf({}, { '/a/': '/b/', '/b/': '/rss.xml' })).toEqual([
      'content/site.yaml: redirects: "/a" leads to "/b", which redirects again; point it at the final address',
    ]);
    expect(await problemsOf({}, { '/a/': '/a' })).toEqual([
      'content/site.yaml: redirects: "/a" leads back to itself; point it at the final address',
    ]);
  });

  it("refuses an alias that is the article's own address", async () => {
    expect(await problemsOf({ a: { aliases: ['/articles/a'] } }, {})).toEqual([
      'content/articles/a.md: aliases: "/articles/a" is the article\'s own address',
    ]);
  });

  it.each([
    ['//evil.example/x', /must be a path on this site/],
    ['relative/path', /must be a path on this site/],
  ])('refuses the alias %j', async (alias, message) => {
    const [problem] = await problemsOf({ a: { aliases: [alias] } }, {});
    expect(problem).toMatch(new RegExp(`^content/articles/a\\.md: aliases\\.0: ${message.source}`));
  });

  it('refuses a redirect to a path written as another host', async () => {
    const [problem] = await problemsOf({}, { '/x/': '//evil.example/' });
    expect(problem).toMatch(/^content\/site\.yaml: redirects\.\/x\/: must be a path of this site/);
  });
});

describe('old addresses served by Node from the compiled store', () => {
  it('answers from the store on disk as from memory', async () => {
    const running = await startTestServer(movedSources());
    onTestFinished(() => running.stop());
    const at = async (path: string) => {
      const res = await rawRequest(`${running.server.url}${path}`);
      return [res.status, res.headers.location];
    };
    expect(await at('/?p=1001')).toEqual([301, `${BASE}articles/2018/end-of-war`]);
    expect(await at('/2018/08/pyongyang-wants-end-of-war/')).toEqual([301, `${BASE}articles/2018/end-of-war`]);
    expect(await at('/category/world/feed/')).toEqual([301, `${BASE}tags/world/rss.xml`]);
    expect(await at('/feed/atom/')).toEqual([301, `${BASE}atom.xml`]);
    expect((await at('/?p=1001&feed=rss2'))[0]).toBe(410);
    expect((await at('/2018/08/unknown/'))[0]).toBe(404);
  });
});
