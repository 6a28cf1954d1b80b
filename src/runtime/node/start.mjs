// `npm start`: the Node entry (src/runtime/node/main.ts) under plain node, from the bundle in .herald/node/,
// which is (re)built first when missing or older than the sources (src/build/bundle.mjs).
import { runBundled } from '../../build/bundle.mjs';

await runBundled('node');
