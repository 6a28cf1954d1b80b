// Node only: keep a WebSub hub informed. On start (and on every store swap) ping the hub for each
// feed whose first document changed since the last snapshot in .herald/websub.json; then wake when
// the next scheduled article goes live and do it again. Never blocks serving; failures are logged.
import { readFile } from 'node:fs/promises';
import type { HeraldContext } from '../../app/context.ts';
import { writeAtomically } from '../../build/atomic-write.mjs';
import type { Clock } from '../../core/clock.ts';
import { publishTopics } from '../../websub/publisher.ts';
import { changedTopics, topicEtags } from '../../websub/topics.ts';

export const WEBSUB_STATE_PATH = '.herald/websub.json';
// setTimeout's ceiling is about 24.8 days; a later go-live is approached in steps.
const MAX_DELAY = 2 ** 31 - 1;

export async function readSnapshot(path = WEBSUB_STATE_PATH): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

export async function writeSnapshot(snapshot: Record<string, string>, path = WEBSUB_STATE_PATH): Promise<void> {
  writeAtomically(path, `${JSON.stringify(snapshot, null, 1)}\n`);
}

/** Compare the feeds with the snapshot, ping the hub for those that changed, save the new snapshot.
 * A topic whose ping gave up keeps its old ETag there, so the next run announces it again. */
export async function syncHub(
  ctx: HeraldContext,
  clock: Clock,
  statePath = WEBSUB_STATE_PATH,
  all = false,
  signal?: AbortSignal,
) {
  const store = ctx.currentStore();
  const hub = ctx.hub(store);
  if (!hub) return { hub: undefined, topics: [], results: [] };
  const current = await topicEtags(ctx, store, clock().getTime());
  // Stopped while rendering: leave the snapshot alone, so the next start pings these feeds.
  if (signal?.aborted) return { hub, topics: [], results: [] };
  const previous = await readSnapshot(statePath);
  const topics = all ? Object.keys(current).sort() : changedTopics(previous, current);
  const results = await publishTopics(topics, { hub, log: ctx.log, ...(signal ? { signal } : {}) });
  const failed = new Set(results.filter((r) => !r.ok).map((r) => r.topic));
  const next: Record<string, string> = {};
  for (const [topic, etag] of Object.entries(current)) {
    const kept = failed.has(topic) ? previous[topic] : etag;
    if (kept !== undefined) next[topic] = kept;
  }
  await writeSnapshot(next, statePath);
  return { hub, topics, results };
}

export interface HubSync {
  /** Run now (start, store swap) and re-arm the go-live timer. */
  trigger(): void;
  /** Clear the timer and abandon pings still retrying; settles once the run in progress has ended. */
  stop(): Promise<void>;
}

export function startHubSync(ctx: HeraldContext, clock: Clock, statePath = WEBSUB_STATE_PATH): HubSync {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = Promise.resolve();
  const stopped = new AbortController();
  const arm = () => {
    if (timer) clearTimeout(timer);
    // A run that ends after stop() must not set a new timer.
    if (stopped.signal.aborted) return;
    const now = clock().getTime();
    const next = ctx.currentStore().select({ kind: 'all' }, now).nextChange;
    if (next === undefined) return;
    // One second after go-live, so the visible set has certainly changed.
    timer = setTimeout(trigger, Math.min(MAX_DELAY, next - now + 1000));
    timer.unref();
  };
  const trigger = () => {
    if (stopped.signal.aborted) return;
    running = running
      .then(() => syncHub(ctx, clock, statePath, false, stopped.signal))
      .then(
        () => undefined,
        (error) => ctx.log({ level: 'error', msg: 'websub sync failed', error: String(error) }),
      )
      .finally(arm);
  };
  return {
    trigger,
    stop: () => {
      stopped.abort();
      if (timer) clearTimeout(timer);
      return running;
    },
  };
}
