// The WordPress importer against a hand-written WXR export (tests/fixtures/wordpress/export.xml).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ImportedPost, importWordPress, parseEnclosure } from '../../../src/import/wordpress.ts';

const xml = readFileSync(new URL('../../fixtures/wordpress/export.xml', import.meta.url), 'utf8');
const imported = importWordPress(xml);

function split(fileText: string): { front: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(fileText);
  if (!match) throw new Error(`no frontmatter in:\n${fileText}`);
  return { front: parse(match[1] as string), body: match[2] as string };
}

function post(id: string): { article: ImportedPost; front: Record<string, unknown>; body: string } {
  const article = imported.articles.find((a) => a.postId === id);
  if (!article) throw new Error(`post ${id} was not imported`);
  return { article, ...split(article.fileText) };
}

describe('importWordPress', () => {
  it('imports published and scheduled posts, in export order', () => {
    expect(imported.articles.map((a) => [a.postId, a.status, a.path])).toEqual([
      ['101', 'publish', '2018/talks-resume-in-geneva.md'],
      ['102', 'publish', '2019/cafe-au-lait-croissants-a-taste-of-paris.md'],
      ['103', 'publish', '2020/東京の朝.md'],
      ['104', 'future', '2031/election-preview-what-to-watch.md'],
      ['112', 'publish', '2021/weekly-roundup.md'],
      ['113', 'publish', '2021/weekly-roundup-2.md'],
    ]);
  });

  it('counts skipped posts by reason, password-protected ones included', () => {
    expect(imported.skipped).toEqual({ draft: 1, private: 1, pending: 1, trash: 1, password: 1 });
  });

  it('counts pages, attachments and menu items as not posts', () => {
    expect(imported.notPosts).toEqual({ attachment: 1, page: 1, nav_menu_item: 1 });
  });

  it('writes the date with the offset from post_date and post_date_gmt', () => {
    expect(post('101').front.date).toBe('2018-08-24T09:30:00+02:00');
    expect(post('103').front.date).toBe('2020-01-10T08:00:00+09:00');
    expect(post('112').front.date).toBe('2021-01-01T18:00:00+05:30');
    expect(post('113').front.date).toBe('2021-01-08T07:00:00-05:00');
  });

  it('files a post under its local year even when it is still the previous year in UTC', () => {
    expect(post('103').article.path.startsWith('2020/')).toBe(true);
  });

  it('keeps a scheduled post with its future date and says the offset was assumed', () => {
    const { front, article } = post('104');
    expect(front.date).toBe('2031-05-01T06:00:00+00:00');
    expect(article.dateAssumed).toMatch(/UTC/);
  });

  it('uses the given time zone for a post without a GMT date', () => {
    const article = importWordPress(xml, { timeZone: 'Europe/Berlin' }).articles.find((a) => a.postId === '104');
    expect(split(article?.fileText ?? '').front.date).toBe('2031-05-01T06:00:00+02:00');
  });

  it('sets updated only when the post was modified after it was published', () => {
    expect(post('101').front.updated).toBe('2018-08-25T10:00:00+02:00');
    expect(post('102').front.updated).toBeUndefined();
    expect(post('104').front.updated).toBeUndefined();
  });

  it('keeps the WordPress guid as the id and sets no url', () => {
    const { front } = post('101');
    expect(front.id).toBe('https://blog.example.com/?p=101');
    expect(front).not.toHaveProperty('url');
  });

  it("writes each post's permalink and ?p= link as its aliases", () => {
    expect(post('101').front.aliases).toEqual(['/2018/08/24/talks-resume-in-geneva/', '/?p=101']);
    // A non-ASCII permalink stays percent-encoded, as WordPress served it.
    expect(post('103').front.aliases).toEqual(['/2020/01/10/%e6%9d%b1%e4%ba%ac%e3%81%ae%e6%9c%9d/', '/?p=103']);
    // A scheduled post's link is the ?p= form: written once.
    expect(post('104').front.aliases).toEqual(['/?p=104']);
  });

  it('lists the terms and authors of imported posts, for their feed redirects', () => {
    expect(imported.usedTerms).toContainEqual({ kind: 'category', slug: 'food-drink', name: 'Food & Drink' });
    expect(imported.usedTerms).toContainEqual({ kind: 'post_tag', slug: 'world', name: 'World' });
    expect(imported.usedTerms.some((t) => t.slug === 'uncategorized')).toBe(false);
    expect(imported.usedAuthors.map((a) => a.login)).toEqual(['jdoe', 'pierre', 'kenji', 'unknown-login']);
  });

  it('merges categories and tags by name, without Uncategorized, duplicates or post formats', () => {
    expect(post('101').front.tags).toEqual(['World', 'Diplomacy', 'North Korea']);
  });

  it('decodes entities WordPress stored in titles and term names', () => {
    const { front } = post('102');
    expect(front.title).toBe('Café au lait & croissants: a “taste” of Paris');
    expect(front.tags).toEqual(['Food & Drink']);
  });

  it('maps the author login to the display name, and keeps an unknown login', () => {
    expect(post('103').front.author).toBe('山田 健二');
    expect(post('112').front.author).toBe('unknown-login');
  });

  it('takes the summary from the excerpt as plain text', () => {
    expect(post('101').front.summary).toBe('Talks resume & progress, slowly.');
    expect(post('102').front).not.toHaveProperty('summary');
  });

  it('takes the featured image from the attachment and the enclosure from postmeta', () => {
    const { front } = post('101');
    expect(front.image).toBe('https://blog.example.com/wp-content/uploads/2018/08/geneva.jpg');
    expect(front.enclosure).toEqual({
      url: 'https://cdn.example.com/audio/geneva-briefing.mp3',
      type: 'audio/mpeg',
      length: 5242880,
    });
  });

  it('marks the body as HTML and adds the paragraphs WordPress showed', () => {
    const { front, body } = post('101');
    expect(front.format).toBe('html');
    expect(body).toContain(
      '<p>North Korea and the United States resumed talks on Friday.<br />\nOfficials met in Geneva.</p>',
    );
    expect(body).toMatch(/<ul>\s*<li>First point<\/li>/);
    expect(body).not.toContain('<p><ul>');
  });

  it('turns the caption shortcode into a figure', () => {
    expect(post('101').body).toContain('<figcaption>The <em>Palais des Nations</em> in Geneva</figcaption></figure>');
    expect(post('101').body).not.toContain('[caption');
  });

  it('links embeds and strips other shortcodes but keeps their text', () => {
    const { body, article } = post('101');
    expect(body).toContain('<p><a href="https://www.youtube.com/watch?v=abc123&amp;t=5">');
    expect(body).toContain('<p><a href="https://vimeo.com/123456">https://vimeo.com/123456</a></p>');
    expect(body).toContain('<p>Analysis: progress is slow [sic].</p>');
    expect(body).not.toMatch(/contact-form-7|su_note/);
    expect(body).toContain('<code>[gallery]</code>');
    expect(article.notes).toEqual(['shortcodes removed, inner text kept: contact-form-7, su_note']);
  });

  it('leaves block-editor posts paragraphed as saved, without block comments', () => {
    const { body } = post('102');
    expect(body).not.toContain('<!--');
    expect(body).toContain('<p>Then a croissant,\nstill warm.</p>');
  });

  it('rejoins content that the exporter split around "]]>"', () => {
    expect(post('103').body).toContain('<code>a[b[0]]></code>');
  });

  it('leaves out an id that is not an absolute URI, with a note, rather than fail the article', () => {
    const single = xml.replace('<guid isPermaLink="false">https://blog.example.com/?p=112</guid>', '<guid>112</guid>');
    const article = importWordPress(single).articles.find((a) => a.postId === '112');
    expect(split(article?.fileText ?? '').front).not.toHaveProperty('id');
    expect(article?.notes[0]).toMatch(/guid "112" is not an absolute URI/);
  });

  it('rejects a file that is not a WordPress export', () => {
    expect(() => importWordPress('<html><body>hi</body></html>')).toThrow(/not a WordPress export/);
  });
});

describe('parseEnclosure', () => {
  it('reads URL, length and type from the postmeta lines', () => {
    expect(parseEnclosure('https://e.com/a.m4a\n123\naudio/mp4\n')).toEqual({
      url: 'https://e.com/a.m4a',
      type: 'audio/mp4',
      length: 123,
    });
  });

  it('falls back to a generic type and zero length when they are missing', () => {
    expect(parseEnclosure('https://e.com/a.bin')).toEqual({
      url: 'https://e.com/a.bin',
      type: 'application/octet-stream',
      length: 0,
    });
  });

  it('ignores a value that does not start with a URL', () => {
    expect(parseEnclosure('a:1:{s:8:"duration";}')).toBeUndefined();
  });
});
