// The old addresses of a WordPress site that must keep answering: posts' aliases and the feeds of its
// categories, tags and authors.
import { describe, expect, it } from 'vitest';
import { feedRedirects, nicename, postAliases } from '../../../src/import/wp-addresses.ts';

describe('postAliases', () => {
  it('keeps the permalink as WordPress wrote it, then the ?p= form', () => {
    expect(postAliases('https://blog.example.com/2018/08/24/talks/', '101', '/')).toEqual([
      '/2018/08/24/talks/',
      '/?p=101',
    ]);
    // No trailing slash where the permalink structure has none; percent-encoding kept as written.
    expect(postAliases('https://blog.example.com/2020/%e6%9d%b1.html', '103', '/')).toEqual([
      '/2020/%e6%9d%b1.html',
      '/?p=103',
    ]);
  });

  it('writes a plain (?p=) permalink once', () => {
    expect(postAliases('https://blog.example.com/?p=104', '104', '/')).toEqual(['/?p=104']);
  });

  it('puts both forms under the folder of a WordPress that lived in one', () => {
    expect(postAliases('https://example.com/blog/2018/talks/', '7', '/blog/')).toEqual([
      '/blog/2018/talks/',
      '/blog/?p=7',
    ]);
  });

  it('never makes the home page, or a link that is not http(s), an alias', () => {
    expect(postAliases('https://blog.example.com/', '5', '/')).toEqual(['/?p=5']);
    expect(postAliases('javascript:alert(1)', '5', '/')).toEqual(['/?p=5']);
    expect(postAliases('', '5', '/')).toEqual(['/?p=5']);
  });
});

describe('feedRedirects', () => {
  const terms = [
    { kind: 'category' as const, slug: 'news', name: 'News', termId: '4' },
    { kind: 'category' as const, slug: 'world', name: 'World', termId: '2', parent: 'news' },
    { kind: 'post_tag' as const, slug: 'c-plus-plus', name: 'C++', termId: '12' },
  ];

  it('sends each category, tag and author feed to the Herald feed of the same name', () => {
    const redirects = feedRedirects({
      base: '/',
      terms,
      usedTerms: [
        { kind: 'category', slug: 'world', name: 'World' },
        { kind: 'post_tag', slug: 'c-plus-plus', name: 'C++' },
      ],
      usedAuthors: [{ login: 'Jane.Doe', name: 'Jane Doe', id: '1' }],
    });
    expect(Object.fromEntries(redirects)).toEqual({
      // get_category_link() writes the parents first.
      '/category/news/world/feed/': '/tags/world/rss.xml',
      '/category/news/world/feed/atom/': '/tags/world/atom.xml',
      '/?cat=2&feed=rss2': '/tags/world/rss.xml',
      '/?cat=2&feed=atom': '/tags/world/atom.xml',
      // The Herald slug is groupSlug's, percent-encoded as a URL segment.
      '/tag/c-plus-plus/feed/': '/tags/c%2B%2B/rss.xml',
      '/tag/c-plus-plus/feed/atom/': '/tags/c%2B%2B/atom.xml',
      '/?tag=c-plus-plus&feed=rss2': '/tags/c%2B%2B/rss.xml',
      '/?tag=c-plus-plus&feed=atom': '/tags/c%2B%2B/atom.xml',
      // user_nicename is the sanitized login; the login as typed is kept too.
      '/author/janedoe/feed/': '/authors/jane-doe/rss.xml',
      '/author/janedoe/feed/atom/': '/authors/jane-doe/atom.xml',
      '/author/Jane.Doe/feed/': '/authors/jane-doe/rss.xml',
      '/author/Jane.Doe/feed/atom/': '/authors/jane-doe/atom.xml',
      '/?author=1&feed=rss2': '/authors/jane-doe/rss.xml',
      '/?author=1&feed=atom': '/authors/jane-doe/atom.xml',
    });
  });

  it('writes neither the feeds Herald answers itself nor archive pages', () => {
    const redirects = feedRedirects({
      base: '/',
      terms,
      usedTerms: [{ kind: 'category', slug: 'world', name: 'World' }],
      usedAuthors: [{ login: 'jdoe', name: 'Jane Doe' }],
    });
    for (const from of redirects.keys()) expect(from).toMatch(/feed/);
    for (const builtIn of ['/feed/', '/feed/atom/', '/rss/', '/?feed=rss2', '/comments/feed/']) {
      expect(redirects.has(builtIn)).toBe(false);
    }
    expect([...redirects.keys()].filter((k) => /\/(category|tag|author)\/[^/]+\/$/.test(k))).toEqual([]);
  });

  it('leaves out terms of posts that were not imported, and slugs that cannot be one path segment', () => {
    const redirects = feedRedirects({
      base: '/',
      terms,
      usedTerms: [{ kind: 'post_tag', slug: 'a/b', name: 'AB' }],
      usedAuthors: [],
    });
    expect(redirects.size).toBe(0);
  });

  it("sends PowerPress's podcast feed to the show's feed, under the old site's folder", () => {
    const redirects = feedRedirects({ base: '/blog/', terms: [], usedTerms: [], usedAuthors: [], show: 'briefing' });
    expect(Object.fromEntries(redirects)).toEqual({
      '/blog/feed/podcast/': '/podcasts/briefing/rss.xml',
      '/blog/?feed=podcast': '/podcasts/briefing/rss.xml',
    });
  });

  it('survives a category that is its own grandparent', () => {
    const loop = [
      { kind: 'category' as const, slug: 'a', name: 'A', parent: 'b' },
      { kind: 'category' as const, slug: 'b', name: 'B', parent: 'a' },
    ];
    const redirects = feedRedirects({
      base: '/',
      terms: loop,
      usedTerms: [{ kind: 'category', slug: 'a', name: 'A' }],
      usedAuthors: [],
    });
    expect(redirects.get('/category/b/a/feed/')).toBe('/tags/a/rss.xml');
  });
});

describe('nicename', () => {
  it.each([
    ['jdoe', 'jdoe'],
    ['Jane Doe', 'jane-doe'],
    ['jane@example.com', 'janeexamplecom'],
  ])('%s -> %s', (login, expected) => {
    expect(nicename(login)).toBe(expected);
  });
});
