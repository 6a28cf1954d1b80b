// Node only: child processes for the benchmarks. Spawns servers (optionally pinned to a CPU with
// taskset), waits for their JSON "listening" log line, samples RSS from /proc, and kills every child
// it started on exit, on error and on SIGINT/SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const children = new Set<ChildProcess>();
let cleanupInstalled = false;

/** The repository root (tools/bench/../..). */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** `node --import <tsx loader>` as an absolute URL, so scripts run from any working directory. */
export function tsxNode(): string[] {
  return [process.execPath, '--import', import.meta.resolve('tsx')];
}

/** Kill every tracked child on SIGINT, SIGTERM, and (synchronously, SIGKILL) at process exit. */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping child processes\n`);
    killAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function killAll(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c, 2000)));
}

/** The command pinned to `cpu` with taskset when a CPU is given (taskset execs: the PID is the command's). */
export function pinned(command: string[], cpu: number | undefined): string[] {
  return cpu === undefined ? command : ['taskset', '-c', String(cpu), ...command];
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion (killed after `timeoutMs`). */
export function runCommand(
  command: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult> {
  const [file, ...args] = command as [string, ...string[]];
  const started = performance.now();
  const child = track(spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command.join(' ')}: still running after ${options.timeoutMs} ms; killed`));
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

export interface Server {
  child: ChildProcess;
  pid: number;
  /** Base URL with a trailing slash, from the "listening" log line. */
  url: string;
  /** The whole "listening" log entry. */
  listening: Record<string, unknown>;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  stop(): Promise<void>;
}

/** Spawns a server and resolves once it logs a JSON line with "msg":"listening" and a "url", or (for a
 * server that is not ours, like wrangler) a line matching `ready`, whose first group is the URL. */
export function startServer(
  command: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number; ready?: RegExp },
): Promise<Server> {
  const [file, ...args] = command as [string, ...string[]];
  const spawnedAt = performance.now();
  const child = track(spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    let done = false;
    const fail = (why: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${command.join(' ')}: ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no "listening" line within ${options.timeoutMs} ms`), options.timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before listening`));
    child.stdout?.on('data', (data) => {
      if (done) return;
      buffered += data;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
        const ready = options.ready?.exec(plain);
        const entry = ready ? { msg: 'listening', url: ready[1] ?? '' } : listeningEntry(line);
        const url = entry?.url as string | undefined;
        if (entry && url) {
          done = true;
          clearTimeout(timer);
          // Keep draining stdout so a chatty server never blocks on a full pipe.
          child.stdout?.resume();
          resolve({
            child,
            pid: child.pid as number,
            url: url.endsWith('/') ? url : `${url}/`,
            listening: entry,
            spawnedAt,
            stop: () => stopChild(child),
          });
          return;
        }
        newline = buffered.indexOf('\n');
      }
    });
  });
}

/** A `{"msg":"listening","url":...}` log line as an object, or undefined for any other line. */
export function listeningEntry(line: string): Record<string, unknown> | undefined {
  if (!line.trimStart().startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    return entry && entry.msg === 'listening' && typeof entry.url === 'string' ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** Resident set size of `pid` in bytes (VmRSS in /proc/PID/status), or undefined once it is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
