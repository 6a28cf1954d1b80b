// `herald ping`: notify the WebSub hub of the feeds that changed since the last ping.
import { createApp } from '../../app/app.ts';
import { parseConfig } from '../../app/config.ts';
import { loadCompiledStore } from '../../build/compiled-store.ts';
import { systemClock } from '../../core/clock.ts';
import { syncHub } from '../../runtime/node/hub-sync.ts';
import { type Command, EXIT } from '../command.ts';

const HELP = `usage: herald ping [--all] [--if-configured] [--content DIR]

Notifies the WebSub hub (site.yaml hub, or HUB_URL) of every feed whose first page changed since the last
ping (the snapshot is .herald/websub.json), or of every feed with --all. Exits 1 when a ping gave up.

  --all             notify every listed feed
  --if-configured   exit 0 quietly when no hub is set (what \`npm run deploy\` runs)`;

export const ping: Command = {
  name: 'ping',
  summary: 'notify the WebSub hub of the feeds that changed',
  help: HELP,
  options: { all: { type: 'boolean' }, 'if-configured': { type: 'boolean' } },
  async run({ values, contentDir, env, out, err, progress }) {
    const parsed = parseConfig(env);
    if (!parsed.ok) {
      err(`${parsed.problems.join('\n')}\n`);
      return EXIT.failure;
    }
    const loaded = await loadCompiledStore(contentDir, parsed.config.siteUrl, { progress });
    if (!loaded.store || loaded.problems.length > 0) {
      err(`${loaded.problems.join('\n')}\n`);
      return EXIT.failure;
    }
    const app = createApp({ store: loaded.store, config: parsed.config, clock: systemClock });
    const { hub, topics, results } = await syncHub(app.herald, systemClock, undefined, values.all === true);
    if (!hub) {
      if (values['if-configured']) return EXIT.ok;
      err('No hub configured: set `hub` in site.yaml or HUB_URL.\n');
      return EXIT.failure;
    }
    const failed = results.filter((r) => !r.ok);
    for (const r of results) out(`${r.ok ? 'ok  ' : 'FAIL'} ${r.topic}${r.status ? ` (${r.status})` : ''}\n`);
    out(`${hub}: ${topics.length} feed(s) to notify, ${failed.length} failed.\n`);
    return failed.length > 0 ? EXIT.failure : EXIT.ok;
  },
};
