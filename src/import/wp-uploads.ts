// Which URLs of a WordPress post name files of its wp-content/uploads folder, and rewriting them: the
// URLs in the post's HTML (src, href, poster and every srcset candidate) and in its frontmatter.
import { Tokenizer } from 'htmlparser2';
import { decodeEntities } from '../content/entities.ts';

export type UploadMatch = { path: string } | { refused: string };

/**
 * A function telling, for a URL written in a post, the path of the file under wp-content/uploads/ it
 * names ("2018/08/geneva.jpg", percent-decoded), a refusal when the path would leave that folder, or
 * undefined when the URL is not an upload of this site. `siteUrls` are the export's addresses of the site
 * (wp:base_site_url, wp:base_blog_url, <link>): http or https, with or without "www.", root-relative
 * and protocol-relative forms, and Jetpack's image CDN (i0.wp.com/HOST/...) all count.
 */
export function createUploadsMatcher(siteUrls: readonly string[]): (raw: string) => UploadMatch | undefined {
  const hosts = new Set<string>();
  const prefixes = new Set<string>(['/wp-content/uploads/']);
  let base: URL | undefined;
  for (const raw of siteUrls) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    base ??= url;
    const host = url.hostname.replace(/^www\./, '');
    hosts.add(host);
    hosts.add(`www.${host}`);
    const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    prefixes.add(`${path}wp-content/uploads/`);
  }
  return (raw) => {
    const trimmed = raw.trim();
    if (trimmed === '' || base === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(trimmed, base);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    let pathname = url.pathname;
    if (/^i[0-3]\.wp\.com$/.test(url.hostname)) {
      // Jetpack's CDN: https://i0.wp.com/blog.example.com/wp-content/uploads/x.jpg?resize=300
      const slash = pathname.indexOf('/', 1);
      if (slash < 0 || !hosts.has(pathname.slice(1, slash).toLowerCase())) return undefined;
      pathname = pathname.slice(slash);
    } else if (!hosts.has(url.hostname)) return undefined;
    const prefix = [...prefixes].find((p) => pathname.startsWith(p));
    if (prefix === undefined) return undefined;
    const segments: string[] = [];
    for (const encoded of pathname.slice(prefix.length).split('/')) {
      let segment: string;
      try {
        segment = decodeURIComponent(encoded);
      } catch {
        return { refused: 'refused: its path is not valid percent-encoding' };
      }
      // The URL parser resolved plain ".." already; what is left is encoded ("%2e%2e", "%2F") or
      // a separator of another system, and would lead out of the uploads folder or nowhere.
      if (segment === '' || segment === '.' || segment === '..' || /[/\\\u0000-\u001f\u007f]/.test(segment)) {
        return { refused: 'refused: its path leads out of the uploads folder or names no file in it' };
      }
      segments.push(segment);
    }
    return { path: segments.join('/') };
  };
}

const URL_ATTRIBUTES = new Set(['src', 'href', 'poster']);
const QUOTES: Record<number, string> = { 2: "'", 3: '"' };

/**
 * `html` with every URL of a src, href, poster or srcset attribute passed through `replace` (the URL as the
 * attribute means it, entities decoded): a string replaces it, undefined keeps the attribute as written.
 * htmlparser2's tokenizer finds the attributes, as the loader's sanitizer will, so text that only looks
 * like an attribute is left alone.
 */
export function rewriteHtmlUrls(html: string, replace: (url: string) => string | undefined): string {
  const edits: { start: number; end: number; text: string }[] = [];
  let name = '';
  let nameEnd = 0;
  const noop = () => {};
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onattribname(start, end) {
        name = html.slice(start, end).toLowerCase();
        nameEnd = end;
      },
      onattribend(quote, end) {
        if (quote === 0 || (!URL_ATTRIBUTES.has(name) && name !== 'srcset')) return;
        // The value starts after "=", the spaces around it and an opening quote.
        let start = nameEnd;
        while (start < end && html[start] !== '=') start++;
        start++;
        while (start < end && /\s/.test(html[start] as string)) start++;
        const quoteChar = QUOTES[quote];
        const valueStart = quoteChar ? start + 1 : start;
        const valueEnd = quoteChar ? end - 1 : end;
        const value = decodeEntities(html.slice(valueStart, valueEnd));
        const next = name === 'srcset' ? rewriteSrcset(value, replace) : replace(value.trim());
        if (next === undefined || next === value) return;
        edits.push({ start, end, text: `"${escapeAttribute(next)}"` });
      },
      onattribdata: noop,
      onattribentity: noop,
      oncdata: noop,
      onclosetag: noop,
      oncomment: noop,
      ondeclaration: noop,
      onend: noop,
      onopentagend: noop,
      onopentagname: noop,
      onprocessinginstruction: noop,
      onselfclosingtag: noop,
      ontext: noop,
      ontextentity: noop,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  let out = '';
  let kept = 0;
  for (const edit of edits) {
    out += html.slice(kept, edit.start) + edit.text;
    kept = edit.end;
  }
  return out + html.slice(kept);
}

/** Each URL of a srcset ("a.jpg 300w, b.jpg 2x"), descriptors kept; undefined when none changed. */
function rewriteSrcset(value: string, replace: (url: string) => string | undefined): string | undefined {
  let changed = false;
  const candidates = value.split(',').map((candidate) => {
    const match = /^(\s*)(\S+)(.*)$/s.exec(candidate);
    if (!match) return candidate;
    const next = replace(match[2] as string);
    if (next === undefined) return candidate;
    changed = true;
    return `${match[1]}${next}${match[3]}`;
  });
  return changed ? candidates.join(',') : undefined;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
