// HTML character references -> text, by the HTML standard's tables (the `entities` package, which
// markdown-it already uses for the same job).
import { DecodingMode, decodeHTML } from 'entities';

/**
 * Decodes numeric references (&#8217; &#x2019;, with HTML's Windows-1252 reading of &#128;-&#159;,
 * HTML Living Standard 13.2.5.80) and every named reference of the HTML table, each only when it ends
 * with ";". Strict mode matters: in legacy mode HTML decodes a prefix of an unknown name (&notit; ->
 * "¬it;"), while here anything that is not a whole known reference (&notit; &constructor; &amp) stays
 * exactly as written. The table is a lookup trie, not an object, so no name can reach a prototype.
 */
export function decodeEntities(text: string): string {
  return decodeHTML(text, DecodingMode.Strict);
}
