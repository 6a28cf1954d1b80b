// `npm start`: the Node entry (src/entry/node.ts) under plain node, from the bundle in .herald/node/,
// which is (re)built first when missing or older than the sources (src/entry/node-bundle.mjs).
import { runBundled } from './node-bundle.mjs';

await runBundled('node');
