// site.yaml rules: what it must hold, and messages that name content/site.yaml and the field.
import { describe, expect, it } from 'vitest';
import { loadStore } from '../../../src/content/load.ts';
import { articleFile, compile, siteYaml, sources } from '../../support/fixtures.ts';

async function siteProblems(site: string) {
  const { store, problems } = await loadStore(sources({ a: articleFile({}) }, site));
  return { store, problems };
}

const oneProblem = (field: string, detail: RegExp = /.+/) => [
  expect.stringMatching(new RegExp(`^content/site\\.yaml: ${field.replace('.', '\\.')}: .*${detail.source}`)),
];

describe('site.yaml', () => {
  it('loads with the defaults: UTC, 20 items, no extra authors', async () => {
    const { site } = await compile(sources({}));
    expect([site.timezone, site.items, site.authors]).toEqual(['UTC', 20, {}]);
  });

  it('is required, and without it there is no store', async () => {
    const { store, problems } = await loadStore({ 'articles/a.md': articleFile({}) });
    expect(store).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^content\/site\.yaml: missing/)]);
  });

  it.each(['', '- a list\n', 'just a string\n'])('must be a mapping (%j)', async (text) => {
    const { store, problems } = await siteProblems(text);
    expect(store).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^content\/site\.yaml: must be a YAML mapping/)]);
  });

  it('reports a YAML syntax error at the line and field where it is', async () => {
    const { problems } = await siteProblems('title: Herald\ndescription: x\nurl: [unclosed\n');
    expect(problems).toEqual([
      'content/site.yaml: url: line 3: the [ opened here is never closed; end the list with ]',
    ]);
  });

  it('names a nested field in a YAML syntax error', async () => {
    const { problems } = await siteProblems('title: Herald\nauthor:\n  name: Desk: News\n');
    expect(problems).toEqual([
      'content/site.yaml: author.name: line 3: the value holds ": " (a colon and a space), which YAML reads as the start of another field; put the value in quotes: name: "Desk: News"',
    ]);
  });

  it.each(['title', 'description', 'url', 'language', 'author'])('requires %s', async (field) => {
    const { store, problems } = await siteProblems(siteYaml({ [field]: undefined }));
    expect(store).toBeUndefined();
    expect(problems).toEqual([`content/site.yaml: ${field}: is required`]);
  });

  it('rejects an unknown field by name, listing the known fields when none is close', async () => {
    expect((await siteProblems(siteYaml({ colour: 'red' }))).problems).toEqual([
      'content/site.yaml: colour: unknown field; the known fields are title, description, url, language, author, authors, copyright, icon, logo, timezone, hub, items, shows, redirects, cache',
    ]);
  });

  it('rejects every unknown field at once, nested ones included, each with the name it most likely means', async () => {
    const site = siteYaml({
      titel: 'Herald',
      author: { name: 'Desk', emial: 'desk@news.example.org', twitter: '@desk' },
      cache: { maxage: 60, sMaxAge: 'long' },
    });
    expect((await siteProblems(site)).problems.sort()).toEqual([
      'content/site.yaml: author.emial: unknown field; did you mean `email`?',
      'content/site.yaml: author.twitter: unknown field; the known fields are name, email, url',
      'content/site.yaml: cache.maxage: unknown field; did you mean `maxAge`?',
      'content/site.yaml: cache.sMaxAge: must be a whole number of seconds',
      'content/site.yaml: titel: unknown field; did you mean `title`?',
    ]);
  });

  it.each(['/news/', 'news.example.org', 'ftp://news.example.org/', 'javascript:alert(1)'])(
    'rejects the url %j (must be absolute http(s))',
    async (url) => {
      expect((await siteProblems(siteYaml({ url }))).problems).toEqual(oneProblem('url', /must be an absolute http/));
    },
  );

  it('adds the trailing slash to the url', async () => {
    expect((await compile(sources({}, siteYaml({ url: 'https://news.example.org/sub' })))).site.url).toBe(
      'https://news.example.org/sub/',
    );
  });

  it.each(['en', 'pt-BR', 'zh-Hant-TW', 'de-CH-1996'])('accepts the BCP 47 language %s', async (language) => {
    expect((await siteProblems(siteYaml({ language }))).problems).toEqual([]);
  });

  it.each(['english', 'en_US', 'e', 'en-', 42])('rejects the language %j', async (language) => {
    expect((await siteProblems(siteYaml({ language }))).problems).toEqual(oneProblem('language', /BCP 47/));
  });

  it.each(['Europe/Berlin', 'America/Santiago', 'UTC', 'Asia/Kolkata'])(
    'accepts the IANA zone %s',
    async (timezone) => {
      expect((await compile(sources({}, siteYaml({ timezone })))).site.timezone).toBe(timezone);
    },
  );

  it.each(['Mars/Olympus_Mons', '+02:00', 'CEST', 7])('rejects the time zone %j', async (timezone) => {
    expect((await siteProblems(siteYaml({ timezone }))).problems).toEqual(oneProblem('timezone', /IANA time zone/));
  });

  it('rejects an author without a name', async () => {
    expect((await siteProblems(siteYaml({ author: { email: 'desk@news.example.org' } }))).problems).toEqual([
      'content/site.yaml: author.name: is required',
    ]);
  });

  it('rejects an author e-mail that is not an address', async () => {
    const author = { name: 'Desk', email: 'desk at example' };
    expect((await siteProblems(siteYaml({ author }))).problems).toEqual(oneProblem('author.email', /e-mail/));
  });

  it('rejects an authors entry with a bad e-mail, naming the author', async () => {
    const { problems } = await siteProblems(siteYaml({ authors: { Ann: { email: 'nope' } } }));
    expect(problems).toEqual(['content/site.yaml: authors.Ann.email: must be an e-mail address']);
  });

  it('rejects an authors entry with a relative url', async () => {
    const { problems } = await siteProblems(siteYaml({ authors: { Ann: { url: '/ann' } } }));
    expect(problems).toEqual([expect.stringMatching(/^content\/site\.yaml: authors\.Ann\.url: must be an absolute/)]);
  });

  it('rejects an unknown field in an authors entry', async () => {
    const { problems } = await siteProblems(siteYaml({ authors: { Ann: { twitter: '@ann' } } }));
    expect(problems).toEqual([
      'content/site.yaml: authors.Ann.twitter: unknown field; the known fields are email, url',
    ]);
  });

  it('lists every problem of the site at once', async () => {
    const { problems } = await siteProblems(siteYaml({ url: '/x', language: 'english', timezone: 'Nowhere' }));
    expect(problems.map((p) => p.split(':')[1]?.trim())).toEqual(['url', 'language', 'timezone']);
  });

  it('lets the siteUrl option override the url', async () => {
    const { store } = await loadStore(sources({ a: articleFile({}) }), { siteUrl: 'https://mirror.example.org' });
    expect(store?.articles[0]?.link).toBe('https://mirror.example.org/articles/a');
  });
});
