// Article frontmatter rules: each accepted form loads, each rejected one names the file and the field.
import { describe, expect, it } from 'vitest';
import { loadStore } from '../../../src/content/load.ts';
import type { Article } from '../../../src/core/article.ts';
import { articleFile, compile, SITE, siteYaml, sources } from '../../support/fixtures.ts';

/** Problems of a store holding one article, articles/x.md, with the given frontmatter. */
async function problemsOf(fields: Record<string, unknown>, body?: string): Promise<string[]> {
  return (await loadStore(sources({ x: articleFile(fields, body) }))).problems;
}

/** The article of a store holding articles/x.md with the given frontmatter, and `files` beside it
 * (path under articles/ -> bytes as text). */
async function articleOf(
  fields: Record<string, unknown>,
  site = siteYaml(),
  files: Record<string, string> = {},
): Promise<Article> {
  const media = Object.fromEntries(Object.entries(files).map(([path, text]) => [`articles/${path}`, text]));
  const store = await compile({ ...sources({ x: articleFile(fields) }, site), ...media });
  return store.articles[0] as Article;
}

/** Exactly one problem, for articles/x.md and `field`. */
const oneProblem = (field: string, detail: RegExp = /.+/) => [
  expect.stringMatching(new RegExp(`^content/articles/x\\.md: ${field.replace('.', '\\.')}: .*${detail.source}`)),
];

describe('title', () => {
  it('is required', async () => {
    expect(await problemsOf({ title: undefined })).toEqual(['content/articles/x.md: title: is required']);
  });

  it('must not be empty or blank', async () => {
    expect(await problemsOf({ title: '   ' })).toEqual(oneProblem('title', /must be the article title, not empty/));
  });

  it('must be a string', async () => {
    expect(await problemsOf({ title: ['a', 'b'] })).toEqual(oneProblem('title'));
  });

  it('is kept trimmed', async () => {
    expect((await articleOf({ title: '  Spaced out  ' })).title).toBe('Spaced out');
  });
});

describe('date', () => {
  it('is required', async () => {
    expect(await problemsOf({ date: undefined })).toEqual(['content/articles/x.md: date: is required']);
  });

  it('accepts ISO 8601 with Z', async () => {
    expect((await articleOf({ date: '2024-05-01T10:00:00Z' })).published).toBe(Date.UTC(2024, 4, 1, 10));
  });

  it('accepts ISO 8601 with a numeric offset', async () => {
    expect((await articleOf({ date: '2024-05-01T10:00:00+02:00' })).published).toBe(Date.UTC(2024, 4, 1, 8));
  });

  it('accepts a bare day as midnight in the site time zone', async () => {
    const article = await articleOf({ date: '2024-01-15' }, siteYaml({ timezone: 'Europe/Berlin' }));
    expect(new Date(article.published).toISOString()).toBe('2024-01-14T23:00:00.000Z');
  });

  it('rejects a date-time without an offset as ambiguous', async () => {
    expect(await problemsOf({ date: '2024-05-01T10:00:00' })).toEqual(oneProblem('date', /has no UTC offset/));
  });

  it('rejects an unquoted YAML date-time without an offset too', async () => {
    const text = '---\ntitle: Unquoted\ndate: 2024-05-01 10:00:00\n---\nBody.\n';
    expect((await loadStore(sources({ x: text }))).problems).toEqual(oneProblem('date', /has no UTC offset/));
  });

  it.each(['2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-02-30T10:00:00Z'])(
    'rejects the invalid calendar day %s',
    async (date) => {
      expect(await problemsOf({ date })).toEqual(oneProblem('date', /".+" is not a (calendar day|valid date)/));
    },
  );

  it.each(['yesterday', '01/02/2024', '2024-1-2', '20240102'])('rejects %s as not ISO 8601', async (date) => {
    expect(await problemsOf({ date })).toEqual(oneProblem('date', /".+" is not ISO 8601/));
  });

  it('rejects a number', async () => {
    expect(await problemsOf({ date: 20240101 })).toEqual(oneProblem('date', /must be a date/));
  });
});

describe('updated', () => {
  it('defaults to the date', async () => {
    const article = await articleOf({ date: '2024-05-01T10:00:00Z' });
    expect(article.updated).toBe(article.published);
  });

  it('is kept when later than the date', async () => {
    const article = await articleOf({ date: '2024-05-01T10:00:00Z', updated: '2024-05-02T00:00:00+02:00' });
    expect(article.updated).toBe(Date.UTC(2024, 4, 1, 22));
  });

  it('may equal the date', async () => {
    expect(await problemsOf({ date: '2024-05-01T10:00:00Z', updated: '2024-05-01T12:00:00+02:00' })).toEqual([]);
  });

  it('is rejected when earlier than the date', async () => {
    expect(await problemsOf({ date: '2024-05-02T00:00:00Z', updated: '2024-05-01T23:59:59Z' })).toEqual([
      'content/articles/x.md: updated: is earlier than date',
    ]);
  });

  it('follows the date rules (no offset rejected)', async () => {
    expect(await problemsOf({ updated: '2024-05-01T10:00' })).toEqual(oneProblem('updated', /has no UTC offset/));
  });
});

describe('summary', () => {
  it('must be text', async () => {
    expect(await problemsOf({ summary: { a: 1 } })).toEqual(oneProblem('summary', /must be plain text/));
  });
});

describe('tags', () => {
  it('are a list', async () => {
    expect((await articleOf({ tags: ['politics', 'asia'] })).tags).toEqual(['politics', 'asia']);
  });

  it('default to none', async () => {
    expect((await articleOf({})).tags).toEqual([]);
  });

  it('are rejected as a single string', async () => {
    expect(await problemsOf({ tags: 'politics' })).toEqual(oneProblem('tags', /must be a list/));
  });

  it('reject an empty tag, naming its position', async () => {
    expect(await problemsOf({ tags: ['ok', ' '] })).toEqual(oneProblem('tags.1', /must be a tag, not empty/));
  });

  it('drop exact repeats', async () => {
    expect((await articleOf({ tags: ['a', 'b', 'a'] })).tags).toEqual(['a', 'b']);
  });
});

describe('author', () => {
  const site = () =>
    siteYaml({
      authors: {
        Ann: { email: 'ann@news.example.org', url: 'https://ann.example.org/' },
        Bo: { url: 'https://bo.example.org/' },
      },
    });

  it('defaults to the site author', async () => {
    expect((await articleOf({})).authors).toEqual([SITE.author]);
  });

  it('is a name resolved through the site authors map', async () => {
    expect((await articleOf({ author: 'Ann' }, site())).authors).toEqual([
      { name: 'Ann', email: 'ann@news.example.org', url: 'https://ann.example.org/' },
    ]);
  });

  it('is a list of names, each resolved, unknown names kept bare', async () => {
    expect((await articleOf({ author: ['Bo', 'Cy'] }, site())).authors).toEqual([
      { name: 'Bo', url: 'https://bo.example.org/' },
      { name: 'Cy' },
    ]);
  });

  it("resolves the site author's name to the site author", async () => {
    expect((await articleOf({ author: 'Desk' })).authors).toEqual([SITE.author]);
  });

  it('rejects a number', async () => {
    expect(await problemsOf({ author: 42 })).toEqual(oneProblem('author', /must be a name or a list of names/));
  });

  it('rejects an empty list', async () => {
    expect(await problemsOf({ author: [] })).toEqual(oneProblem('author', /must be a name or a list of names/));
  });
});

describe('image, url, id and enclosure', () => {
  it('resolve a relative image against the article URL', async () => {
    const article = await articleOf({ image: 'img/cover.jpg' }, siteYaml(), { 'img/cover.jpg': 'JPEG' });
    expect(article.image).toBe('https://news.example.org/articles/img/cover.jpg');
  });

  it('keep an absolute image', async () => {
    expect((await articleOf({ image: 'https://cdn.example.org/a.png' })).image).toBe('https://cdn.example.org/a.png');
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:image/png;base64,AAAA',
    'vbscript:msgbox(1)',
    'mailto:desk@news.example.org',
    'http://[::1',
  ])('refuse the image %j', async (image) => {
    expect(await problemsOf({ image })).toEqual(oneProblem('image', /must be an http\(s\) URL/));
  });

  it('take url as the link and mark it external', async () => {
    const article = await articleOf({ url: 'https://elsewhere.example.org/story' });
    expect([article.link, article.external]).toEqual(['https://elsewhere.example.org/story', true]);
  });

  it('link to the article page without url', async () => {
    const article = await articleOf({});
    expect([article.link, article.external]).toEqual(['https://news.example.org/articles/x', false]);
  });

  it.each(['/relative', 'javascript:alert(1)', 'ftp://example.org/'])('refuse the url %j', async (url) => {
    expect(await problemsOf({ url })).toEqual(oneProblem('url', /must be an absolute http\(s\) URL/));
  });

  it('derive the id from the article URL', async () => {
    expect((await articleOf({})).id).toBe('https://news.example.org/articles/x');
  });

  it.each(['tag:news.example.org,2024:x', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', 'https://a.example/1'])(
    'accept the absolute URI %s as id',
    async (id) => {
      expect((await articleOf({ id })).id).toBe(id);
    },
  );

  it.each(['post-1', '/articles/x', 'tag: with space'])('refuse the id %j (not an absolute URI)', async (id) => {
    expect(await problemsOf({ id })).toEqual(oneProblem('id', /must be an absolute URI/));
  });

  it('refuse a javascript: id', async () => {
    expect(await problemsOf({ id: 'javascript:alert(1)' })).toEqual(oneProblem('id', /must not be a javascript:/));
  });

  it('resolve an enclosure against the article URL and keep its type and length', async () => {
    const article = await articleOf({ enclosure: { url: 'ep.mp3', type: 'audio/mpeg', length: 1234 } }, siteYaml(), {
      'ep.mp3': 'x'.repeat(1234),
    });
    expect(article.enclosure).toEqual({
      url: 'https://news.example.org/articles/ep.mp3',
      type: 'audio/mpeg',
      length: 1234,
    });
  });

  it('read the type and length of a local enclosure from its file', async () => {
    const article = await articleOf({ enclosure: { url: './ep1.m4a' } }, siteYaml(), { 'ep1.m4a': 'x'.repeat(777) });
    expect(article.enclosure).toEqual({
      url: 'https://news.example.org/articles/ep1.m4a',
      type: 'audio/mp4',
      length: 777,
    });
  });

  it('keep a type given for a local enclosure (Apple writes audio/x-m4a)', async () => {
    const article = await articleOf({ enclosure: { url: 'ep1.m4a', type: 'audio/x-m4a' } }, siteYaml(), {
      'ep1.m4a': 'x'.repeat(10),
    });
    expect(article.enclosure?.type).toBe('audio/x-m4a');
  });

  it('refuse a hand-typed length that is not the size of the local file, naming both', async () => {
    const problems = (
      await loadStore(
        { ...sources({ x: articleFile({ enclosure: { url: 'ep.mp3', length: 1000 } }) }) },
        {
          media: {
            'ep.mp3': { size: 999, etag: '"e"', lastModified: 0, contentType: 'audio/mpeg' },
          },
        },
      )
    ).problems;
    expect(problems).toEqual([
      'content/articles/x.md: enclosure.length: 1000 is not the size of ep.mp3 (999 bytes); leave it out and it is read from the file',
    ]);
  });

  it.each([
    ['enclosure.url', { url: 'missing.mp3' }, /names content\/articles\/missing\.mp3, which does not exist/],
    ['enclosure.url', { url: '../../outside.mp3' }, /leads outside content\/articles\//],
    ['image', undefined, /names content\/articles\/gone\.png, which does not exist/],
  ])('name the missing local file of %s', async (field, enclosure, detail) => {
    const fields = enclosure ? { enclosure } : { image: 'gone.png' };
    expect(await problemsOf(fields)).toEqual(oneProblem(field, detail));
  });

  it('require the type and length of a remote enclosure', async () => {
    expect(await problemsOf({ enclosure: { url: 'https://cdn.example.org/ep.mp3' } })).toEqual([
      'content/articles/x.md: enclosure.length: is required for a remote file: its size in bytes',
      'content/articles/x.md: enclosure.type: is required for a remote file, such as audio/mpeg',
    ]);
  });

  it.each([
    ['enclosure.url', { url: 'javascript:alert(1)', type: 'audio/mpeg', length: 1 }, /must be an http\(s\) URL/],
    ['enclosure.type', { url: 'a.mp3', type: 'mp3', length: 1 }, /must be a MIME type/],
    ['enclosure.length', { url: 'a.mp3', type: 'audio/mpeg', length: 1.5 }, /must be whole bytes/],
    ['enclosure.length', { url: 'a.mp3', type: 'audio/mpeg', length: '12MB' }, /must be the size in bytes/],
    ['enclosure.length', { url: 'a.mp3', type: 'audio/mpeg', length: -1 }, /must not be negative/],
    ['enclosure.length', { url: 'https://cdn.example.org/a.mp3', type: 'audio/mpeg' }, /is required for a remote file/],
    ['enclosure.bitrate', { url: 'a.mp3', type: 'audio/mpeg', length: 1, bitrate: 128 }, /unknown field/],
    ['enclosure', 'episode-1.mp3', /must be a mapping of url, type and length/],
  ])('reject %s in %j', async (field, enclosure, detail) => {
    expect(await problemsOf({ enclosure })).toEqual(oneProblem(field, detail));
  });
});

describe('draft and format', () => {
  it('leave a draft out of the store without a problem', async () => {
    const { store, problems } = await loadStore(sources({ x: articleFile({ draft: true }) }));
    expect([problems, store?.articles]).toEqual([[], []]);
  });

  it('keep draft: false', async () => {
    expect((await articleOf({ draft: false })).slug).toBe('x');
  });

  it('reject a draft that is not a boolean', async () => {
    expect(await problemsOf({ draft: 'yes' })).toEqual(oneProblem('draft', /must be true or false/));
  });

  it('reject an unknown format', async () => {
    expect(await problemsOf({ format: 'rst' })).toEqual(oneProblem('format', /must be markdown or html/));
  });
});

describe('unknown fields', () => {
  it('are rejected by name, listing the known fields when none is close', async () => {
    expect(await problemsOf({ colour: 'red' })).toEqual([
      'content/articles/x.md: colour: unknown field; the known fields are title, date, updated, summary, author, tags, image, draft, url, id, enclosure, show, duration, season, episode, episodeType, explicit, transcript, chapters, persons, format, aliases',
    ]);
  });

  it('include a misspelt known field, with the name it most likely means', async () => {
    expect(await problemsOf({ tag: ['a'] })).toEqual([
      'content/articles/x.md: tag: unknown field; did you mean `tags`?',
    ]);
  });

  it('are all reported at once, each on its own line, beside the missing field they misspell', async () => {
    const text = '---\ntilte: Three typos\ndate: 2024-01-01\ntgas: [a]\nautor: Ann\n---\nBody.\n';
    expect((await loadStore(sources({ x: text }))).problems).toEqual([
      'content/articles/x.md: autor: unknown field; did you mean `author`?',
      'content/articles/x.md: tgas: unknown field; did you mean `tags`?',
      'content/articles/x.md: tilte: unknown field; did you mean `title`?',
      'content/articles/x.md: title: is required',
    ]);
  });

  it('are reported in the same run as every other problem of the file', async () => {
    expect(await problemsOf({ summry: 'x', tags: 'politics', draft: 'yes', colour: 'red' })).toEqual([
      expect.stringMatching(/^content\/articles\/x\.md: colour: unknown field; the known fields are /),
      'content/articles/x.md: draft: must be true or false',
      'content/articles/x.md: summry: unknown field; did you mean `summary`?',
      expect.stringMatching(/^content\/articles\/x\.md: tags: must be a list/),
    ]);
  });

  it('are found inside the enclosure too, every one of them', async () => {
    const enclosure = { url: 'a.mp3', type: 'audio/mpeg', lenght: 1, bitrate: 128 };
    expect(await problemsOf({ enclosure })).toEqual([
      'content/articles/x.md: enclosure.bitrate: unknown field; the known fields are url, type, length',
      'content/articles/x.md: enclosure.lenght: unknown field; did you mean `length`?',
    ]);
  });

  it('match a known name whatever its case', async () => {
    expect(await problemsOf({ Summary: 'x' })).toEqual([
      'content/articles/x.md: Summary: unknown field; did you mean `summary`?',
    ]);
  });

  it('include names Object.prototype knows, such as constructor', async () => {
    expect(await problemsOf({ constructor: 'x', toString: 'y' })).toEqual([
      expect.stringMatching(/^content\/articles\/x\.md: constructor: unknown field; /),
      expect.stringMatching(/^content\/articles\/x\.md: toString: unknown field; /),
    ]);
  });

  it('include __proto__, without touching any prototype', async () => {
    const text = '---\ntitle: x\ndate: 2024-01-01\n__proto__: { polluted: true }\n---\nBody.\n';
    expect((await loadStore(sources({ x: text }))).problems).toEqual(oneProblem('__proto__', /unknown field/));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('frontmatter boundaries', () => {
  it('does not end the frontmatter at a line separator (U+2028) inside a value', async () => {
    const { store, problems } = await loadStore(
      sources({ a: articleFile({ title: 'x', date: '2024-01-01', tags: ['\u2028---', 'b'] }) }),
    );
    expect(problems).toEqual([]);
    // Tags are trimmed, and U+2028 is white space to trim.
    expect(store?.articles[0]?.tags).toEqual(['---', 'b']);
  });
});
