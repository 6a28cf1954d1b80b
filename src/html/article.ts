// GET /articles/:slug: one article as an HTML page, with its canonical link and feed autodiscovery.
import { html, raw } from 'hono/html';
import type { Article, Site } from '../core/article.ts';
import { groupSlug } from '../core/slug.ts';
import { CONTENT_TYPES, FORMATS, feedUrl } from '../feed/model.ts';
import { articleByline, siteFeedLinks } from './home.ts';
import { type Html, layout } from './layout.ts';

export function renderArticle(site: Site, article: Article, bodyHtml: string, ownUrl: string): Html {
  const tagFeeds = article.tags.map((t) => ({
    title: `${site.title}: ${t} (RSS)`,
    href: feedUrl(site, { kind: 'tag', slug: groupSlug(t) }, 'rss'),
    type: CONTENT_TYPES.rss.split(';')[0] as string,
  }));
  const body = html`<article>
<h1>${article.title}</h1>
${articleByline(article)}
${article.external ? html`<p class="meta">Originally published at <a href="${article.link}">${article.link}</a>.</p>` : ''}
${raw(bodyHtml)}
${article.enclosure ? html`<p><a href="${article.enclosure.url}">Attachment (${article.enclosure.type}, ${article.enclosure.length} bytes)</a></p>` : ''}
</article>
${
  article.tags.length
    ? html`<p class="meta">Tags: ${article.tags.map(
        (t, i) =>
          html`${i ? ', ' : ''}${t} (${FORMATS.map((f, j) => html`${j ? ' ' : ''}<a href="${feedUrl(site, { kind: 'tag', slug: groupSlug(t) }, f)}">${f}</a>`)})`,
      )}</p>`
    : ''
}`;
  return layout(
    site,
    {
      title: `${article.title} · ${site.title}`,
      // An article that names its canonical page elsewhere says so to search engines too.
      canonical: article.external ? article.link : ownUrl,
      description: article.summary,
      feeds: [...siteFeedLinks(site), ...tagFeeds],
    },
    body,
  );
}
