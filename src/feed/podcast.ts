// What a podcast show's feeds add to RSS 2.0 and JSON Feed 1.1: Apple's itunes: elements (Apple Podcasts
// Connect, "A Podcaster's Guide to RSS"), read by every podcast app, and the podcast namespace 1.0
// (podcastindex.org) for what Apple's has no element for: the show's permanent guid, its lock against
// import by another host, funding, transcripts, chapters and people.
//
// The title, link, description, language and image of the channel, and each item's title, guid,
// enclosure, pubDate and description, are the RSS renderer's: nothing here repeats them.
// itunes:summary is left out: Apple deprecated it in favour of <description>. itunes:title too: it is
// only for a title other than <title> (without the episode number), which an article does not have.
//
// Atom gets nothing from here: neither Apple's nor the podcast namespace defines Atom elements, and Atom
// podcast readers take the episode from the enclosure link (RFC 4287 section 4.2.7.2, rel="enclosure")
// the Atom renderer already writes.

import { parseAppleCategory } from '../content/apple-categories.ts';
import type { Article, EpisodePerson, Show, Transcript } from '../core/article.ts';
import { emptyElement, parentElement, textElement } from './xml.ts';

/** The namespace declarations the <rss> element of a show's feed needs. */
export const PODCAST_NAMESPACES = {
  'xmlns:itunes': 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  'xmlns:podcast': 'https://podcastindex.org/namespace/1.0',
} as const;

/** The podcast namespace's type for JSON chapters (podcast:chapters). */
export const CHAPTERS_TYPE = 'application/json+chapters';

// Apple writes and validates "true"/"false"; the older yes/no/clean are only still read.
const yesNo = (explicit: boolean) => (explicit ? 'true' : 'false');

/**
 * itunes:category as Apple requires it: a subcategory nested inside its category, one element per
 * category however many of its subcategories are given, in the order the categories first appear.
 * Names that are not Apple's are left out: loading content rejects them, with the file and the field.
 */
function categoryElements(categories: readonly string[]): string[] {
  const children = new Map<string, string[]>();
  for (const text of categories) {
    const category = parseAppleCategory(text);
    if (!category.ok) continue;
    const list = children.get(category.parent) ?? [];
    if (category.child !== undefined && !list.includes(category.child)) list.push(category.child);
    children.set(category.parent, list);
  }
  return [...children].map(([parent, subs]) =>
    subs.length === 0
      ? emptyElement('itunes:category', { text: parent })
      : parentElement(
          'itunes:category',
          { text: parent },
          subs.map((child) => emptyElement('itunes:category', { text: child })),
        ),
  );
}

/** The elements a show adds to the <channel> of its RSS feed. */
export function showChannelElements(show: Show): string[] {
  return [
    // Apple's contact for the show, never shown to listeners; the e-mail proves ownership in Podcasts Connect.
    // Before itunes:author: Python's feedparser (behind many aggregators) takes the owner's name for the
    // show's author when itunes:owner comes after itunes:author.
    parentElement('itunes:owner', {}, [
      textElement('itunes:name', show.owner.name),
      textElement('itunes:email', show.owner.email),
    ]),
    textElement('itunes:author', show.author),
    emptyElement('itunes:image', { href: show.image }),
    ...categoryElements(show.categories),
    textElement('itunes:explicit', yesNo(show.explicit)),
    textElement('itunes:type', show.type),
    textElement('podcast:guid', show.guid),
    // "yes" asks other hosts to refuse to import the feed; the owner e-mail is how a move is verified.
    show.locked === undefined
      ? ''
      : textElement('podcast:locked', show.locked ? 'yes' : 'no', { owner: show.owner.email }),
    show.funding ? textElement('podcast:funding', show.funding.text, { url: show.funding.url }) : '',
    // Only when set: absent already means "podcast" (podcast namespace, medium).
    textElement('podcast:medium', show.medium),
  ].filter(Boolean);
}

/** A positive whole number, the only kind Apple takes for itunes:season and itunes:episode. */
const wholeNumber = (n: number | undefined) =>
  n !== undefined && Number.isInteger(n) && n > 0 ? String(n) : undefined;

/** Seconds as a whole number: the form of itunes:duration every reader takes (Apple also reads H:MM:SS). */
function durationSeconds(article: Article): number | undefined {
  const seconds = article.episode?.duration;
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : undefined;
}

const transcriptElement = (t: Transcript) =>
  emptyElement('podcast:transcript', { url: t.url, type: t.type, language: t.language, rel: t.rel });

// The name is the text; an absent role means "host" and an absent group "cast" (podcast namespace, person).
const personElement = (p: EpisodePerson) =>
  textElement('podcast:person', p.name, { role: p.role, group: p.group, img: p.img, href: p.href });

/** The elements an episode adds to its <item>; none for an article that is not an episode. The item's
 * enclosure and guid are the RSS renderer's. */
export function episodeItemElements(article: Article, show: Show): string[] {
  const episode = article.episode;
  if (!episode) return [];
  const duration = durationSeconds(article);
  const season = wholeNumber(episode.season);
  // podcast:episode is a decimal ("100.5" for a special between 100 and 101); itunes:episode is whole.
  const number =
    episode.episode !== undefined && Number.isFinite(episode.episode) && episode.episode > 0
      ? String(episode.episode)
      : undefined;
  return [
    textElement('itunes:duration', duration === undefined ? undefined : String(duration)),
    textElement('itunes:season', season),
    textElement('itunes:episode', wholeNumber(episode.episode)),
    textElement('itunes:episodeType', episode.episodeType),
    textElement('itunes:explicit', yesNo(episode.explicit ?? show.explicit)),
    article.image ? emptyElement('itunes:image', { href: article.image }) : '',
    textElement('podcast:season', season),
    textElement('podcast:episode', number),
    ...episode.transcripts.map(transcriptElement),
    episode.chapters ? emptyElement('podcast:chapters', { url: episode.chapters, type: CHAPTERS_TYPE }) : '',
    // Listed on an item, people replace the show's for that episode (podcast namespace, person).
    ...episode.persons.map(personElement),
  ].filter(Boolean);
}

/**
 * What an episode's JSON Feed 1.1 attachment (its enclosure) gains: `duration_in_seconds`, the one
 * field the 1.1 spec has for podcasts ("Attachments"). Nothing else: JSON Feed has no podcast
 * extension that readers share, and an `_podcast` object of our own would be read by nobody, so show
 * and episode details stay in the RSS feed, where podcast apps look.
 */
export function episodeAttachmentExtras(article: Article): { duration_in_seconds?: number } {
  const seconds = durationSeconds(article);
  return seconds === undefined ? {} : { duration_in_seconds: seconds };
}
