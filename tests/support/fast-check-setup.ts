// fast-check's seed: pinned under CI (a submission must not land or fail by luck), random elsewhere so
// every local run explores new cases. FC_SEED reproduces a failure reported with its seed.
import fc from 'fast-check';

const pinned = process.env.FC_SEED ?? (process.env.CI ? '20261128' : undefined);
if (pinned !== undefined) fc.configureGlobal({ seed: Number(pinned) });
