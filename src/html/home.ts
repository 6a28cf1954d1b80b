// GET /: the latest articles, every feed in three formats, and how to subscribe.
import { html, raw } from 'hono/html';
import type { Article, Site } from '../core/article.ts';
import { CONTENT_TYPES, FEED_FILES, FORMATS, type Format, feedUrl } from '../feed/model.ts';
import { escapeAttr, escapeText } from '../feed/xml.ts';
import type { FeedGroup, Listings } from '../store/listings.ts';
import { dateLabel, type Html, layout } from './layout.ts';

const FORMAT_NAMES: Record<Format, string> = {
  rss: 'RSS',
  atom: 'Atom',
  json: 'JSON Feed',
};

export function siteFeedLinks(site: Site) {
  return FORMATS.map((f) => ({
    title: `${site.title} (${FORMAT_NAMES[f]})`,
    href: feedUrl(site, { kind: 'all' }, f),
    type: CONTENT_TYPES[f].split(';')[0] as string,
  }));
}

// One line per tag and author, hundreds of them: plain strings escaped by xml.ts (HTML text and
// double-quoted attributes need no more), joined once, not a tagged template per line and per link,
// which made the list most of the home page's cost in a fresh Workers isolate.
function feedLines(site: Site, groups: FeedGroup[]): Html {
  const line = (group: FeedGroup) => {
    const links = FORMATS.map(
      (f, i) => `${i ? ', ' : ''}<a href="${escapeAttr(feedUrl(site, group.selector, f))}">${FORMAT_NAMES[f]}</a>`,
    );
    return `<li>${escapeText(group.title)}${group.count ? ` (${group.count})` : ''}:\n${links.join('')}</li>`;
  };
  return raw(groups.map(line).join(''));
}

export function articleByline(article: Article): Html {
  return html`<p class="meta"><time datetime="${new Date(article.published).toISOString()}">${dateLabel(article.published)}</time>
${article.authors.length ? html` · ${article.authors.map((a) => a.name).join(', ')}` : ''}</p>`;
}

export function renderHome(
  site: Site,
  latest: { article: Article; href: string }[],
  { tags, authors, shows }: Listings,
): Html {
  const body = html`<h1>${site.title}</h1>
<p>${site.description}</p>
<h2>Latest articles</h2>
${latest.length === 0 ? html`<p>Nothing published yet.</p>` : ''}
<ul class="articles">
${latest.map(
  ({ article, href }) => html`<li><h2><a href="${href}">${article.title}</a></h2>
${articleByline(article)}<p>${article.summary}</p></li>
`,
)}</ul>
<h2 id="subscribe">How to subscribe</h2>
<p>A feed reader (such as NetNewsWire, Feedly, Miniflux, Inoreader or newsboat) checks this site for you
and shows new articles as they appear, with no account here and no e-mail. Copy one of the addresses below
into your reader's "Add feed" or "Subscribe" box. Most readers also accept the address of this page and find
the feeds themselves. If you are unsure which format to pick, choose RSS.</p>
<p>To bring every feed below into a reader at once, import the <a href="${site.url}feeds.opml">OPML file</a>.</p>
<h2>Feeds</h2>
<ul class="feeds">${feedLines(site, [{ title: 'Everything', selector: { kind: 'all' }, count: 0 }])}</ul>
${shows.length ? html`<h3>Podcasts</h3><ul class="feeds">${feedLines(site, shows)}</ul>` : ''}
${tags.length ? html`<h3>By tag</h3><ul class="feeds">${feedLines(site, tags)}</ul>` : ''}
${authors.length ? html`<h3>By author</h3><ul class="feeds">${feedLines(site, authors)}</ul>` : ''}
<p class="meta">Every feed is also available as <code>${FEED_FILES.rss}</code>, <code>${FEED_FILES.atom}</code> or
<code>${FEED_FILES.json}</code>; older items are reachable with <code>?page=2</code> and the RFC 5005 archives linked from each feed.</p>`;
  return layout(
    site,
    {
      title: site.title,
      canonical: site.url,
      description: site.description,
      // Autodiscovery of each show too: a podcast app given this page's address finds the shows' RSS.
      feeds: [
        ...siteFeedLinks(site),
        ...shows.map((g) => ({
          title: g.title,
          href: feedUrl(site, g.selector, 'rss'),
          type: CONTENT_TYPES.rss.split(';')[0] as string,
        })),
      ],
    },
    body,
  );
}
