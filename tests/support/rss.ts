// RSS 2.0 checks following the RSS Advisory Board profile, run on the parsed document.
import { attrOf, childrenOf, parseXml, textOf, type XmlNode } from './xml.ts';

/** Namespace URIs that conventional prefixes must be bound to. */
export const RSS_NAMESPACES: Record<string, string> = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const RFC822 =
  /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) ([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d|60))? (GMT|UT|Z|[ECMP][SD]T|[+-](?:[01]\d|2[0-3])[0-5]\d)$/;
const EMAIL_WITH_NAME = /^[^\s@()<>,;:"]+@[^\s@()<>,;:"]+(?: \([^()]+\))?$/;
const MIME = /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*(?:\s*;.*)?$/;
const BCP47 = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** RFC 822 date (4-digit year) whose weekday, if given, matches the date; returns a reason or undefined. */
export function rfc822Problem(value: string): string | undefined {
  const m = RFC822.exec(value);
  if (!m) return 'is not an RFC 822 date like "Fri, 24 Aug 2018 00:00:00 GMT"';
  const [, weekday, day, month, year] = m;
  const date = new Date(Date.UTC(Number(year), MONTHS.indexOf(month as string), Number(day)));
  if (date.getUTCDate() !== Number(day)) return 'has a day that does not exist in that month';
  if (weekday && DAYS[date.getUTCDay()] !== weekday)
    return `has weekday ${weekday} but that date is a ${DAYS[date.getUTCDay()]}`;
  return undefined;
}

/** Absolute http(s) URL without whitespace (RSS 2.0: links, permalinks and enclosures are web URLs). */
export function isAbsoluteUrl(value: string | undefined): boolean {
  return !!value && /^https?:\/\/[^\s/?#]+\S*$/i.test(value) && URL.canParse(value);
}

function undeclaredPrefixes(name: string, node: unknown, scope: Map<string, string>, errors: string[]): void {
  const el: XmlNode = node && typeof node === 'object' ? (node as XmlNode) : {}; // text-only elements are strings
  const local = new Map(scope);
  for (const key of Object.keys(el)) if (key.startsWith('@xmlns:')) local.set(key.slice(7), el[key]);
  const names = [
    name,
    ...Object.keys(el)
      .filter((k) => k.startsWith('@') && !k.startsWith('@xmlns'))
      .map((k) => k.slice(1)),
  ];
  for (const qname of names) {
    const prefix = qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : undefined;
    if (!prefix || prefix === 'xml') continue;
    const uri = local.get(prefix);
    if (uri === undefined) errors.push(`<${name}>: prefix "${prefix}" of ${qname} is not declared`);
    else if (RSS_NAMESPACES[prefix] && RSS_NAMESPACES[prefix] !== uri)
      errors.push(`<${name}>: xmlns:${prefix} must be ${RSS_NAMESPACES[prefix]} (is ${uri})`);
  }
  for (const [key, value] of Object.entries(el)) {
    if (key.startsWith('@') || key.startsWith('#') || key.startsWith('?')) continue;
    for (const child of Array.isArray(value) ? value : [value]) undeclaredPrefixes(key, child, local, errors);
  }
}

function checkDate(node: XmlNode, name: string, where: string, errors: string[]): void {
  for (const el of childrenOf(node, name)) {
    const problem = rfc822Problem(textOf(el).trim());
    if (problem) errors.push(`${where} <${name}> "${textOf(el)}" ${problem}`);
  }
}

function checkItem(item: XmlNode, where: string, errors: string[]): void {
  if (!textOf(childrenOf(item, 'title')[0]).trim() && !textOf(childrenOf(item, 'description')[0]).trim()) {
    errors.push(`${where}: needs a non-empty <title> or <description>`);
  }
  const link = childrenOf(item, 'link')[0];
  if (link && !isAbsoluteUrl(textOf(link).trim()))
    errors.push(`${where} <link> "${textOf(link)}" is not an absolute http(s) URL`);
  checkDate(item, 'pubDate', where, errors);
  for (const author of childrenOf(item, 'author')) {
    if (!EMAIL_WITH_NAME.test(textOf(author).trim()))
      errors.push(`${where} <author> "${textOf(author)}" is not an e-mail address (optionally followed by " (Name)")`);
  }
  for (const guid of childrenOf(item, 'guid')) {
    const perma = attrOf(guid, 'isPermaLink');
    if (perma !== undefined && perma !== 'true' && perma !== 'false')
      errors.push(`${where} <guid> isPermaLink must be "true" or "false"`);
    if (!textOf(guid).trim()) errors.push(`${where} <guid> is empty`);
    else if (perma !== 'false' && !isAbsoluteUrl(textOf(guid).trim()))
      errors.push(
        `${where} <guid> "${textOf(guid)}" is a permalink but not an absolute http(s) URL (add isPermaLink="false")`,
      );
  }
  const enclosures = childrenOf(item, 'enclosure');
  if (enclosures.length > 1) errors.push(`${where}: has ${enclosures.length} <enclosure> elements (at most one)`);
  for (const enc of enclosures) {
    if (!isAbsoluteUrl(attrOf(enc, 'url')))
      errors.push(`${where} <enclosure> url "${attrOf(enc, 'url') ?? ''}" is not an absolute http(s) URL`);
    if (!/^\d+$/.test(attrOf(enc, 'length') ?? ''))
      errors.push(`${where} <enclosure> length "${attrOf(enc, 'length') ?? ''}" is not a non-negative integer`);
    if (!MIME.test(attrOf(enc, 'type') ?? ''))
      errors.push(`${where} <enclosure> type "${attrOf(enc, 'type') ?? ''}" is not a MIME type`);
  }
}

/** Checks an RSS 2.0 document against the RSS Board profile; returns the problems found (empty when fine). */
export function checkRssProfile(xml: string): string[] {
  let doc: XmlNode;
  try {
    doc = parseXml(xml);
  } catch (error) {
    return [`cannot parse: ${(error as Error).message}`];
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (roots.length !== 1 || roots[0] !== 'rss')
    return [`root element must be <rss> (found ${roots.join(', ') || 'none'})`];
  const rss = (typeof doc.rss === 'object' ? doc.rss : {}) as XmlNode;
  const errors: string[] = [];
  if (attrOf(rss, 'version') !== '2.0')
    errors.push(`<rss> version must be "2.0" (is ${JSON.stringify(attrOf(rss, 'version'))})`);
  undeclaredPrefixes('rss', rss, new Map(), errors);
  const channels = childrenOf(rss, 'channel');
  if (channels.length !== 1) return [...errors, `must have exactly one <channel> (found ${channels.length})`];
  const channel = channels[0] as XmlNode;

  for (const name of ['title', 'link', 'description']) {
    const count = childrenOf(channel, name).length;
    if (count !== 1) errors.push(`channel: must have exactly one <${name}> (found ${count})`);
  }
  if (childrenOf(channel, 'title').length === 1 && !textOf(childrenOf(channel, 'title')[0]).trim())
    errors.push('channel <title> is empty');
  const link = textOf(childrenOf(channel, 'link')[0]).trim();
  if (childrenOf(channel, 'link').length === 1 && !isAbsoluteUrl(link))
    errors.push(`channel <link> "${link}" is not an absolute http(s) URL`);
  const language = childrenOf(channel, 'language')[0];
  if (language && !BCP47.test(textOf(language).trim()))
    errors.push(`channel <language> "${textOf(language)}" is not a BCP 47 tag`);
  checkDate(channel, 'pubDate', 'channel', errors);
  checkDate(channel, 'lastBuildDate', 'channel', errors);
  const ttl = childrenOf(channel, 'ttl')[0];
  if (ttl && !/^\d+$/.test(textOf(ttl).trim()))
    errors.push(`channel <ttl> "${textOf(ttl)}" is not a non-negative integer`);

  const atomPrefixes = Object.keys({ ...rss, ...channel })
    .filter((k) => k.startsWith('@xmlns:') && (channel[k] ?? rss[k]) === RSS_NAMESPACES.atom)
    .map((k) => k.slice(7));
  const selfLinks = atomPrefixes
    .flatMap((p) => childrenOf(channel, `${p}:link`))
    .filter((l) => attrOf(l, 'rel') === 'self');
  if (selfLinks.length === 0)
    errors.push('channel: missing <atom:link rel="self"> with xmlns:atom="http://www.w3.org/2005/Atom"');
  for (const self of selfLinks) {
    if (!isAbsoluteUrl(attrOf(self, 'href')))
      errors.push(`channel <atom:link rel="self"> href "${attrOf(self, 'href') ?? ''}" is not an absolute http(s) URL`);
  }

  childrenOf(channel, 'item').forEach((item, i) => {
    checkItem(item, `item[${i}]`, errors);
  });
  return errors;
}
