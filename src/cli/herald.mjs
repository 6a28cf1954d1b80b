#!/usr/bin/env node
// `herald` (package.json bin, and every npm script): runs src/cli/herald.ts from the bundle in
// .herald/node/, made first when missing or older than the sources (build/bundle.mjs), so every command
// runs under plain node, with no TypeScript loader installed in production.
import { runBundled } from '../build/bundle.mjs';

await runBundled('herald');
