// Which URLs of a post are files of the WordPress uploads folder, and rewriting them in its HTML.
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../src/content/html-text.ts';
import { createUploadsMatcher, rewriteHtmlUrls } from '../../../src/import/wp-uploads.ts';

const match = createUploadsMatcher(['https://blog.example.com', 'https://blog.example.com']);

describe('createUploadsMatcher', () => {
  it.each([
    'https://blog.example.com/wp-content/uploads/2018/08/geneva.jpg',
    'http://blog.example.com/wp-content/uploads/2018/08/geneva.jpg',
    'https://www.blog.example.com/wp-content/uploads/2018/08/geneva.jpg',
    '//blog.example.com/wp-content/uploads/2018/08/geneva.jpg',
    '/wp-content/uploads/2018/08/geneva.jpg',
    'https://blog.example.com/wp-content/uploads/2018/08/geneva.jpg?w=300',
    'https://i1.wp.com/blog.example.com/wp-content/uploads/2018/08/geneva.jpg?resize=300%2C200',
  ])('finds the upload in %s', (url) => {
    expect(match(url)).toEqual({ path: '2018/08/geneva.jpg' });
  });

  it('decodes the path', () => {
    expect(match('https://blog.example.com/wp-content/uploads/2018/08/caf%C3%A9.jpg')).toEqual({
      path: '2018/08/café.jpg',
    });
  });

  it.each([
    'https://other.example.com/wp-content/uploads/2018/08/geneva.jpg',
    'https://blog.example.com/2018/08/24/talks/',
    'https://i1.wp.com/other.example.com/wp-content/uploads/x.jpg',
    'mailto:someone@blog.example.com',
    // The URL parser resolves these dot segments before the prefix is compared: not an upload at all.
    'https://blog.example.com/wp-content/uploads/../../etc/passwd',
    'https://blog.example.com/wp-content/uploads/%2e%2e/%2e%2e/etc/passwd',
  ])('leaves %s alone', (url) => {
    expect(match(url)).toBeUndefined();
  });

  it.each([
    'https://blog.example.com/wp-content/uploads/2018%2F..%2F..%2Fetc%2Fpasswd',
    'https://blog.example.com/wp-content/uploads/..%5C..%5Cetc%5Cpasswd',
    'https://blog.example.com/wp-content/uploads//etc/passwd',
    'https://blog.example.com/wp-content/uploads/2018/%00.jpg',
    'https://blog.example.com/wp-content/uploads/2018/%E0%A4%A.jpg',
  ])('refuses %s, which would lead out of the uploads folder', (url) => {
    expect(match(url)).toHaveProperty('refused');
  });
});

describe('rewriteHtmlUrls', () => {
  const local = (url: string) => (url.includes('/wp-content/uploads/') ? `./post/${url.split('/').pop()}` : undefined);

  it('rewrites src, href, poster and every srcset candidate, and nothing else', () => {
    const html =
      '<p><a href="https://blog.example.com/wp-content/uploads/a.jpg"><img src=\'https://blog.example.com/wp-content/uploads/a-300x200.jpg\' ' +
      'srcset="https://blog.example.com/wp-content/uploads/a-300x200.jpg 300w, https://cdn.example.net/a.jpg 1024w" alt="https://blog.example.com/wp-content/uploads/a.jpg"></a></p>' +
      '<video poster=https://blog.example.com/wp-content/uploads/p.png src="https://cdn.example.net/v.mp4"></video>' +
      '<p>See https://blog.example.com/wp-content/uploads/a.jpg and src="https://blog.example.com/wp-content/uploads/a.jpg"</p>';
    expect(rewriteHtmlUrls(html, local)).toBe(
      '<p><a href="./post/a.jpg"><img src="./post/a-300x200.jpg" ' +
        'srcset="./post/a-300x200.jpg 300w, https://cdn.example.net/a.jpg 1024w" alt="https://blog.example.com/wp-content/uploads/a.jpg"></a></p>' +
        '<video poster="./post/p.png" src="https://cdn.example.net/v.mp4"></video>' +
        '<p>See https://blog.example.com/wp-content/uploads/a.jpg and src="https://blog.example.com/wp-content/uploads/a.jpg"</p>',
    );
  });

  it('decodes entities before asking and escapes what it writes', () => {
    const seen: string[] = [];
    const out = rewriteHtmlUrls('<a href="https://x/wp-content/uploads/a.pdf?x=1&amp;y=2">A</a>', (url) => {
      seen.push(url);
      return './post/a "b" & c.pdf';
    });
    expect(seen).toEqual(['https://x/wp-content/uploads/a.pdf?x=1&y=2']);
    expect(out).toBe('<a href="./post/a &quot;b&quot; &amp; c.pdf">A</a>');
    expect(htmlToText(out)).toBe('A');
  });

  it('leaves HTML without URLs to change byte for byte', () => {
    const html = '<p class=x>a &lt; b <img src=""> <a href>c</a> <!-- <img src="/wp-content/uploads/z.jpg"> --></p>';
    expect(rewriteHtmlUrls(html, local)).toBe(html);
  });
});
