// Node only: cold compiles of this checkout and of others (say, the commit before a change), each round
// one build of each and one Hugo build, back to back, timed as the bench's compile row times them
// (compileStore, timeHugo). One full bench run gives three builds a size, and builds on a shared 2-core
// machine move by 10% from one minute to the next: a change to the compile is judged over more rounds,
// every checkout side by side with the others.
//
//   npx tsx tools/bench/compile-ab.ts [--size 10000] [--rounds 8] [--others DIR,DIR]
//
// Each other checkout needs its dependencies installed (`npm ci` there) and its own
// tools/bench/herald.ts, whose compileStore builds with that checkout's code.
import { join, resolve } from 'node:path';
import { parseFlags, positiveNumber } from './args.ts';
import type { compileStore } from './herald.ts';
import { timeHugo } from './hugo.ts';
import { REPO } from './process.ts';
import { BENCH_ROOT, ensureStore } from './stores.ts';
import { formatMs, formatRatio, median, pairedRatio } from './table.ts';

type Compile = typeof compileStore;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['size', 'rounds', 'others']);
  const n = positiveNumber(flags, 'size', 10_000);
  const rounds = positiveNumber(flags, 'rounds', 8);
  const checkouts = [
    REPO,
    ...(flags.others ?? '')
      .split(',')
      .filter(Boolean)
      .map((dir) => resolve(dir)),
  ];
  const compilers: Compile[] = [];
  for (const dir of checkouts) {
    const module = (await import(join(dir, 'tools/bench/herald.ts'))) as { compileStore: Compile };
    compilers.push(module.compileStore);
  }
  const log = (line: string) => process.stderr.write(`[compile-ab] ${line}\n`);
  const { dir } = await ensureStore(n, log);
  const times: number[][] = checkouts.map(() => []);
  const hugo: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    // Which goes first turns each round, so no checkout always follows Hugo.
    const order = [...checkouts.keys(), -1];
    for (let k = 0; k < round % order.length; k++) order.push(order.shift() as number);
    for (const i of order) {
      if (i < 0) hugo.push(await timeHugo(join(dir, 'articles'), join(BENCH_ROOT, `${n}-ab-hugo`), 3_600_000));
      else {
        const built = await (compilers[i] as Compile)(dir, join(BENCH_ROOT, `${n}-ab-${i}`), 3_600_000);
        times[i]?.push(built.ms - built.assetsMs);
      }
    }
    log(
      `round ${round}: ${times.map((t) => formatMs(t.at(-1) as number)).join(', ')}; Hugo ${formatMs(hugo.at(-1) as number)}`,
    );
  }
  for (const [i, checkout] of checkouts.entries()) {
    const own = times[i] as number[];
    const versus = i === 0 ? '' : `, ${formatRatio(pairedRatio(own, times[0] as number[]))} of this checkout's`;
    process.stdout.write(
      `${checkout}: median ${formatMs(median(own))}, ${formatRatio(pairedRatio(own, hugo))} of Hugo's${versus}\n`,
    );
  }
  process.stdout.write(`Hugo: median ${formatMs(median(hugo))} (${n} articles, ${rounds} rounds)\n`);
}

main().catch((error) => {
  process.stderr.write(`[compile-ab] ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
