// Feed test support: XML parsing/well-formedness and Atom, RSS, JSON Feed validators.

export * from './atom.ts';
export * from './json-feed.ts';
export * from './rss.ts';
export * from './xml.ts';
