// PHP's serialize() format, read back: the plugins of a WordPress site store arrays in post meta this way
// (PowerPress keeps an episode's duration, season and number as a serialized array after the enclosure).
// Only what such meta holds is read: strings, integers, floats, booleans, null and arrays of them. An
// object (O:, C:) or a reference (r:, R:) makes the whole value unreadable, so nothing of a class a PHP
// program would have instantiated is ever taken for data.

export type PhpValue = string | number | boolean | null | PhpArray;
/** A PHP array: keys are integers or strings, in their order. A Map, so a key such as "__proto__" is data. */
export type PhpArray = Map<string | number, PhpValue>;

const MAX_DEPTH = 16;

/**
 * The value `text` serializes, or undefined when it is not such a value (or holds an object). String
 * lengths count bytes (PHP strings are bytes; WordPress writes UTF-8). A string whose stated length is
 * wrong, as a search-and-replace of the site's URL in the database leaves it, is read up to the next `";`.
 */
export function parsePhpSerialized(text: string): PhpValue | undefined {
  const bytes = new TextEncoder().encode(text.trim());
  const reader = new Reader(bytes);
  try {
    const value = reader.value(0);
    return reader.at === bytes.length ? value : undefined;
  } catch (error) {
    if (error instanceof Unreadable) return undefined;
    throw error;
  }
}

class Unreadable extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: false });
const char = (c: string) => c.charCodeAt(0);
const QUOTE = char('"');
const SEMICOLON = char(';');
const COLON = char(':');
const OPEN = char('{');
const CLOSE = char('}');

class Reader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  value(depth: number): PhpValue {
    if (depth > MAX_DEPTH) throw new Unreadable();
    const type = String.fromCharCode(this.bytes[this.at] ?? 0);
    if (type === 'N') {
      this.expect(char('N'));
      this.expect(SEMICOLON);
      return null;
    }
    this.at++;
    this.expect(COLON);
    switch (type) {
      case 'b': {
        const n = this.integer(SEMICOLON);
        if (n !== 0 && n !== 1) throw new Unreadable();
        return n === 1;
      }
      case 'i':
        return this.integer(SEMICOLON);
      case 'd': {
        const raw = this.until(SEMICOLON);
        const n = raw === 'INF' ? Number.POSITIVE_INFINITY : raw === '-INF' ? Number.NEGATIVE_INFINITY : Number(raw);
        if (raw === '' || Number.isNaN(n)) throw new Unreadable();
        return n;
      }
      case 's':
        return this.string();
      case 'a':
        return this.array(depth);
      default:
        // O, C (objects), r, R (references), E (enums) and anything else.
        throw new Unreadable();
    }
  }

  private string(): string {
    const length = this.integer(COLON);
    this.expect(QUOTE);
    const start = this.at;
    let end = start + length;
    if (!(this.bytes[end] === QUOTE && this.bytes[end + 1] === SEMICOLON)) {
      // The stated length is wrong: the string ends at the first `";`.
      end = this.find(start, QUOTE, SEMICOLON);
    }
    this.at = end + 2;
    return decoder.decode(this.bytes.subarray(start, end));
  }

  private array(depth: number): PhpArray {
    const count = this.integer(COLON);
    this.expect(OPEN);
    const map: PhpArray = new Map();
    for (let i = 0; i < count; i++) {
      const key = this.value(depth + 1);
      if (typeof key !== 'string' && typeof key !== 'number') throw new Unreadable();
      map.set(key, this.value(depth + 1));
    }
    this.expect(CLOSE);
    return map;
  }

  private integer(terminator: number): number {
    const raw = this.until(terminator);
    if (!/^[+-]?\d{1,15}$/.test(raw)) throw new Unreadable();
    return Number(raw);
  }

  private until(terminator: number): string {
    const end = this.bytes.indexOf(terminator, this.at);
    if (end < 0 || end - this.at > 32) throw new Unreadable();
    const raw = decoder.decode(this.bytes.subarray(this.at, end));
    this.at = end + 1;
    return raw;
  }

  private find(from: number, first: number, second: number): number {
    for (let i = this.bytes.indexOf(first, from); i >= 0; i = this.bytes.indexOf(first, i + 1)) {
      if (this.bytes[i + 1] === second) return i;
    }
    throw new Unreadable();
  }

  private expect(byte: number): void {
    if (this.bytes[this.at] !== byte) throw new Unreadable();
    this.at++;
  }
}

/** The entry `key` of an array, or undefined. */
export function phpField(value: PhpValue | undefined, key: string): PhpValue | undefined {
  return value instanceof Map ? value.get(key) : undefined;
}
