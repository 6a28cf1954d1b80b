// A patch on markdown-it 15.0.3's internals (pinned exactly in package.json): its tokens and parser
// states made without its transpiled class-field helper. markdown-it sets a Token's defaults through
// `_defineProperty` (a key conversion and an `in` test per field), which made up about a quarter of
// rendering a news article; the three methods that make nearly every token are replaced, on one
// instance's parser states only, by copies that build the same object with plain stores. The inline
// state (one per paragraph, heading or table cell, twelve such fields) is made the same way, and link
// destinations that markdown-it's normalizeLink would return unchanged skip it. The gains, measured, are
// in docs/architecture.md; fast-tokens.test.ts beside this file renders a corpus with an untouched copy
// of markdown-it and compares tokens and HTML.
import MarkdownIt, { type Env, type StateBlock, type StateInline, type Token } from 'markdown-it';

type Nesting = Token['nesting'];
type Md = InstanceType<typeof MarkdownIt>;

function FastToken(this: Token, type: string, tag: string, nesting: Nesting) {
  // The constructor's own order, so these tokens share its hidden class.
  this.map = null;
  this.level = 0;
  this.children = null;
  this.content = '';
  this.markup = '';
  this.info = '';
  this.block = false;
  this.hidden = false;
  this.type = type;
  this.tag = tag;
  this.attrs = null;
  this.nesting = nesting;
  this.meta = null;
}
FastToken.prototype = MarkdownIt.Token.prototype;
const make = FastToken as unknown as typeof MarkdownIt.Token;

function FastStateInline(this: StateInline, src: string, md: Md, env: Env, outTokens: Token[]) {
  // The constructor's own order, so these states share its hidden class.
  this.pos = 0;
  this.level = 0;
  this.pending = '';
  this.pendingLevel = 0;
  this.cache = {};
  this.backticks = {};
  this.backticksScanned = false;
  this.skipHtmlSpecial = false;
  this.linkLevel = 0;
  this.delimiters = [];
  this._prev_delimiters = [];
  this.Token = MarkdownIt.Token;
  this.src = src;
  this.env = env;
  this.md = md;
  this.tokens = outTokens;
  this.tokens_meta = Array(outTokens.length);
  this.posMax = src.length;
}

/** The same own fields in the same order, each the same value or the same JSON (fresh {} and []). */
const sameShape = (a: object, b: object) =>
  JSON.stringify(Object.keys(a)) === JSON.stringify(Object.keys(b)) &&
  Object.entries(a).every(
    ([key, value]) =>
      value === (b as Record<string, unknown>)[key] ||
      JSON.stringify(value) === JSON.stringify((b as Record<string, unknown>)[key]),
  );

/** Link destinations markdown-it's normalizeLink (parse, format, percent-encode: about 7% of compiling a
 * news article) returns as they are: an optional http(s) scheme and lower-case ASCII host, then only
 * characters it never encodes, no `:`, `@` or `%`. src/content/patches/markdown-it/fast-tokens.test.ts checks
 * this against normalizeLink on generated destinations. */
export const PLAIN_LINK = /^(?:(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*(?=[/?#]|$))?[A-Za-z0-9\-._~/?#=&]*$/;

/** Fast copies of StateBlock#push, StateInline#pushPending and StateInline#push (markdown-it 15.0.3). */
function pushBlock(this: StateBlock, type: string, tag: string, nesting: Nesting): Token {
  const token = new make(type, tag, nesting);
  token.block = true;
  if (nesting < 0) this.level--;
  token.level = this.level;
  if (nesting > 0) this.level++;
  this.tokens.push(token);
  return token;
}

function pushPending(this: StateInline): Token {
  const token = new make('text', '', 0);
  token.content = this.pending;
  token.level = this.pendingLevel;
  this.tokens.push(token);
  this.pending = '';
  return token;
}

function pushInline(this: StateInline, type: string, tag: string, nesting: Nesting): Token {
  if (this.pending) this.pushPending();
  const token = new make(type, tag, nesting);
  let meta: StateInline['tokens_meta'][number];
  if (nesting < 0) {
    this.level--;
    this.delimiters = this._prev_delimiters.pop() as StateInline['delimiters'];
  }
  token.level = this.level;
  if (nesting > 0) {
    this.level++;
    this._prev_delimiters.push(this.delimiters);
    this.delimiters = [];
    meta = { delimiters: this.delimiters };
  }
  this.pendingLevel = this.level;
  this.tokens.push(token);
  this.tokens_meta.push(meta);
  return token;
}

/** Install the fast states and the plain-link shortcut on `md` alone (other instances, and markdown-it's
 * own classes, are untouched); false, and nothing changed, when this markdown-it's Token or states are not
 * the shape the copies were written for. */
export function useFastTokens(md: Md): boolean {
  if (!sameShape(new MarkdownIt.Token('t', 'p', 1), new make('t', 'p', 1))) return false;
  const FastState = FastStateInline as unknown as typeof MarkdownIt.StateInline;
  if (!sameShape(new md.inline.State('a *b*', md, {}, []), new FastState('a *b*', md, {}, []))) return false;
  // Subclasses of this markdown-it's states, with the fast methods on their own prototypes.
  const FastBlock = class extends md.block.State {};
  Object.assign(FastBlock.prototype, { push: pushBlock });
  FastStateInline.prototype = Object.assign(Object.create(MarkdownIt.StateInline.prototype), {
    constructor: FastStateInline,
    push: pushInline,
    pushPending,
  });
  md.block.State = FastBlock;
  md.inline.State = FastState;
  const normalizeLink = md.normalizeLink;
  md.normalizeLink = (url) => (PLAIN_LINK.test(url) ? url : normalizeLink.call(md, url));
  return true;
}
