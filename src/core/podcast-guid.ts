// podcast:guid (podcast namespace 1.0, "guid"): a show's identity across hosts and feed moves, a UUIDv5
// of its feed URL without the scheme and trailing slashes. Computed once, when the show is first
// published; a show that moves in from another host keeps the guid it already had.
// Web Crypto's SHA-1 rather than a package: the UUID layout is a dozen lines, and the same code runs on
// Node and Workers.

/** The namespace the podcast namespace 1.0 assigns to podcast GUIDs. */
export const PODCAST_GUID_NAMESPACE = 'ead4c236-bf58-58c6-a2c6-a6b28d128cb6';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(uuid: string): Uint8Array {
  if (!UUID.test(uuid)) throw new TypeError(`not a UUID: ${uuid}`);
  const hex = uuid.replaceAll('-', '');
  return Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

function uuidText(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A name-based UUID, version 5 (RFC 9562 section 5.5, formerly RFC 4122 section 4.3): SHA-1 over the
 * namespace's 16 bytes followed by the name's UTF-8 bytes, the first 16 bytes of the digest kept, with
 * the version (0101) in the high nibble of byte 6 and the variant (10) in the two high bits of byte 8.
 */
export async function uuidV5(namespace: string, name: string): Promise<string> {
  const ns = uuidBytes(namespace);
  const text = new TextEncoder().encode(name);
  const input = new Uint8Array(ns.length + text.length);
  input.set(ns);
  input.set(text, ns.length);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', input)).slice(0, 16);
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  return uuidText(hash);
}

/** The name podcast:guid hashes: the feed URL with its scheme ("https://") and trailing slashes removed,
 * nothing else changed (the namespace's own examples: "podnews.net/rss"). */
export function podcastGuidName(feedUrl: string): string {
  return feedUrl.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '').replace(/\/+$/, '');
}

/** podcast:guid of a feed URL: `podcastGuid('https://podnews.net/rss')` is
 * "9b024349-ccf0-5f69-a609-6b82873eab3c", the namespace's example. */
export function podcastGuid(feedUrl: string): Promise<string> {
  return uuidV5(PODCAST_GUID_NAMESPACE, podcastGuidName(feedUrl));
}
