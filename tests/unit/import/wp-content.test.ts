// WordPress post content becomes the HTML readers saw: shortcodes, embeds, blocks and paragraphs.
import { describe, expect, it } from 'vitest';
import { type ContentContext, convertWordPressContent } from '../../../src/import/wp-content.ts';

const none: ContentContext = { attachments: new Map(), childImages: [] };
const html = (raw: string, context = none) => convertWordPressContent(raw, context).html;

describe('convertWordPressContent', () => {
  it('turns a caption shortcode into a figure with a figcaption', () => {
    const raw =
      '[caption id="attachment_6" align="alignright" width="300"]<img src="a.jpg" alt="A" /> A <em>fine</em> view[/caption]';
    expect(html(raw)).toBe('<figure><img src="a.jpg" alt="A" /><figcaption>A <em>fine</em> view</figcaption></figure>');
  });

  it('keeps a linked image in the figure and reads the old caption attribute', () => {
    const raw = '[caption caption="Old style"]<a href="big.jpg"><img src="a.jpg" /></a>[/caption]';
    expect(html(raw)).toBe(
      '<figure><a href="big.jpg"><img src="a.jpg" /></a><figcaption>Old style</figcaption></figure>',
    );
  });

  it('turns [embed] and a URL alone on its line into links', () => {
    expect(html('[embed]https://youtu.be/x?a=1&b=2[/embed]\n\nhttps://vimeo.com/1')).toBe(
      '<p><a href="https://youtu.be/x?a=1&amp;b=2">https://youtu.be/x?a=1&amp;b=2</a></p>\n' +
        '<p><a href="https://vimeo.com/1">https://vimeo.com/1</a></p>',
    );
  });

  it('leaves a URL inside a sentence alone', () => {
    expect(html('See https://example.com today.')).toBe('<p>See https://example.com today.</p>');
  });

  it('turns [audio] into a link to the file', () => {
    expect(html('[audio mp3="https://cdn.example.com/a.mp3"][/audio]')).toBe(
      '<p><a href="https://cdn.example.com/a.mp3">https://cdn.example.com/a.mp3</a></p>',
    );
  });

  it('strips unknown shortcodes, keeps their inner text, and notes which', () => {
    const result = convertWordPressContent(
      '[su_note color="#fff"]Inner [b]bold[/b] text[/su_note]\n\n[contact-form-7 id="5"]',
      none,
    );
    expect(result.html).toBe('<p>Inner bold text</p>');
    expect(result.notes).toEqual(['shortcodes removed, inner text kept: b, contact-form-7, su_note']);
  });

  it('leaves bracketed words that are not shortcodes', () => {
    expect(html('He said [sic] and cited [1].')).toBe('<p>He said [sic] and cited [1].</p>');
  });

  it('unescapes [[x]] to a literal [x]', () => {
    expect(html('Type [[gallery]] to add one.')).toBe('<p>Type [gallery] to add one.</p>');
  });

  it('does not touch shortcodes or URLs inside code', () => {
    expect(html('<pre>[gallery ids="1"]\nhttps://example.com</pre>')).toBe(
      '<pre>[gallery ids="1"]\nhttps://example.com</pre>',
    );
  });

  it("builds a gallery from attachment ids, or from the post's own images", () => {
    const context = { attachments: new Map([['7', 'https://e.com/7.jpg']]), childImages: ['https://e.com/c.jpg'] };
    expect(html('[gallery ids="7,99"]', context)).toBe('<figure><img src="https://e.com/7.jpg" alt=""></figure>');
    expect(html('[gallery]', context)).toBe('<figure><img src="https://e.com/c.jpg" alt=""></figure>');
  });

  it('notes a gallery whose images are not in the export', () => {
    expect(convertWordPressContent('[gallery ids="1"]', none).notes[0]).toMatch(/gallery/);
  });

  it('removes block comments and does not re-paragraph block content', () => {
    const raw =
      '<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator /-->\n<hr class="wp-block-separator"/>';
    expect(html(raw)).toBe('<p>One\ntwo</p>\n\n<hr class="wp-block-separator"/>');
  });

  it('removes the <!--more--> marker', () => {
    expect(html('Teaser.\n<!--more-->\nRest.')).toBe('<p>Teaser.<br />\nRest.</p>');
  });
});
