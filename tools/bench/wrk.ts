// Node only: run wrk (pinned with taskset when asked, killed if it overruns) and parse its report,
// including the --latency percentiles, socket errors and non-2xx/3xx counts.
import { pinned, runCommand } from './process.ts';

export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSec: number;
  /** Latency percentiles in milliseconds (present with --latency). */
  latency: { p50?: number; p75?: number; p90?: number; p99?: number; avg?: number; max?: number };
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  /** Responses that were neither 2xx nor 3xx. */
  non2xx3xx: number;
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "2.91ms" / "450.00us" / "1.02s" -> milliseconds. */
export function parseDuration(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`wrk: cannot read the duration "${text}"`);
  return Number(match[1]) * (TIME_UNITS[match[2] as string] as number);
}

export function parseWrkOutput(text: string): WrkResult {
  const total = /^\s*(\d+) requests in ([\d.]+(?:us|ms|s|m|h)),/m.exec(text);
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  if (!total || !rate) throw new Error(`wrk: unexpected output:\n${text}`);
  const latency: WrkResult['latency'] = {};
  const stats = /^\s*Latency\s+(\S+)\s+\S+\s+(\S+)/m.exec(text);
  if (stats) {
    latency.avg = parseDuration(stats[1] as string);
    latency.max = parseDuration(stats[2] as string);
  }
  for (const m of text.matchAll(/^\s*(50|75|90|99)%\s+(\S+)$/gm)) {
    latency[`p${m[1]}` as 'p50'] = parseDuration(m[2] as string);
  }
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  return {
    requests: Number(total[1]),
    seconds: parseDuration(total[2] as string) / 1000,
    requestsPerSec: Number(rate[1]),
    latency,
    socketErrors: {
      connect: Number(errors?.[1] ?? 0),
      read: Number(errors?.[2] ?? 0),
      write: Number(errors?.[3] ?? 0),
      timeout: Number(errors?.[4] ?? 0),
    },
    non2xx3xx: Number(non?.[1] ?? 0),
  };
}

export interface WrkOptions {
  url: string;
  durationSeconds: number;
  connections?: number;
  threads?: number;
  headers?: Record<string, string>;
  /** A Lua script (-s). */
  script?: string;
  /** Pin wrk to this CPU with taskset. */
  cpu?: number;
}

export function wrkCommand(o: WrkOptions): string[] {
  const args = [
    'wrk',
    `-t${o.threads ?? 1}`,
    `-c${o.connections ?? 50}`,
    `-d${o.durationSeconds}s`,
    '--latency',
    ...Object.entries(o.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    ...(o.script ? ['-s', o.script] : []),
    o.url,
  ];
  return pinned(args, o.cpu);
}

/** Runs wrk once; it is killed if it runs 15 s (plus 10%) past its duration. */
export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  const result = await runCommand(wrkCommand(o), { timeoutMs: o.durationSeconds * 1100 + 15_000 });
  if (result.code !== 0) throw new Error(`wrk exited ${result.code}: ${result.stderr || result.stdout}`);
  return parseWrkOutput(result.stdout);
}
