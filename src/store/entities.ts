// HTML character references -> text: numeric ones, and the named ones seen in real content.

// The named entities seen in real content (WordPress saves titles through kses, which turns "&" into
// "&amp;", and editors type named ones); unknown names are left as written. Hand-written because the
// full HTML table (2,000+ names) would weigh more than the rest of the loader for no real gain.
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  shy: '\u00ad',
  hellip: '\u2026',
  mdash: '\u2014',
  ndash: '\u2013',
  minus: '\u2212',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201a',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bdquo: '\u201e',
  laquo: '\u00ab',
  raquo: '\u00bb',
  lsaquo: '\u2039',
  rsaquo: '\u203a',
  prime: '\u2032',
  Prime: '\u2033',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  deg: '\u00b0',
  middot: '\u00b7',
  bull: '\u2022',
  euro: '\u20ac',
  pound: '\u00a3',
  yen: '\u00a5',
  cent: '\u00a2',
  sect: '\u00a7',
  para: '\u00b6',
  times: '\u00d7',
  divide: '\u00f7',
  plusmn: '\u00b1',
  frac12: '\u00bd',
  frac14: '\u00bc',
  frac34: '\u00be',
  iexcl: '\u00a1',
  iquest: '\u00bf',
  szlig: '\u00df',
  dagger: '\u2020',
  Dagger: '\u2021',
};
// Accented Latin-1 letters follow one pattern: &eacute; = e + U+0301 composed.
const ACCENTS: Record<string, string> = {
  acute: '\u0301',
  grave: '\u0300',
  circ: '\u0302',
  tilde: '\u0303',
  uml: '\u0308',
  ring: '\u030a',
  cedil: '\u0327',
};
// HTML reads &#128;-&#159; as Windows-1252, and old WordPress posts pasted from Word contain them.
const CP1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/g,
    (whole, dec, hex, name) => {
      if (name !== undefined) return named(name) ?? whole;
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
      if (code >= 0x80 && code <= 0x9f) return CP1252[code - 0x80] ?? '\ufffd';
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    },
  );
}

function named(name: string): string | undefined {
  const direct = NAMED[name];
  if (direct !== undefined) return direct;
  const accented = /^([a-zA-Z])(acute|grave|circ|tilde|uml|ring|cedil)$/.exec(name);
  if (accented) return `${accented[1]}${ACCENTS[accented[2] as string]}`.normalize('NFC');
  return undefined;
}
