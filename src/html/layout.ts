// The HTML shell every page shares: valid HTML5, readable on a phone, no script, one stylesheet.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Site } from '../core/article.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageHead {
  title: string;
  canonical: string;
  description?: string;
  /** <link rel="alternate"> autodiscovery entries (RSS Board "RSS Autodiscovery"). */
  feeds: { title: string; href: string; type: string }[];
}

/** Served at /style.css so the Content-Security-Policy can forbid inline styles and scripts. */
export const STYLESHEET = `:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--line:#ddd;--link:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#a0a4a8;--bg:#111;--line:#333;--link:#8ab4f8}}
*{box-sizing:border-box}body{margin:0 auto;max-width:44rem;padding:1rem;font:1.0625rem/1.6 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}header,footer{border-bottom:1px solid var(--line);padding-bottom:.5rem;margin-bottom:1rem}footer{border-top:1px solid var(--line);border-bottom:0;margin-top:2rem;padding-top:.5rem;color:var(--muted);font-size:.9rem}
.site{font-weight:700;text-decoration:none;font-size:1.25rem}.meta{color:var(--muted);font-size:.9rem}
article img,article video{max-width:100%;height:auto}pre{overflow-x:auto}
main{overflow-wrap:anywhere}article table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse}
ul.feeds{padding-left:1.2rem}ul.feeds li{margin:.2rem 0}code{word-break:break-all}
.articles{list-style:none;padding:0}.articles li{margin:0 0 1.25rem}.articles h2{font-size:1.15rem;margin:0}.articles p{margin:.3rem 0}
`;

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' https: data:; media-src https:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function layout(site: Site, head: PageHead, body: Html): Html {
  return html`<!doctype html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${head.title}</title>
${head.description ? html`<meta name="description" content="${head.description}">` : ''}
<link rel="canonical" href="${head.canonical}">
<link rel="stylesheet" href="/style.css">
<link rel="icon" href="${site.icon ?? 'data:,'}">
${head.feeds.map((f) => html`<link rel="alternate" type="${f.type}" title="${f.title}" href="${f.href}">\n`)}
</head>
<body>
<header><a class="site" href="${site.url}">${site.title}</a></header>
<main>
${body}
</main>
<footer>${site.copyright ? html`${site.copyright} ${raw('&middot;')} ` : ''}<a href="${site.url}feeds.opml">All feeds (OPML)</a></footer>
</body>
</html>
`;
}

export function dateLabel(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
