// Node only: the settings the Worker will run with, as the build must know them. The Worker reads its
// vars from wrangler.toml's [vars] (Cloudflare's dashboard can add more, which a build cannot see), and
// its store's bodies are rendered with the site URL at build time: so the build reads the same [vars]
// rather than its own environment, and refuses a SITE_URL it is given that the Worker would not have.
import { readFile } from 'node:fs/promises';
import { parse } from 'smol-toml';

export interface WorkerVars {
  /** The vars as the Worker gets them (strings only: what Herald reads). */
  vars: Record<string, string>;
  /** Why the build cannot go on, when it cannot: names the fix. */
  problem?: string;
}

/** The Worker's vars from `wranglerToml` (its [vars]); SITE_URL from the environment only when
 * [vars] sets none (the store is then built with it, and the Worker, with no SITE_URL of its own, serves
 * it as built). `devUrl`: a development server's own address, which wins over both (herald dev passes it
 * to the Worker as a var as well). */
export async function workerVars(wranglerToml: string, env: NodeJS.ProcessEnv, devUrl?: string): Promise<WorkerVars> {
  let declared: Record<string, unknown> = {};
  try {
    const config = parse(await readFile(wranglerToml, 'utf8')) as { vars?: Record<string, unknown> };
    declared = config.vars ?? {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      return { vars: {}, problem: `${wranglerToml}: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  const vars = Object.fromEntries(
    Object.entries(declared).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  if (devUrl) return { vars: { ...vars, SITE_URL: devUrl } };
  const given = env.SITE_URL?.trim();
  if (given && vars.SITE_URL && given.replace(/\/?$/, '/') !== vars.SITE_URL.trim().replace(/\/?$/, '/')) {
    return {
      vars,
      problem:
        `SITE_URL is ${given} here but ${vars.SITE_URL} in ${wranglerToml} [vars], which is what the Worker reads: ` +
        `unset SITE_URL, or change [vars] SITE_URL, so the two agree`,
    };
  }
  return { vars: given && !vars.SITE_URL ? { ...vars, SITE_URL: given } : vars };
}
