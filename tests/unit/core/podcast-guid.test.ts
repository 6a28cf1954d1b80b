// podcast:guid: a UUIDv5 (RFC 9562 section 5.5) of the feed URL without its scheme and trailing slashes,
// checked against the published vectors and, for names of every kind, against Python's uuid.uuid5.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PODCAST_GUID_NAMESPACE, podcastGuid, podcastGuidName, uuidV5 } from '../../../src/core/podcast-guid.ts';

const PYTHON = '/usr/bin/python3';
const python = existsSync(PYTHON);
if (!python) console.warn('python3 is not installed: the comparison with uuid.uuid5 is skipped');

/** Python's uuid.uuid5 of each name in `namespace`: a second implementation, written by others. */
function pythonUuid5(namespace: string, names: string[]): string[] {
  const script = `
import json, sys, uuid
ns = uuid.UUID(sys.argv[1])
print(json.dumps([str(uuid.uuid5(ns, n)) for n in json.load(sys.stdin)]))
`;
  return JSON.parse(
    execFileSync(PYTHON, ['-c', script, namespace], { input: JSON.stringify(names), encoding: 'utf8' }),
  );
}

const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('podcastGuid', () => {
  // The podcast namespace 1.0's own examples ("guid", Examples).
  it.each([
    ['https://podnews.net/rss', '9b024349-ccf0-5f69-a609-6b82873eab3c'],
    ['https://mp3s.nashownotes.com/pc20rss.xml', '917393e3-1b1e-5cef-ace4-edaa54e1f810'],
  ])('of %s is %s, the namespace documentation example', async (url, guid) => {
    expect(await podcastGuid(url)).toBe(guid);
  });

  it("of a show's feed is what Python's uuid.uuid5 gives for it (hard-coded)", async () => {
    // uuid.uuid5(uuid.UUID('ead4c236-bf58-58c6-a2c6-a6b28d128cb6'), 'news.example.org/podcasts/weekly/rss.xml')
    expect(await podcastGuid('https://news.example.org/podcasts/weekly/rss.xml')).toBe(
      'a80fba91-b030-545a-8f83-fd6eb67b8ff7',
    );
  });

  it('is the same with or without the scheme and trailing slashes, and differs for another path', async () => {
    const guid = await podcastGuid('https://podnews.net/rss');
    expect(await podcastGuid('http://podnews.net/rss')).toBe(guid);
    expect(await podcastGuid('podnews.net/rss')).toBe(guid);
    expect(await podcastGuid('https://podnews.net/rss///')).toBe(guid);
    expect(await podcastGuid('https://podnews.net/rss.xml')).not.toBe(guid);
  });
});

describe('podcastGuidName', () => {
  it.each([
    ['https://podnews.net/rss', 'podnews.net/rss'],
    ['http://podnews.net/rss/', 'podnews.net/rss'],
    ['HTTPS://Example.org/Feed//', 'Example.org/Feed'],
    ['https://example.org/feed?show=1&x=https://y/', 'example.org/feed?show=1&x=https://y'],
    ['https://example.org/a/https://b', 'example.org/a/https://b'],
    ['feed://example.org/rss', 'example.org/rss'],
  ])('of %j is %j', (url, name) => {
    expect(podcastGuidName(url)).toBe(name);
  });
});

describe('uuidV5', () => {
  it('gives the RFC 9562 example (Appendix A.4): www.example.com in the DNS namespace', async () => {
    expect(await uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('rejects a namespace that is not a UUID', async () => {
    await expect(uuidV5('not-a-uuid', 'x')).rejects.toThrow(/not a UUID/);
  });

  it.skipIf(!python)("agrees with Python's uuid.uuid5 on any name, with the version and variant bits set", async () => {
    const names = [
      '',
      'podcastindex.org/namespace/1.0',
      'exämple.org/ünï/rss.xml',
      'example.org/🎙️/feed.xml',
      'example.org/feed?a=1&b="2"',
      ...fc.sample(fc.webUrl({ withQueryParameters: true, withFragments: true }), 60).map(podcastGuidName),
      ...fc.sample(fc.string({ unit: 'binary', maxLength: 80 }), 60),
    ];
    const ours = await Promise.all(names.map((n) => uuidV5(PODCAST_GUID_NAMESPACE, n)));
    expect(ours).toEqual(pythonUuid5(PODCAST_GUID_NAMESPACE, names));
    for (const guid of ours) expect(guid).toMatch(V5);
  });
});
