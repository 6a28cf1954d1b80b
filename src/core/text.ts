// Characters no feed may carry: XML 1.0 forbids most C0 controls, U+FFFE/U+FFFF and lone surrogates
// (section 2.2, Char). Removed once at load so every format and every byte agree.
const INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  return text.replace(INVALID, '');
}
