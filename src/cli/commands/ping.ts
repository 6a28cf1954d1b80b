// `herald ping`: notify the WebSub hub of the feeds that changed since the last ping.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createApp } from '../../app/app.ts';
import { parseConfig } from '../../app/config.ts';
import { loadCompiledStore } from '../../build/compiled-store.ts';
import { workerVars } from '../../build/worker-vars.ts';
import { systemClock } from '../../core/clock.ts';
import { syncHub } from '../../runtime/node/hub-sync.ts';
import { type Command, EXIT } from '../command.ts';

/** site.yaml's hub, read without loading the store; undefined when there is none or no site.yaml. */
async function siteHub(contentDir: string): Promise<string | undefined> {
  try {
    const site = parse(await readFile(join(contentDir, 'site.yaml'), 'utf8')) as { hub?: unknown } | null;
    return typeof site?.hub === 'string' && site.hub.trim() ? site.hub : undefined;
  } catch {
    return undefined;
  }
}

const HELP = `usage: herald ping [--all] [--if-configured] [--workers] [--content DIR]

Notifies the WebSub hub (site.yaml hub, or HUB_URL) of every feed whose first page changed since the last
ping (the snapshot is .herald/websub.json), or of every feed with --all. Exits 1 when a ping gave up.

  --all             notify every listed feed
  --if-configured   exit 0 quietly, compiling nothing, when no hub is set
  --workers         the settings the Worker has (wrangler.toml [vars]: SITE_URL, HUB_URL), as the
                    feeds a deployed Worker serves name them (what \`npm run deploy\` runs)
  --wrangler FILE   the Worker's configuration (default: wrangler.toml)`;

export const ping: Command = {
  name: 'ping',
  summary: 'notify the WebSub hub of the feeds that changed',
  help: HELP,
  options: {
    all: { type: 'boolean' },
    'if-configured': { type: 'boolean' },
    workers: { type: 'boolean' },
    wrangler: { type: 'string' },
  },
  async run({ values, contentDir, env: own, out, err, progress }) {
    let env: NodeJS.ProcessEnv = own;
    if (values.workers) {
      const worker = await workerVars(String(values.wrangler ?? 'wrangler.toml'), own);
      if (worker.problem) {
        err(`${worker.problem}\n`);
        return EXIT.failure;
      }
      env = { ...worker.vars };
    }
    const parsed = parseConfig(env);
    if (!parsed.ok) {
      err(`${parsed.problems.join('\n')}\n`);
      return EXIT.failure;
    }
    // Nothing to announce to: no store to compile either (`npm run deploy` on a site without a hub).
    if (values['if-configured'] && !parsed.config.hub && !(await siteHub(contentDir))) return EXIT.ok;
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
