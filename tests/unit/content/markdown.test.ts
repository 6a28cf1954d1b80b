// Article bodies: links and images made absolute against the article URL; scripts, handlers and
// javascript: URLs removed from Markdown, raw HTML and format: html alike; the summary.
import { describe, expect, it } from 'vitest';
import { absolutize } from '../../../src/content/markdown.ts';
import type { Article } from '../../../src/core/article.ts';
import { articleFile, compile, sources } from '../../support/fixtures.ts';

const PAGE = 'https://news.example.org/articles/2024/x';

/** The compiled article 2024/x with `body` (Markdown unless format says otherwise). */
async function article(body: string, fields: Record<string, unknown> = {}): Promise<Article> {
  const store = await compile(sources({ '2024/x': articleFile(fields, body) }));
  return store.articles[0] as Article;
}
const html = async (body: string, fields: Record<string, unknown> = {}) => (await article(body, fields)).html;

/** Nothing executable: no script element, no on* handler, no javascript:/vbscript:/data: URL. */
function expectInert(out: string): void {
  expect(out).not.toMatch(/<script/i);
  expect(out).not.toMatch(/<iframe|<object|<embed|<form|<svg|<style/i);
  expect(out).not.toMatch(/\son[a-z]+\s*=/i);
  expect(out).not.toMatch(/(javascript|vbscript|data):/i);
}

describe('relative URLs in Markdown', () => {
  it.each([
    ['[a](other)', 'https://news.example.org/articles/2024/other'],
    ['[a](../world/y)', 'https://news.example.org/articles/world/y'],
    ['[a](/about)', 'https://news.example.org/about'],
    ['[a](#notes)', `${PAGE}#notes`],
    ['[a](?page=2)', `${PAGE}?page=2`],
    ['[a](//cdn.example.org/f)', 'https://cdn.example.org/f'],
    ['[a](https://example.org/x?a=1&b=2)', 'https://example.org/x?a=1&amp;b=2'],
    ['[a](mailto:desk@news.example.org)', 'mailto:desk@news.example.org'],
    ['[a][ref]\n\n[ref]: notes/1', 'https://news.example.org/articles/2024/notes/1'],
  ])('make the link %j absolute', async (body, href) => {
    expect(await html(body)).toBe(`<p><a href="${href}">a</a></p>\n`);
  });

  it('make an image absolute', async () => {
    expect(await html('![A chart](img/chart.png)')).toBe(
      '<p><img src="https://news.example.org/articles/2024/img/chart.png" alt="A chart"></p>\n',
    );
  });
});

describe('relative URLs in raw HTML', () => {
  it('make links and images in HTML inside Markdown absolute', async () => {
    expect(await html('<a href="y">y</a> <img src="z.png" alt="z">')).toBe(
      '<p><a href="https://news.example.org/articles/2024/y">y</a> ' +
        '<img src="https://news.example.org/articles/2024/z.png" alt="z" /></p>\n',
    );
  });

  it('make links, images, media sources and posters of a format: html body absolute', async () => {
    const out = await html(
      '<p><a href="y">y</a><img src="/i.png"></p><video src="v.mp4" poster="p.jpg"></video><audio src="a.mp3"></audio>',
      { format: 'html' },
    );
    expect(out).toBe(
      '<p><a href="https://news.example.org/articles/2024/y">y</a><img src="https://news.example.org/i.png" /></p>' +
        '<video src="https://news.example.org/articles/2024/v.mp4" poster="https://news.example.org/articles/2024/p.jpg"></video>' +
        '<audio src="https://news.example.org/articles/2024/a.mp3"></audio>',
    );
  });
});

describe('scripts, handlers and javascript: URLs', () => {
  it.each([
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '![x](javascript:alert(1))',
    '[x][r]\n\n[r]: javascript:alert(1)',
    '<javascript:alert(1)>',
  ])('make no link of the Markdown %j', async (body) => {
    const out = await html(body);
    expect(out).not.toMatch(/href=|src=/);
  });

  it.each([
    '<script>alert(1)</script>',
    '<script src="x.js"></script>',
    'Hi <a href="javascript:alert(1)">x</a>',
    'Hi <a href="  JaVaScRiPt:alert(1)">x</a>',
    'Hi <a href="java&#9;script:alert(1)">x</a>',
    'Hi <a href="&#106;avascript:alert(1)">x</a>',
    'Hi <a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    'Hi <a href="x" onclick="alert(1)">x</a>',
    '<img src="x.png" onerror="alert(1)">',
    '<IMG SRC=x ONERROR=alert(1)>',
    '<div onmouseover="alert(1)" style="background:url(javascript:alert(1))">x</div>',
    '<iframe src="https://evil.example/"></iframe>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<form action="javascript:alert(1)"><input></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<style>body{background:url(javascript:alert(1))}</style>',
    '<video src="v.mp4" poster="javascript:alert(1)" onplay="alert(1)"></video>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  ])('remove everything executable from the raw HTML %j', async (body) => {
    expectInert(await html(`${body}\n\nAfter.`));
  });

  it.each([
    '<p>x</p><script>alert(1)</script>',
    '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
    '<img src="a.png" onerror="alert(1)"><svg onload="alert(1)"></svg>',
    '<a href="java&#10;script:alert(1)">x</a>',
  ])('remove everything executable from the format: html body %j', async (body) => {
    expectInert(await html(body, { format: 'html' }));
  });

  it('keeps the text around removed markup', async () => {
    expect(await html('<p>Keep <a href="javascript:alert(1)">this</a>.</p>', { format: 'html' })).toBe(
      '<p>Keep <a>this</a>.</p>',
    );
  });
});

describe('absolutize', () => {
  it.each(['javascript:alert(1)', 'java\tscript:alert(1)', ' java\nscript:alert(1)', 'data:,x', 'file:///etc/passwd'])(
    'refuses %j',
    (href) => {
      expect(absolutize(href, PAGE)).toBeUndefined();
    },
  );

  it('resolves a relative path against the article page', () => {
    expect(absolutize('a b.png', PAGE)).toBe('https://news.example.org/articles/2024/a%20b.png');
  });
});

describe('summary', () => {
  it('is the frontmatter summary when given', async () => {
    expect((await article('First paragraph.', { summary: 'Given.' })).summary).toBe('Given.');
  });

  it('is otherwise the first paragraph as plain text', async () => {
    const a = await article('# Heading\n\nFirst *para* with [a link](x) & `code`\nover two lines.\n\nSecond.');
    expect(a.summary).toBe('First para with a link & code over two lines.');
  });

  it('skips raw HTML blocks before the first paragraph', async () => {
    expect((await article('<script>alert(1)</script>\n\nThe lead.')).summary).toBe('The lead.');
  });

  it('decodes entities into plain text', async () => {
    expect((await article('Fish &amp; chips &lt;3')).summary).toBe('Fish & chips <3');
  });

  it('comes from the first <p> of a format: html body', async () => {
    const a = await article('<h2>Head</h2><p>The <b>lead</b> &amp; more.</p><p>Next.</p>', { format: 'html' });
    expect(a.summary).toBe('The lead & more.');
  });

  it('is empty for a body without a paragraph', async () => {
    expect((await article('# Only a heading')).summary).toBe('');
  });
});
