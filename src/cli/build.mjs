// `npm run build`: the build CLI (src/cli/build.ts) under plain node, from the bundle in .herald/node/,
// which is (re)built first when missing or older than the sources (src/build/bundle.mjs).
import { runBundled } from '../build/bundle.mjs';

await runBundled('build');
