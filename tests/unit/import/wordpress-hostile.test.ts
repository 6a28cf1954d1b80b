// The WordPress importer against exports nobody would write by hand: forged post ids and slugs,
// entity names that are JavaScript property names, and content whose comments, shortcodes and tags are
// never closed. (That the scanning stays linear in such content is shown by tools/bench/import-scaling.ts.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { htmlToText } from '../../../src/content/html-text.ts';
import { importWordPress } from '../../../src/import/wordpress.ts';
import { type ContentContext, convertWordPressContent } from '../../../src/import/wp-content.ts';

interface Post {
  id: string;
  title: string;
  name: string;
  content?: string;
}

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

function exportOf(posts: Post[]): string {
  const items = posts.map(
    (p) => `<item>
<title>${cdata(p.title)}</title>
<guid isPermaLink="false">https://blog.example.com/?p=1</guid>
<content:encoded>${cdata(p.content ?? 'Body.')}</content:encoded>
<wp:post_id>${cdata(p.id)}</wp:post_id>
<wp:post_date>${cdata('2024-05-01 10:00:00')}</wp:post_date>
<wp:post_date_gmt>${cdata('2024-05-01 08:00:00')}</wp:post_date_gmt>
<wp:post_name>${cdata(p.name)}</wp:post_name>
<wp:status>${cdata('publish')}</wp:status>
<wp:post_type>${cdata('post')}</wp:post_type>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Test</title>
${items.join('\n')}
</channel></rss>`;
}

const titleOf = (fileText: string) => parse(/^---\n([\s\S]*?)\n---\n/.exec(fileText)?.[1] ?? '').title;

describe('post ids and slugs', () => {
  it('refuses a post whose id is not digits, naming it, instead of using the id in a path', () => {
    const result = importWordPress(exportOf([{ id: '/../../../../tmp/x', title: '???', name: '' }]));
    expect(result.articles).toEqual([]);
    expect(result.skipped).toEqual({ 'invalid-id': 1 });
    expect(result.refused).toEqual([
      {
        postId: '/../../../../tmp/x',
        title: '???',
        message:
          'post "???" (wp:post_id "/../../../../tmp/x"): wp:post_id: must be a number (digits only); the post is not imported',
      },
    ]);
  });

  it('refuses an empty or non-ASCII-digit id too, and imports the others', () => {
    const result = importWordPress(
      exportOf([
        { id: '', title: 'No id', name: 'no-id' },
        { id: '١٢', title: 'Arabic digits', name: 'arabic' },
        { id: '12 ', title: 'Padded', name: 'padded' },
        { id: '0042', title: 'Fine', name: '' },
      ]),
    );
    expect(result.articles.map((a) => [a.postId, a.path])).toEqual([
      ['12', '2024/padded.md'],
      ['0042', '2024/fine.md'],
    ]);
    expect(result.refused.map((r) => r.title)).toEqual(['No id', 'Arabic digits']);
  });

  it('falls back from post_name to the title to the id, each through the sanitizer', () => {
    const result = importWordPress(
      exportOf([
        { id: '1', title: 'Ignored', name: '..%2F..%2Fetc%2Fpasswd' },
        { id: '2', title: '../Up and out', name: '' },
        { id: '3', title: '???', name: '../..' },
        { id: '4', title: '?', name: '%2E%2E%2F%E2%80%AE' },
      ]),
    );
    expect(result.articles.map((a) => a.path)).toEqual([
      '2024/etc-passwd.md',
      '2024/up-and-out.md',
      '2024/post-3.md',
      '2024/post-4.md',
    ]);
  });

  it('caps a slug at 240 bytes of UTF-8, so the file name fits any file system', () => {
    const result = importWordPress(
      exportOf([
        { id: '1', title: 't', name: `${'a'.repeat(300)}` },
        { id: '2', title: 't', name: encodeURIComponent('東'.repeat(100)) },
      ]),
    );
    const [ascii, cjk] = result.articles.map((a) => a.path);
    expect(ascii).toBe(`2024/${'a'.repeat(240)}.md`);
    expect(cjk).toBe(`2024/${'東'.repeat(80)}.md`);
  });

  it('never writes a path that leaves its year folder, whatever the id, title and post_name', () => {
    const hostile = fc.constantFrom('..', '.', '/', '\\', '%2F', '%2E', '\u0000', ' ', '-', '_', 'a', '7', 'é', '‮');
    const field = fc.array(hostile, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(field, field, field, (id, title, name) => {
        const { articles } = importWordPress(exportOf([{ id, title, name }]));
        for (const { path } of articles) {
          expect(path).toMatch(/^2024\/[^/\\]+\.md$/);
          expect(path).not.toMatch(/^2024\/\.+\.md$|\u0000/);
        }
        expect(articles.length === 1).toBe(/^\d+$/.test(id.trim()));
      }),
      { numRuns: 300 },
    );
  });
});

describe('entities in titles', () => {
  it('decodes every HTML name, and leaves JavaScript property names and unknown names as written', () => {
    const result = importWordPress(
      exportOf([{ id: '1', title: '&constructor; &aelig; &rarr; &notit; &toString;', name: 'x' }]),
    );
    expect(titleOf(result.articles[0]?.fileText ?? '')).toBe('&constructor; æ → &notit; &toString;');
  });
});

describe('content that never closes what it opens', () => {
  const none: ContentContext = { attachments: new Map(), childImages: [] };
  const html = (raw: string) => convertWordPressContent(raw, none).html;

  it('keeps an unterminated comment as text and removes the terminated ones', () => {
    expect(html('Intro\n\n<!-- never closed\n\nMore text')).toBe(
      '<p>Intro</p>\n<p><!-- never closed</p>\n<p>More text</p>',
    );
    expect(html('One <!-- a --> two <!-- never closed')).toBe('<p>One  two <!-- never closed</p>');
    expect(html('<!--more-->\nAfter the fold\n<!-- x -->\n<!-- open\nline')).toBe(
      '<p>After the fold<br />\n<!-- open<br />\nline</p>',
    );
  });

  it('drops a caption without its closing tag as a shortcode, and keeps one without "]" as text', () => {
    expect(convertWordPressContent('[caption id="1"]<img src="a.jpg" /> No closing tag\n\nNext', none)).toEqual({
      html: '<p><img src="a.jpg" /> No closing tag</p>\n<p>Next</p>',
      notes: ['shortcodes removed, inner text kept: caption'],
    });
    expect(html('[caption id="1" <img src="a.jpg" /> no bracket')).toBe(
      '<p>[caption id="1" <img src="a.jpg" /> no bracket</p>',
    );
  });

  it('handles shortcodes without "]", without a closing tag, or with an unclosed quote', () => {
    expect(html('[gallery ids="1,2"\n\nText')).toBe('<p>[gallery ids="1,2"</p>\n<p>Text</p>');
    expect(html('[audio src="a.mp3"]\n\n[video src="v.mp4"]inner')).toBe(
      '<p><a href="a.mp3">a.mp3</a></p>\n<p><a href="v.mp4">v.mp4</a>inner</p>',
    );
    expect(html('[embed]https://example.com/x')).toBe(
      '<p><a href="https://example.com/x">https://example.com/x</a></p>',
    );
    expect(html('[su_note]note without end [x] and [/y]')).toBe('<p>[su_note]note without end [x] and [/y]</p>');
    expect(html('[contact-form-7 id="5" title="no end')).toBe('<p>[contact-form-7 id="5" title="no end</p>');
    expect(html('[[gallery] stays [[x')).toBe('<p>[ stays [[x</p>');
    expect(html('[gallery a="x y]')).toBe('');
  });

  it('keeps a <pre> without its end, and text after a tag without its ">"', () => {
    expect(html('<pre>code [gallery] never closed\n\nmore')).toBe('<pre>code  never closed\n\nmore');
    expect(html('a <b>bold</b> and <i never closed\n\nlast')).toBe(
      '<p>a <b>bold</b> and <i never closed</p>\n<p>last</p>',
    );
    expect(html('a <p class="x" never closed')).toBe('<p>a <p class="x" never closed</p>');
    expect(html(`word${' '.repeat(20)}word\n\nx  \n  y`)).toBe(`<p>word${' '.repeat(20)}word</p>\n<p>x<br />\n  y</p>`);
  });

  it('reads titles and excerpts with unclosed tags, comments and scripts as a browser shows them', () => {
    // HTML's tokenizer: a script or comment left open runs to the end, a tag cut off at the end is
    // dropped, and "<" before a space is text.
    expect(htmlToText('<script>never closed')).toBe('');
    expect(htmlToText('a <!-- b')).toBe('a');
    expect(htmlToText('a < b and c > d')).toBe('a < b and c > d');
    expect(htmlToText('<p class="x" never')).toBe('');
    expect(htmlToText('x <br> y <i')).toBe('x y');
    expect(htmlToText('<p>one</p><p>two</p>')).toBe('one two');
  });
});
