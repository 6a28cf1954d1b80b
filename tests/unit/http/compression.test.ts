// When a coded variant is upgraded, and the background queue that runs upgrades one at a time.
import { describe, expect, it } from 'vitest';
import {
  createBackgroundQueue,
  defaultUpgradePolicy,
  type UpgradePolicy,
  upgradeDue,
  upgradeWorthIt,
} from '../../../src/http/compression.ts';

const policy: UpgradePolicy = { afterServes: 3, minSaving: 0.01, maxWaiting: 2 };

/** A job that runs until released, recording when it starts. */
function gated(log: string[], name: string) {
  let release = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const job = async () => {
    log.push(`start ${name}`);
    await done;
    log.push(`end ${name}`);
  };
  return { job, release };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('upgradeDue', () => {
  it('is false before the variant has been served afterServes times, true from then on', () => {
    expect([0, 1, 2, 3, 4, 100].map((n) => upgradeDue(n, policy))).toEqual([false, false, false, true, true, true]);
  });

  it('waits for more than one serve by default, so a document asked for once is never recompressed', () => {
    expect(upgradeDue(1, defaultUpgradePolicy)).toBe(false);
    expect(upgradeDue(defaultUpgradePolicy.afterServes, defaultUpgradePolicy)).toBe(true);
  });
});

describe('upgradeWorthIt', () => {
  it('replaces the fast variant only when the best one saves at least minSaving of its bytes', () => {
    expect(upgradeWorthIt(1000, 990, policy)).toBe(true);
    expect(upgradeWorthIt(1000, 800, policy)).toBe(true);
    expect(upgradeWorthIt(1000, 991, policy)).toBe(false);
    expect(upgradeWorthIt(1000, 1000, policy)).toBe(false);
    expect(upgradeWorthIt(1000, 1200, policy)).toBe(false);
  });
});

describe('createBackgroundQueue', () => {
  it('runs nothing on the caller’s stack: a job starts only after run() has returned', async () => {
    const log: string[] = [];
    const queue = createBackgroundQueue(4);
    queue.run(async () => {
      log.push('job');
    });
    log.push('after run');
    await queue.idle();
    expect(log).toEqual(['after run', 'job']);
  });

  it('runs one job at a time, in the order given', async () => {
    const log: string[] = [];
    const queue = createBackgroundQueue(4);
    const a = gated(log, 'a');
    const b = gated(log, 'b');
    queue.run(a.job);
    queue.run(b.job);
    await tick();
    expect(log).toEqual(['start a']);
    b.release();
    await tick();
    expect(log).toEqual(['start a']);
    a.release();
    await queue.idle();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('refuses a job when maxWaiting jobs are waiting, and takes one again once they have started', async () => {
    const log: string[] = [];
    const queue = createBackgroundQueue(1);
    const a = gated(log, 'a');
    const b = gated(log, 'b');
    expect(queue.run(a.job)).toBe(true);
    expect(queue.run(b.job)).toBe(false);
    await tick();
    expect(queue.run(b.job)).toBe(true);
    expect(queue.size).toBe(2);
    a.release();
    b.release();
    await queue.idle();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(queue.size).toBe(0);
  });

  it('goes on after a job that fails', async () => {
    const log: string[] = [];
    const queue = createBackgroundQueue(4);
    queue.run(() => Promise.reject(new Error('codec failed')));
    queue.run(async () => {
      log.push('next');
    });
    await queue.idle();
    expect(log).toEqual(['next']);
  });

  it('is idle at once when nothing is queued, and idle() settles only when the last job has finished', async () => {
    const log: string[] = [];
    const queue = createBackgroundQueue(4);
    await queue.idle();
    const a = gated(log, 'a');
    queue.run(a.job);
    let settled = false;
    const idle = queue.idle().then(() => {
      settled = true;
    });
    await tick();
    expect(settled).toBe(false);
    a.release();
    await idle;
    expect(log).toEqual(['start a', 'end a']);
  });
});
