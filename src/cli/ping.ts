// `npm run ping [-- --all]`: notify the WebSub hub (site.yaml `hub` or HUB_URL) of every feed that
// changed since the last ping (or of every feed with --all). Exits 1 when a ping gave up, or when no
// hub is configured (unless --if-configured).
import { createApp } from '../app/app.ts';
import { parseConfig } from '../app/config.ts';
import { loadCompiledStore } from '../build/compiled-store.ts';
import { systemClock } from '../core/clock.ts';
import { syncHub } from '../runtime/node/hub-sync.ts';

const all = process.argv.includes('--all');
const contentDir = process.argv.slice(2).find((a) => !a.startsWith('--')) || process.env.CONTENT_DIR || 'content';
const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.problems.join('\n')}\n`);
  process.exit(1);
}
const loaded = await loadCompiledStore(contentDir, parsed.config.siteUrl);
if (!loaded.store || loaded.problems.length > 0) {
  process.stderr.write(`${loaded.problems.join('\n')}\n`);
  process.exit(1);
}
const store = loaded.store;
const app = createApp({ store, config: parsed.config, clock: systemClock });
const { hub, topics, results } = await syncHub(app.herald, systemClock, undefined, all);
if (!hub) {
  // `npm run deploy` pings only when a hub is configured.
  if (process.argv.includes('--if-configured')) process.exit(0);
  process.stderr.write('No hub configured: set `hub` in site.yaml or HUB_URL.\n');
  process.exit(1);
}
const failed = results.filter((r) => !r.ok);
for (const r of results)
  process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.topic}${r.status ? ` (${r.status})` : ''}\n`);
process.stdout.write(`${hub}: ${topics.length} feed(s) to notify, ${failed.length} failed.\n`);
process.exit(failed.length > 0 ? 1 : 0);
