// site.yaml for a site moved from WordPress: written from the export's channel when there is none, and
// otherwise merged into the one there is. A merge only adds: every key, value, comment and quoting
// style of the file is kept (the yaml package's Document keeps them), an existing author, show or redirect
// is never changed, and a second import adds nothing new.
import * as v from 'valibot';
import { Document, isMap, isScalar, type Node, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { checkFields, SiteSchema } from '../content/schema.ts';
import { isAbsoluteHttpUrl } from '../core/urls.ts';
import type { WordPressImport } from './wordpress.ts';

type Value = string | number | boolean | Value[] | { [key: string]: Value };

export interface SiteAdditions {
  /** The site's own fields (title, description, url, language, author): a new file's, and any a file lacks. */
  site: Record<string, Value>;
  /** Byline -> contact details, for every author of the export. */
  authors: [string, Record<string, Value>][];
  /** A show skeleton, when the import was asked to make episodes of a show. */
  show?: { id: string; fields: Record<string, Value> };
  /** Old address -> new path. */
  redirects: [string, string][];
}

export interface SiteYamlResult {
  /** The file's new text; undefined when nothing changes or the file cannot be merged (`problem`). */
  text?: string;
  created: boolean;
  added: { site: string[]; authors: string[]; show?: string; redirects: [string, string][] };
  /** Redirects already in the file with the same target. */
  present: string[];
  /** Redirects already in the file with another target: the file's is kept. */
  conflicting: { from: string; kept: string; wanted: string }[];
  problem?: string;
}

const isEmail = (s: string) => v.safeParse(v.pipe(v.string(), v.email()), s).success;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** What the export can tell site.yaml. Nothing is invented: a field the export lacks is left out, and
 * `herald check` names it. */
export function siteAdditions(
  imported: Pick<WordPressImport, 'channel'>,
  redirects: ReadonlyMap<string, string>,
  show?: string,
): SiteAdditions {
  const { channel } = imported;
  const site: Record<string, Value> = {};
  if (channel.title) site.title = channel.title;
  if (channel.description) site.description = channel.description;
  const url = channel.link.endsWith('/') ? channel.link : `${channel.link}/`;
  if (isAbsoluteHttpUrl(url)) site.url = url;
  if (LANGUAGE.test(channel.language)) site.language = channel.language;
  const contact = (person: { email?: string; url?: string }) => {
    const fields: Record<string, Value> = {};
    if (person.email && isEmail(person.email)) fields.email = person.email;
    if (person.url && isAbsoluteHttpUrl(person.url)) fields.url = person.url;
    return fields;
  };
  const first = channel.authors[0];
  if (first) site.author = { name: first.name, ...contact(first) };
  else if (channel.title) site.author = { name: channel.title };

  const authors: [string, Record<string, Value>][] = [];
  const seen = new Set<string>();
  for (const author of channel.authors) {
    if (seen.has(author.name)) continue;
    seen.add(author.name);
    authors.push([author.name, contact(author)]);
  }

  const result: SiteAdditions = { site, authors, redirects: [...redirects] };
  if (show) {
    const podcast = channel.podcast;
    const fields: Record<string, Value> = {};
    const title = podcast.title || channel.title;
    if (title) fields.title = title;
    const description = podcast.summary || channel.description;
    if (description) fields.description = description;
    const author = podcast.author || first?.name || channel.title;
    if (author) fields.author = author;
    const owner: Record<string, Value> = {};
    const ownerName = podcast.owner?.name || first?.name;
    if (ownerName) owner.name = ownerName;
    const ownerEmail = [podcast.owner?.email, first?.email].find((e) => e && isEmail(e));
    if (ownerEmail) owner.email = ownerEmail;
    fields.owner = owner;
    if (podcast.image && isAbsoluteHttpUrl(podcast.image)) fields.image = podcast.image;
    if (podcast.categories.length > 0) fields.categories = podcast.categories;
    if (podcast.explicit !== undefined) fields.explicit = podcast.explicit;
    result.show = { id: show, fields };
  }
  return result;
}

const COMMENTS = {
  authors: ' Byline name (frontmatter `author`) -> contact details used in the feeds.',
  shows: ' Podcasts: each show has its feeds under /podcasts/<id>/.',
  show: ' Written from the WordPress export by `herald import wordpress`: `herald check` names what is still missing.',
  redirects:
    ' Old addresses of the WordPress site -> the Herald feed made from the same category, tag, author or podcast.',
};

/**
 * site.yaml after the import: `existing` (the file's text) with what it lacks added, or a new file from
 * the additions when there is none. `header` is the new file's first comment. Entries are added at the
 * end of the mappings they belong to and new settings at the end of the file, as text, so every byte of
 * the file stays as it was; only a file whose mappings are written inline (`redirects: {}`) or left
 * empty is written again whole, comments kept.
 */
export function mergeSiteYaml(existing: string | undefined, additions: SiteAdditions, header: string): SiteYamlResult {
  const result: SiteYamlResult = {
    created: existing === undefined,
    added: { site: [], authors: [], redirects: [] },
    present: [],
    conflicting: [],
  };
  const doc = existing === undefined ? new Document(new YAMLMap()) : parseDocument(existing);
  if (doc.errors.length > 0) {
    return { ...result, problem: `it does not parse (${doc.errors[0]?.message.split('\n')[0]}); nothing was added` };
  }
  let rewrite = existing === undefined;
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    doc.contents = new YAMLMap();
    rewrite = true;
  }
  const root = doc.contents;
  if (!isMap(root)) return { ...result, problem: 'it is not a mapping of settings; nothing was added' };
  if (existing === undefined) doc.commentBefore = header;

  // What to add: new top-level settings, and entries for mappings the file has (or has as null).
  const top: Pair[] = [];
  const into = new Map<YAMLMap, Pair[]>();
  const nulls: [string, YAMLMap][] = [];
  for (const [key, value] of Object.entries(additions.site)) {
    if (root.has(key)) continue;
    top.push(new Pair(keyNode(key), node(value)));
    result.added.site.push(key);
  }
  const section = (key: 'authors' | 'shows' | 'redirects', pairs: Pair[]): string | undefined => {
    if (pairs.length === 0) return undefined;
    const value = root.get(key, true);
    if (isMap(value)) into.set(value, pairs);
    else if (value === undefined) top.push(commented(new Pair(keyNode(key), mapOf(pairs)), COMMENTS[key]));
    else if (isScalar(value) && value.value === null) nulls.push([key, mapOf(pairs)]);
    else return `its ${key} is not a mapping; nothing was added`;
    return undefined;
  };
  const has = (key: string, name: string) => {
    const map = root.get(key, true);
    return isMap(map) && map.has(name);
  };

  const authors = additions.authors.filter(([name]) => !has('authors', name));
  result.added.authors = authors.map(([name]) => name);
  const shows = additions.show && !has('shows', additions.show.id) ? [additions.show] : [];
  if (shows[0]) result.added.show = shows[0].id;
  const current = new Map<string, string>();
  const redirectMap = root.get('redirects', true);
  if (isMap(redirectMap)) {
    for (const pair of redirectMap.items) {
      const key = isScalar(pair.key) ? String(pair.key.value).trim() : '';
      current.set(key, isScalar(pair.value) ? String(pair.value.value).trim() : '');
    }
  }
  for (const [from, to] of additions.redirects) {
    const kept = current.get(from);
    if (kept === to) result.present.push(from);
    else if (kept !== undefined) result.conflicting.push({ from, kept, wanted: to });
    else {
      current.set(from, to);
      result.added.redirects.push([from, to]);
    }
  }
  const problem =
    section(
      'authors',
      authors.map(([name, fields]) => new Pair(keyNode(name), node(fields))),
    ) ??
    section(
      'shows',
      shows.map((show) => commented(new Pair(keyNode(show.id), node(show.fields)), COMMENTS.show)),
    ) ??
    section(
      'redirects',
      result.added.redirects.map(([from, to]) => new Pair(keyNode(from), node(to))),
    );
  if (problem) return { ...result, added: { site: [], authors: [], redirects: [] }, problem };
  if (!rewrite && top.length === 0 && into.size === 0 && nulls.length === 0) return result;

  const spliceable =
    !rewrite && nulls.length === 0 && !root.flow && [...into.keys()].every((map) => !map.flow && map.items.length > 0);
  if (spliceable && existing !== undefined) {
    result.text = splice(existing, root, into, top);
    return result;
  }
  for (const [map, pairs] of into) for (const pair of pairs) map.add(pair);
  for (const [key, map] of nulls) root.set(key, map);
  for (const pair of top) root.add(pair);
  result.text = doc.toString({ lineWidth: 0 });
  return result;
}

/** `text` with `into`'s entries after the last entry of each mapping, and `top` after the last setting. */
function splice(text: string, root: YAMLMap, into: ReadonlyMap<YAMLMap, Pair[]>, top: Pair[]): string {
  const inserts: { at: number; text: string }[] = [];
  for (const [map, pairs] of into) {
    const first = map.items[0]?.key as Node;
    const start = first.range?.[0] ?? 0;
    const indent = start - (text.lastIndexOf('\n', start - 1) + 1);
    inserts.push({ at: map.range?.[1] ?? text.length, text: render(pairs, indent) });
  }
  if (top.length > 0) inserts.push({ at: root.range?.[1] ?? text.length, text: render(top, 0) });
  // Later offsets first, so earlier ones stay valid; at one offset, a mapping's entries before new settings.
  let out = text;
  for (const insert of inserts.map((x, i) => ({ ...x, i })).sort((a, b) => b.at - a.at || b.i - a.i)) {
    const before = out.slice(0, insert.at);
    out = `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${insert.text}${out.slice(insert.at)}`;
  }
  return out;
}

/** `pairs` as block YAML lines indented by `indent` spaces. */
function render(pairs: Pair[], indent: number): string {
  const text = new Document(mapOf(pairs)).toString({ lineWidth: 0 });
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function mapOf(pairs: Pair[]): YAMLMap {
  const map = new YAMLMap();
  for (const pair of pairs) map.add(pair);
  return map;
}

function commented(pair: Pair, comment: string): Pair {
  (pair.key as Scalar).commentBefore = comment;
  return pair;
}

/** What `herald check` will say of site.yaml `text` (its schema's problems), each "field: problem". */
export function siteProblems(text: string): string[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return doc.errors.map((e) => e.message.split('\n')[0] as string);
  const checked = checkFields(SiteSchema, doc.toJS());
  return checked.problems;
}

// A key that YAML reads as a plain string whatever the version: a field name, never "null", "yes" or "on".
const PLAIN_KEY = /^[a-z][A-Za-z]*$/;
const RESERVED = /^(?:null|true|false|yes|no|on|off|y|n)$/i;

function keyNode(key: string): Scalar {
  const scalar = new Scalar(key);
  scalar.type = PLAIN_KEY.test(key) && !RESERVED.test(key) ? 'PLAIN' : 'QUOTE_DOUBLE';
  return scalar;
}

/** A node for `value`, every string double-quoted so that it reads back as the same string. */
function node(value: Value): Node {
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(node(item));
    return seq;
  }
  if (typeof value === 'object') {
    const map = new YAMLMap();
    for (const [key, item] of Object.entries(value)) map.add(new Pair(keyNode(key), node(item)));
    return map;
  }
  const scalar = new Scalar(value);
  if (typeof value === 'string') scalar.type = 'QUOTE_DOUBLE';
  return scalar;
}
