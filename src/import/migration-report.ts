// The migration report of `herald import wordpress` as a person reads it at the end of the run: what was
// imported, which old addresses keep answering, what was copied and what was not, and what site.yaml
// still needs. Nothing is said per article unless something about it needs a look (media missing).
import type { ArticleReport, MigrationReport } from './wordpress-migration.ts';

/** { draft: 2, private: 1 } -> "3 (draft: 2, private: 1)". */
export function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return entries.length === 0 ? '0' : `${total} (${entries.map(([k, n]) => `${k}: ${n}`).join(', ')})`;
}

/** The lines --verbose prints for one article as it is handled. */
export function articleLines(article: ArticleReport, target: string): string[] {
  if (article.outcome === 'exists') return [`exists  ${target}`];
  if (article.outcome === 'refused') return [];
  const lines = [`wrote   ${target}`];
  if (article.dateAssumed) lines.push(`        date: ${article.dateAssumed}`);
  for (const note of article.notes) lines.push(`        note: ${note}`);
  for (const m of article.media.copied)
    lines.push(`        media: ${m.file} <- ${m.url}${m.note ? ` (${m.note})` : ''}`);
  return lines;
}

/** Feed redirects listed one a line before the rest are counted (--verbose and --report list them all). */
const LISTED_REDIRECTS = 50;

export function formatReport(report: MigrationReport, verbose = false): string {
  const lines: string[] = [];
  const { posts } = report;
  lines.push(
    `imported ${posts.imported}; skipped ${describeCounts(posts.skipped)}; not posts ${describeCounts(posts.notPosts)}`,
  );
  if (posts.datesAssumed > 0) {
    lines.push(
      `dates: ${posts.datesAssumed} post(s) had no GMT date (--verbose shows which); check them, or re-run with --timezone ZONE --force`,
    );
  }
  if (report.aliases.written > 0) {
    lines.push(
      `aliases: ${report.aliases.written} old post address(es) answer 301 to their articles (each post's permalink and ?p= link)`,
    );
  }

  const feeds = Object.entries(report.redirects.feeds);
  const fresh = Object.keys(report.redirects.written).length;
  if (feeds.length > 0) {
    lines.push(
      `feeds: ${feeds.length} old feed address(es) redirect to their Herald feed (site.yaml redirects; ${fresh} added now):`,
    );
    const listed = verbose ? feeds : feeds.slice(0, LISTED_REDIRECTS);
    for (const [from, to] of listed) lines.push(`  ${from} -> ${to}`);
    if (listed.length < feeds.length) {
      lines.push(`  and ${feeds.length - listed.length} more (--verbose or --report FILE lists every one)`);
    }
  }
  for (const c of report.redirects.conflicting) {
    lines.push(`feeds: ${c.from} stays -> ${c.kept} as site.yaml has it (the export suggests ${c.wanted})`);
  }
  const builtIn = Object.entries(report.redirects.builtIn);
  lines.push(
    `feeds: Herald answers these WordPress addresses itself: ${builtIn
      .map(([from, to]) => `${from} -> ${to === 'gone' ? '410 Gone' : to}`)
      .join(', ')}`,
  );

  const { episodes } = report;
  if (episodes.show) lines.push(`episodes: ${episodes.count} post(s) are episodes of show "${episodes.show}"`);
  if (episodes.detailsLeftOut > 0) {
    lines.push(
      `episodes: ${episodes.detailsLeftOut} post(s) have podcast episode details (duration, season, number...) that were left out: re-run with --show ID --force to make them episodes`,
    );
  }

  const { media } = report;
  if (media.uploads !== undefined) {
    lines.push(
      `media: ${media.files} file(s) copied beside their articles (${media.copied} link(s) rewritten); ${media.missing} missing, ${media.notCopied} not copied (those keep their original URL)${media.missing + media.notCopied > 0 ? ':' : ''}`,
    );
    for (const article of report.articles) {
      const { missing, notCopied } = article.media;
      if (missing.length === 0 && notCopied.length === 0) continue;
      lines.push(`  post "${article.title}" (wp:post_id ${article.postId}), ${article.path}:`);
      for (const m of missing) lines.push(`    missing: ${m.url}: ${m.reason}`);
      for (const m of notCopied) lines.push(`    not copied: ${m.url}: ${m.reason}`);
    }
  }

  const site = report.siteYaml;
  const added = [
    site.added.site.length > 0 ? `settings ${site.added.site.join(', ')}` : '',
    site.added.authors.length > 0 ? `${site.added.authors.length} author(s)` : '',
    site.added.show ? `show "${site.added.show}"` : '',
    site.added.redirects > 0 ? `${site.added.redirects} redirect(s)` : '',
  ].filter(Boolean);
  if (site.action === 'created') lines.push(`site.yaml: created ${site.path}`);
  else if (site.action === 'merged') lines.push(`site.yaml: added to ${site.path}: ${added.join(', ')}`);
  else if (site.action === 'unchanged') lines.push(`site.yaml: ${site.path} already has everything the export adds`);
  else if (site.action === 'skipped') lines.push('site.yaml: left alone, as no post was imported');
  else lines.push(`site.yaml: not changed: ${site.problem}`);
  if (site.fillIn.length > 0) {
    lines.push('site.yaml: still to fill in or fix (herald check says the same):');
    for (const problem of site.fillIn) lines.push(`  ${problem}`);
  }
  lines.push(`next: herald check --content ${report.content}`);
  return `${lines.join('\n')}\n`;
}
