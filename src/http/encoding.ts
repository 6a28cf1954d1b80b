// Owns content-coding negotiation from Accept-Encoding (RFC 9110 §12.5.3).

export type ContentCoding = 'br' | 'gzip' | 'identity';

type Known = ContentCoding | '*';

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/; // tchar, already lower-cased (§5.6.2)
// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )  (§12.4.2)
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Parses Accept-Encoding into q-values for the codings we care about. Decision: a member whose
 * weight is not a valid qvalue (e.g. "q=2", "q=high") is ignored as if not listed, so garbage can
 * neither refuse a coding (as q=0 would) nor force one. Codings are case-insensitive (§8.4.1);
 * "x-gzip" is gzip (§8.4.1.3). A coding listed twice keeps its lowest q, so a refusal is never overridden.
 */
function parse(value: string): Map<Known, number> {
  const q = new Map<Known, number>();
  for (const member of value.split(',')) {
    const [rawName = '', ...params] = member.split(';');
    let name = rawName.trim().toLowerCase();
    if (name === '' || !TOKEN.test(name)) continue;
    if (name === 'x-gzip') name = 'gzip';
    if (name !== 'br' && name !== 'gzip' && name !== 'identity' && name !== '*') continue;
    let weight = 1;
    let valid = true;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      const v = param.slice(eq + 1).trim();
      if (QVALUE.test(v)) weight = Number(v);
      else valid = false;
    }
    if (!valid) continue;
    const prev = q.get(name);
    q.set(name, prev === undefined ? weight : Math.min(prev, weight));
  }
  return q;
}

const PREFERENCE: readonly ContentCoding[] = ['br', 'gzip', 'identity']; // tie-break order: smallest first

/**
 * Picks the coding to send. No header -> identity: §12.5.3 lets us send any coding then, but clients
 * that omit the header often cannot decode one. An empty header means "no coding" (§12.5.3) -> identity.
 * `*` covers codings not listed, identity included. Identity is acceptable unless "identity;q=0", or
 * "*;q=0" without an explicit identity entry; when the client does not rate it, it is the last resort.
 * Returns null only when nothing, not even identity, is acceptable: the caller may answer 406, or (as
 * §12.5.3 permits) ignore the header and send identity anyway, which is friendlier for feed readers.
 */
export function negotiateEncoding(
  acceptEncoding: string | null | undefined,
  available: readonly ('br' | 'gzip')[],
): ContentCoding | null {
  if (acceptEncoding === null || acceptEncoding === undefined || acceptEncoding.trim() === '') return 'identity';
  const q = parse(acceptEncoding);
  const star = q.get('*');
  let best: ContentCoding | null = null;
  let bestQ = 0;
  for (const coding of PREFERENCE) {
    let weight: number;
    if (coding === 'identity') {
      // Not rated by the client: acceptable at the lowest rank, so any acceptable coding above wins.
      weight = q.get('identity') ?? star ?? Number.MIN_VALUE;
    } else {
      if (!available.includes(coding)) continue;
      weight = q.get(coding) ?? star ?? 0;
    }
    if (weight > bestQ) {
      best = coding;
      bestQ = weight;
    }
  }
  return best;
}
