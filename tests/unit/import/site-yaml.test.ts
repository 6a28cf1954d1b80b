// site.yaml from a WordPress export: written new, or merged into a publisher's file by adding only.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeSiteYaml, type SiteAdditions, siteAdditions, siteProblems } from '../../../src/import/site-yaml.ts';
import type { WordPressChannel } from '../../../src/import/wordpress.ts';

const channel: WordPressChannel = {
  title: 'Example Dispatch',
  description: 'News from everywhere',
  link: 'https://blog.example.com',
  siteUrl: 'https://blog.example.com',
  language: 'en-US',
  authors: [
    { login: 'jdoe', name: 'Jane Doe', email: 'jdoe@example.com', url: 'https://jane.example.com/' },
    { login: 'pierre', name: 'Pierre Dupont', email: 'not an address' },
  ],
  terms: [],
  podcast: { categories: [] },
};
const redirects = new Map([
  ['/category/world/feed/', '/tags/world/rss.xml'],
  ['/?cat=2&feed=rss2', '/tags/world/rss.xml'],
]);
const HEADER = ' Written by a test.';

describe('a new site.yaml', () => {
  it('takes the site, its author and every author from the channel, and passes the loader', () => {
    const { text, created } = mergeSiteYaml(undefined, siteAdditions({ channel }, redirects), HEADER);
    expect(created).toBe(true);
    expect(text?.startsWith('# Written by a test.\n')).toBe(true);
    expect(parse(text as string)).toEqual({
      title: 'Example Dispatch',
      description: 'News from everywhere',
      url: 'https://blog.example.com/',
      language: 'en-US',
      author: { name: 'Jane Doe', email: 'jdoe@example.com', url: 'https://jane.example.com/' },
      // An address the loader would refuse is left out rather than fail the site.
      authors: { 'Jane Doe': { email: 'jdoe@example.com', url: 'https://jane.example.com/' }, 'Pierre Dupont': {} },
      redirects: { '/category/world/feed/': '/tags/world/rss.xml', '/?cat=2&feed=rss2': '/tags/world/rss.xml' },
    });
    expect(siteProblems(text as string)).toEqual([]);
  });

  it('leaves out what the export does not say, so that the loader names it', () => {
    const bare = { ...channel, description: '', language: '', authors: [] };
    const { text } = mergeSiteYaml(undefined, siteAdditions({ channel: bare }, new Map()), HEADER);
    expect(parse(text as string)).toEqual({
      title: 'Example Dispatch',
      url: 'https://blog.example.com/',
      author: { name: 'Example Dispatch' },
    });
    expect(siteProblems(text as string)).toEqual(['description: is required', 'language: is required']);
  });

  it('writes a show skeleton from the itunes: elements where the channel has them', () => {
    const podcast = {
      ...channel,
      podcast: {
        title: 'The Briefing',
        owner: { name: 'Desk', email: 'desk@example.com' },
        image: 'https://blog.example.com/cover.png',
        categories: ['News > Daily News'],
        explicit: false,
      },
    };
    const { text } = mergeSiteYaml(undefined, siteAdditions({ channel: podcast }, new Map(), 'briefing'), HEADER);
    expect(parse(text as string).shows).toEqual({
      briefing: {
        title: 'The Briefing',
        description: 'News from everywhere',
        author: 'Jane Doe',
        owner: { name: 'Desk', email: 'desk@example.com' },
        image: 'https://blog.example.com/cover.png',
        categories: ['News > Daily News'],
        explicit: false,
      },
    });
    expect(siteProblems(text as string)).toEqual([]);
  });

  it('names what a show skeleton still lacks', () => {
    const { text } = mergeSiteYaml(undefined, siteAdditions({ channel }, new Map(), 'briefing'), HEADER);
    expect(siteProblems(text as string)).toEqual([
      'shows.briefing.image: is required',
      'shows.briefing.categories: is required',
      'shows.briefing.explicit: is required',
    ]);
  });

  it('double-quotes every string, so a name such as "null" or "yes" stays a string', () => {
    const odd = { ...channel, title: 'yes', authors: [{ login: 'n', name: 'null' }] };
    const { text } = mergeSiteYaml(undefined, siteAdditions({ channel: odd }, new Map()), HEADER);
    const site = parse(text as string, { version: '1.1' });
    expect(site.title).toBe('yes');
    expect(Object.keys(site.authors)).toEqual(['null']);
  });
});

const EXISTING = `# My site, by hand.
title: "Herald News"     # the masthead
description: 'World news'
url: https://news.example.org/
language: en
author:
  name: Desk
authors:
    Jane Doe:
        email: jane@news.example.org   # not the export's address

# Old feeds I set up myself.
redirects:
  /category/world/feed/: /rss.xml
  /old.xml: /rss.xml
# the end
`;

describe('merging into an existing site.yaml', () => {
  const additions: SiteAdditions = siteAdditions({ channel }, redirects);

  it('only adds: every byte of the file stays, new entries go at the end of their mappings', () => {
    const result = mergeSiteYaml(EXISTING, additions, HEADER);
    const text = result.text as string;
    expect(result.created).toBe(false);
    // The file up to the end of the authors mapping, its comments, quotes and spacing, is untouched.
    const authorsEnd = EXISTING.indexOf('\n# Old feeds');
    expect(text.startsWith(EXISTING.slice(0, EXISTING.indexOf('\n', EXISTING.indexOf('# not the export'))))).toBe(true);
    expect(text).toContain(
      '        email: jane@news.example.org   # not the export\'s address\n    "Pierre Dupont": {}\n',
    );
    expect(text.slice(text.indexOf('\n# Old feeds'))).toBe(
      `${EXISTING.slice(authorsEnd, EXISTING.indexOf('/old.xml: /rss.xml\n') + '/old.xml: /rss.xml\n'.length)}  "/?cat=2&feed=rss2": "/tags/world/rss.xml"\n# the end\n`,
    );
    const site = parse(text);
    // Jane Doe's entry is the file's; the redirect the file had for the category feed is kept.
    expect(site.authors['Jane Doe']).toEqual({ email: 'jane@news.example.org' });
    expect(site.redirects['/category/world/feed/']).toBe('/rss.xml');
    expect(result.added).toEqual({
      site: [],
      authors: ['Pierre Dupont'],
      redirects: [['/?cat=2&feed=rss2', '/tags/world/rss.xml']],
    });
    expect(result.conflicting).toEqual([
      { from: '/category/world/feed/', kept: '/rss.xml', wanted: '/tags/world/rss.xml' },
    ]);
    expect(siteProblems(text)).toEqual([]);
  });

  it('adds nothing the second time', () => {
    const once = mergeSiteYaml(EXISTING, additions, HEADER).text as string;
    const twice = mergeSiteYaml(once, additions, HEADER);
    expect(twice.text).toBeUndefined();
    expect(twice.added).toEqual({ site: [], authors: [], redirects: [] });
    expect(twice.present).toEqual(['/?cat=2&feed=rss2']);
  });

  it('adds missing sections and settings at the end of the file', () => {
    const minimal = '# Just a title.\ntitle: Mine\n';
    const text = mergeSiteYaml(minimal, additions, HEADER).text as string;
    expect(text.startsWith(minimal)).toBe(true);
    const site = parse(text);
    expect(site.title).toBe('Mine');
    expect(site.description).toBe('News from everywhere');
    expect(Object.keys(site.redirects)).toEqual(['/category/world/feed/', '/?cat=2&feed=rss2']);
  });

  it('fills a mapping written inline or left empty, keeping the comments', () => {
    const inline = '# Mine.\ntitle: Mine # here\nauthors: {}\nredirects:\n# nothing yet\n';
    const text = mergeSiteYaml(inline, additions, HEADER).text as string;
    expect(text).toContain('# Mine.');
    expect(text).toContain('# here');
    const site = parse(text);
    expect(Object.keys(site.authors)).toEqual(['Jane Doe', 'Pierre Dupont']);
    expect(Object.keys(site.redirects)).toHaveLength(2);
  });

  it('refuses a file it cannot merge into, and says why', () => {
    expect(mergeSiteYaml('title: [unclosed\n', additions, HEADER)).toMatchObject({
      problem: expect.stringMatching(/^it does not parse/),
    });
    const list = mergeSiteYaml('redirects: [/a]\n', additions, HEADER);
    expect(list.problem).toBe('its redirects is not a mapping; nothing was added');
    expect(list.text).toBeUndefined();
  });
});
