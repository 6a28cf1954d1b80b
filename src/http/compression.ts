// Owns how coded variants are made: a fast setting on the request path, the best setting only in the
// background, one job at a time, and the rule for when a variant is worth recompressing. The encoders
// themselves come from the runtime (Node's zlib); Workers do not compress (Cloudflare does).

export type Coding = 'br' | 'gzip';

export type Encoder = (bytes: Uint8Array<ArrayBuffer>, coding: Coding) => Promise<Uint8Array<ArrayBuffer>>;

export interface UpgradePolicy {
  /** A fast variant chosen for this many responses (200, 304 and HEAD alike) is queued for an upgrade. */
  afterServes: number;
  /** The best variant replaces the fast one only when it is at least this fraction smaller: a new
   * ETag costs every client holding the old one a full download (RFC 9110 8.8.3), so a few bytes are
   * not worth it. */
  minSaving: number;
  /** Upgrades waiting at most; one asked for beyond that is refused, and asked for again at a later serve. */
  maxWaiting: number;
}

// Three serves: a document asked for once (a crawler, one reader's first fetch) stays fast; one polled
// is upgraded early, so few clients ever hold the fast variant's ETag.
export const defaultUpgradePolicy: UpgradePolicy = { afterServes: 3, minSaving: 0.01, maxWaiting: 64 };

/** Whether a fast variant chosen `serves` times should be recompressed at the best setting. */
export function upgradeDue(serves: number, policy: UpgradePolicy): boolean {
  return serves >= policy.afterServes;
}

/** Whether the best variant (`bestBytes` long) should replace the fast one (`fastBytes` long). */
export function upgradeWorthIt(fastBytes: number, bestBytes: number, policy: UpgradePolicy): boolean {
  return bestBytes <= fastBytes * (1 - policy.minSaving);
}

/** Background jobs, run one at a time in the order given; never on the caller's stack. */
export interface BackgroundQueue {
  /** Queues `job`; false (and the job dropped) when `maxWaiting` jobs are waiting already. */
  run(job: () => Promise<void>): boolean;
  /** Settles once no job is waiting or running (tests and benchmarks wait on it; requests never do). */
  idle(): Promise<void>;
  /** Jobs waiting, plus the one running. */
  readonly size: number;
}

export function createBackgroundQueue(maxWaiting: number): BackgroundQueue {
  const waiting: (() => Promise<void>)[] = [];
  /** Whether the loop below is scheduled or running: it takes every job queued meanwhile. */
  let draining = false;
  let running = 0;
  let idlers: (() => void)[] = [];

  const drain = async () => {
    for (let job = waiting.shift(); job; job = waiting.shift()) {
      running = 1;
      // A failed job (a codec error) leaves its fast variant in place; the queue goes on.
      await job().catch(() => {});
      running = 0;
    }
    draining = false;
    const settled = idlers;
    idlers = [];
    for (const resolve of settled) resolve();
  };

  return {
    run(job) {
      if (waiting.length >= maxWaiting) return false;
      waiting.push(job);
      // Started from a macrotask, so the response that asked for the job is written first.
      if (!draining) {
        draining = true;
        setTimeout(drain, 0);
      }
      return true;
    },
    idle: () => (draining ? new Promise((resolve) => idlers.push(resolve)) : Promise.resolve()),
    get size() {
      return waiting.length + running;
    },
  };
}

/** What the request path and the background use: see createCompressor. */
export interface Compressor {
  /** The request path's setting: about as cheap as rendering the document. */
  fast: Encoder;
  /** The smallest output, far slower: only ever run from `background`. */
  best: Encoder;
  policy: UpgradePolicy;
  background: BackgroundQueue;
}

export function createCompressor(
  encoders: { fast: Encoder; best: Encoder },
  policy: UpgradePolicy = defaultUpgradePolicy,
): Compressor {
  return { ...encoders, policy, background: createBackgroundQueue(policy.maxWaiting) };
}
