// HTML test support: a small strict tokenizer that builds a tree and reports what a careless template
// gets wrong (unclosed or misnested tags, stray "<", duplicate attributes, end tags on void elements).
// Stricter than HTML5 on purpose: our templates close every non-void element they open.

export interface HtmlElement {
  name: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

export interface ParsedHtml {
  /** The doctype's text, e.g. "html", or undefined when there is none. */
  doctype: string | undefined;
  /** A synthetic root holding the top-level nodes. */
  document: HtmlElement;
  errors: string[];
}

export const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea']);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  middot: '\u00b7',
  copy: '\u00a9',
};

export function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#[xX]([0-9a-fA-F]+)|#(\d+)|([a-zA-Z]+));/g,
    (ref, hex?: string, dec?: string, name?: string) => {
      if (name) return NAMED[name] ?? ref;
      return String.fromCodePoint(Number.parseInt((hex ?? dec) as string, hex ? 16 : 10));
    },
  );
}

const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;

export function parseHtml(text: string): ParsedHtml {
  const errors: string[] = [];
  const document: HtmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: HtmlElement[] = [document];
  let doctype: string | undefined;
  let i = 0;
  const line = (at: number) => text.slice(0, at).split('\n').length;
  const top = () => stack[stack.length - 1] as HtmlElement;
  const addText = (t: string) => {
    if (t) top().children.push(decodeEntities(t));
  };

  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      addText(text.slice(i));
      break;
    }
    addText(text.slice(i, lt));
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) {
        errors.push(`line ${line(i)}: unterminated comment`);
        break;
      }
      i = end + 3;
      continue;
    }
    if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      const end = text.indexOf('>', i);
      if (doctype !== undefined || stack.length > 1 || document.children.some((c) => typeof c !== 'string' || c.trim()))
        errors.push(`line ${line(i)}: doctype not at the start`);
      doctype = text
        .slice(i + 9, end)
        .trim()
        .toLowerCase();
      i = end + 1;
      continue;
    }
    const endTag = /^<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/.exec(text.slice(i));
    if (endTag) {
      const name = (endTag[1] as string).toLowerCase();
      if (VOID_ELEMENTS.has(name)) errors.push(`line ${line(i)}: end tag </${name}> on a void element`);
      else if (top().name !== name)
        errors.push(`line ${line(i)}: </${name}> closes <${top().name}> (misnested or unclosed tag)`);
      else stack.pop();
      i += endTag[0].length;
      continue;
    }
    const startTag = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(text.slice(i));
    if (!startTag) {
      errors.push(`line ${line(i)}: stray "<" in text (unescaped)`);
      addText('<');
      i++;
      continue;
    }
    const name = (startTag[1] as string).toLowerCase();
    const element: HtmlElement = { name, attrs: {}, children: [] };
    let j = i + startTag[0].length;
    let selfClosing = false;
    for (;;) {
      while (/\s/.test(text[j] ?? '')) j++;
      if (text[j] === '>') {
        j++;
        break;
      }
      if (text.startsWith('/>', j)) {
        selfClosing = true;
        j += 2;
        break;
      }
      if (j >= text.length) {
        errors.push(`line ${line(i)}: unterminated <${name}> tag`);
        break;
      }
      ATTR.lastIndex = j;
      const m = ATTR.exec(text);
      if (!m) {
        errors.push(`line ${line(j)}: cannot read an attribute of <${name}>`);
        j++;
        continue;
      }
      const attr = (m[1] as string).toLowerCase();
      if (attr in element.attrs) errors.push(`line ${line(j)}: duplicate attribute ${attr} on <${name}>`);
      element.attrs[attr] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
      j = ATTR.lastIndex;
    }
    i = j;
    top().children.push(element);
    if (VOID_ELEMENTS.has(name)) continue;
    if (selfClosing) {
      errors.push(`line ${line(i)}: <${name}/> is not a void element and cannot self-close`);
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const close = text.toLowerCase().indexOf(`</${name}`, i);
      if (close < 0) {
        errors.push(`line ${line(i)}: <${name}> never closed`);
        break;
      }
      const raw = text.slice(i, close);
      element.children.push(name === 'title' || name === 'textarea' ? decodeEntities(raw) : raw);
      i = text.indexOf('>', close) + 1;
      continue;
    }
    stack.push(element);
  }
  for (const open of stack.slice(1).reverse()) errors.push(`<${open.name}> never closed`);
  return { doctype, document, errors };
}

/** Descendant elements (depth first), optionally only those named `name`. */
export function elements(node: HtmlElement, name?: string): HtmlElement[] {
  const out: HtmlElement[] = [];
  const walk = (n: HtmlElement) => {
    for (const c of n.children) {
      if (typeof c === 'string') continue;
      if (!name || c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

/** Child elements of `node` (not deeper). */
export function childElements(node: HtmlElement): HtmlElement[] {
  return node.children.filter((c): c is HtmlElement => typeof c !== 'string');
}

/** Text content with whitespace runs collapsed. */
export function textContent(node: HtmlNode): string {
  const raw = (n: HtmlNode): string => (typeof n === 'string' ? n : n.children.map(raw).join(''));
  return raw(node).replace(/\s+/g, ' ').trim();
}

/** Problems with the page skeleton: doctype, <html lang>, <head> with <title>, charset and viewport. */
export function skeletonProblems(page: ParsedHtml): string[] {
  const problems = [...page.errors];
  if (page.doctype !== 'html') problems.push(`doctype is ${JSON.stringify(page.doctype)}, not "html"`);
  const roots = childElements(page.document);
  const html = roots[0];
  if (roots.length !== 1 || html?.name !== 'html') return [...problems, 'the document is not one <html> element'];
  if (!html.attrs.lang) problems.push('<html> has no lang');
  const parts = childElements(html).map((e) => e.name);
  if (parts.join(',') !== 'head,body') problems.push(`<html> holds ${parts.join(',')}, not head,body`);
  const head = childElements(html).find((e) => e.name === 'head');
  if (!head) return problems;
  const inHead = childElements(head);
  const metaCharset = inHead.findIndex((e) => e.name === 'meta' && e.attrs.charset !== undefined);
  if (metaCharset !== 0) problems.push('<meta charset> is not the first element of <head>');
  else if (inHead[0]?.attrs.charset?.toLowerCase() !== 'utf-8') problems.push('charset is not utf-8');
  const titles = inHead.filter((e) => e.name === 'title');
  if (titles.length !== 1 || !textContent(titles[0] as HtmlElement))
    problems.push('<head> needs one non-empty <title>');
  const viewport = inHead.find((e) => e.name === 'meta' && e.attrs.name === 'viewport');
  if (!viewport?.attrs.content?.includes('width=device-width'))
    problems.push('no <meta name="viewport" width=device-width>');
  const misplaced = elements(head).filter(
    (e) => !['meta', 'title', 'link', 'style', 'base', 'script', 'noscript'].includes(e.name),
  );
  if (misplaced.length) problems.push(`<head> holds ${misplaced.map((e) => `<${e.name}>`).join(', ')}`);
  return problems;
}
