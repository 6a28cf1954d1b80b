// Tag and author names become URL segments of their own: a name no URL can hold is refused at load,
// naming the file and the field, instead of serving a feed whose URL resolves to another page.
import { describe, expect, it } from 'vitest';
import { loadStore } from '../../../src/content/load.ts';
import { articleFile, sources } from '../../support/fixtures.ts';

describe('group names', () => {
  it.each(['..', '.', ' .. '])('refuses the tag %j, which URL parsers resolve away', async (name) => {
    const { problems, store } = await loadStore(sources({ a: articleFile({ tags: ['fine', name] }) }));
    expect(problems).toEqual([expect.stringMatching(/^content\/articles\/a\.md: tags\.1: .*cannot be a URL segment/)]);
    expect(store?.articles).toEqual([]);
  });

  it('refuses an author named ".."', async () => {
    const { problems } = await loadStore(sources({ a: articleFile({ author: ['Ann', '..'] }) }));
    expect(problems).toEqual([expect.stringMatching(/^content\/articles\/a\.md: author.*cannot be a URL segment/)]);
  });

  it('accepts names that merely contain dots', async () => {
    const { problems } = await loadStore(
      sources({ a: articleFile({ tags: ['U.S.', '...', '.net'], author: 'J. Doe' }) }),
    );
    expect(problems).toEqual([]);
  });
});
