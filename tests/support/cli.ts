// `herald` as users run it: plain node on src/cli/herald.mjs (the bundled command line), in a child
// process whose environment holds PATH and what the test gives, nothing else of this process's (no
// CONTENT_DIR, SITE_URL or HUB_URL leaking in from the shell that runs the tests).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const HERALD = join(REPO, 'src/cli/herald.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Milliseconds before the process is killed (a run that hangs fails its test, not the suite). */
  timeout?: number;
}

/** Runs `herald ...args` to its exit. */
export function herald(args: string[], { cwd = REPO, env = {}, timeout = 60_000 }: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HERALD, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
