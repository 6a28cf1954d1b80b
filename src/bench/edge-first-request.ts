// Node only, run by `npm run bench` once per measured path in a fresh process: the closest stand-in here
// for a fresh Workers isolate (same V8, nothing warmed). Opens the asset store from the directory
// `npm run build` wrote, answers ONE request through the app, and prints the CPU time that took as JSON.
// Module loading happens before the clock starts, as a Worker's script is evaluated before its first
// request; reading the asset files from disk stands in for ASSETS.fetch. Response, Web Crypto and file
// reads are built into workerd but loaded lazily by Node, so they are touched once before the clock
// starts; every function of ours still runs for the first time inside the measurement.
//   tsx src/bench/edge-first-request.ts <assets dir> <path>
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { systemClock } from '../clock.ts';
import { defaultConfig } from '../config.ts';
import { openAssetStore } from '../store/asset-store.ts';

const [dir, path] = process.argv.slice(2);
if (!dir || !path) throw new Error('usage: edge-first-request.ts <assets dir> <path>');

await new Response(new Uint8Array(1)).arrayBuffer();
await new Response('{}').json();
await crypto.subtle.digest('SHA-256', new Uint8Array(1));
await readFile(import.meta.filename);

const started = process.cpuUsage();
const wall = performance.now();
const store = await openAssetStore((asset) =>
  readFile(join(dir, asset)).then(
    (bytes) => new Response(bytes),
    () => new Response('not found', { status: 404 }),
  ),
);
// Workers leave compression to Cloudflare: no compressor, as in src/entry/worker.ts.
const app = createApp({ store, config: defaultConfig, clock: systemClock });
const response = await app.request(path);
const bytes = (await response.arrayBuffer()).byteLength;
const cpu = process.cpuUsage(started);
process.stdout.write(
  `${JSON.stringify({ path, status: response.status, bytes, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wall })}\n`,
);
