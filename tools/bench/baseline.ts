// Node only: start the baseline (baseline-server.ts) as a child process serving `routes`, pinned to a CPU.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BaselineRoute, BaselineSpec } from './baseline-server.ts';
import { childEnv } from './herald.ts';
import { pinned, REPO, type Server, startServer, tsxNode } from './process.ts';

/** The baseline under plain node (with tsx for its TypeScript), its spec written to `runDir`. */
export async function startBaseline(
  runDir: string,
  routes: Record<string, BaselineRoute>,
  cpu: number | undefined,
): Promise<Server> {
  const spec: BaselineSpec = {
    routes: Object.fromEntries(
      Object.entries(routes).map(([path, { body, ...rest }]) => [
        path,
        { ...rest, bodyBase64: body.toString('base64') },
      ]),
    ),
  };
  const specPath = join(runDir, 'baseline.json');
  await writeFile(specPath, JSON.stringify(spec));
  return startServer(pinned([...tsxNode(), join(REPO, 'tools/bench/baseline-server.ts'), specPath], cpu), {
    env: childEnv({ PORT: '0', HOST: '127.0.0.1' }),
    timeoutMs: 30_000,
  });
}
