// `herald gen`: write a generated news store (for trying Herald out, tests and benchmarks).
import { DEFAULT_SEED, generateStore } from '../../generate/generate.ts';
import { generatedStoreRefusal, writeGeneratedStore } from '../../generate/write-store.ts';
import { type Command, EXIT, UsageError } from '../command.ts';

const HELP = `usage: herald gen N DIR [--seed S]

Writes a deterministic store of N generated news articles (site.yaml and articles/YYYY/MM/SLUG.md, 3-5
KB of Markdown each, tags, authors, a few drafts and scheduled articles) to DIR. The same N and seed
give the same files. DIR must be empty, new, or a store made by herald gen (which is replaced): a
folder of your own content is refused, never overwritten.

  --seed S        the generator's seed (default ${DEFAULT_SEED})`;

export const gen: Command = {
  name: 'gen',
  summary: 'write a generated store of N articles (trying out, tests, benchmarks)',
  help: HELP,
  options: { seed: { type: 'string' } },
  positionals: true,
  async run({ values, positionals, out, err }) {
    const [count, dir, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const n = Number(count);
    const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
    if (!dir || !/^\d+$/.test(count ?? '') || !Number.isSafeInteger(n))
      throw new UsageError('give N (a whole number) and DIR');
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: "${values.seed}" is not a whole number`);
    const refusal = await generatedStoreRefusal(dir);
    if (refusal) {
      err(`${refusal}\n`);
      return EXIT.failure;
    }
    const started = performance.now();
    const written = await writeGeneratedStore(dir, generateStore(n, seed), { n, seed });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    out(`Wrote ${written - 1} articles and site.yaml to ${dir} (seed ${seed}) in ${seconds} s.\n`);
    return EXIT.ok;
  },
};
