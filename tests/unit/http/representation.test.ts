// A representation's coded variants: fast on first use, replaced in the background by the best one once
// served often enough, each with the ETag of its own bytes, and the bytes the render cache counts.
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type Compressor, createCompressor, type Encoder, type UpgradePolicy } from '../../../src/http/compression.ts';
import { createRepresentation, type Representation } from '../../../src/http/representation.ts';
import { backgroundSettings, requestPathSettings, zlibEncoder } from '../../../src/runtime/node/compress.ts';
import { expectedEtag } from '../../support/http.ts';

const policy: UpgradePolicy = { afterServes: 3, minSaving: 0.01, maxWaiting: 8 };
const fast = zlibEncoder(requestPathSettings);
const best = zlibEncoder(backgroundSettings);

// Prose with some repetition, as a feed is: Brotli 11 is clearly smaller than the fast setting on it.
const text = Array.from(
  { length: 200 },
  (_, i) => `<entry><title>Story ${i} about the ${['harbour', 'council', 'market'][i % 3]}</title></entry>\n`,
).join('');

const newRep = () =>
  createRepresentation(text, { contentType: 'application/atom+xml', lastModified: 0, crossOrigin: true });

/** Serves `coding` n times the way requests do: the route's variant() first, then the fast path's ready(). */
async function serve(rep: Representation, compressor: Compressor, n: number) {
  await rep.variant('br', compressor);
  for (let i = 1; i < n; i++) rep.ready('br');
}

/** An encoder that counts its calls. */
function counted(encoder: Encoder) {
  const calls = { n: 0 };
  const wrapped: Encoder = (bytes, coding) => {
    calls.n++;
    return encoder(bytes, coding);
  };
  return { wrapped, calls };
}

describe('coded variants', () => {
  it('compresses on first use with the fast encoder, and ready() returns that variant', async () => {
    const rep = await newRep();
    const compressor = createCompressor({ fast, best }, policy);
    expect(rep.ready('br')).toBeUndefined();
    const first = await rep.variant('br', compressor);
    expect(first.body).toEqual(await fast(rep.identity.body, 'br'));
    expect(first.etag).toBe(expectedEtag(first.body));
    expect(rep.ready('br')).toBe(first);
  });

  it('shares one fast compression between concurrent first requests', async () => {
    const rep = await newRep();
    const f = counted(fast);
    const compressor = createCompressor({ fast: f.wrapped, best }, policy);
    const [a, b] = await Promise.all([rep.variant('gzip', compressor), rep.variant('gzip', compressor)]);
    expect(a).toBe(b);
    expect(f.calls.n).toBe(1);
  });

  it('queues no upgrade before the variant has been served afterServes times', async () => {
    const rep = await newRep();
    const b = counted(best);
    const compressor = createCompressor({ fast, best: b.wrapped }, policy);
    await serve(rep, compressor, policy.afterServes - 1);
    expect(compressor.background.size).toBe(0);
    await compressor.background.idle();
    expect(b.calls.n).toBe(0);
  });

  it('replaces a variant served afterServes times by the best one, with the ETag of its bytes', async () => {
    const rep = await newRep();
    const compressor = createCompressor({ fast, best }, policy);
    await serve(rep, compressor, policy.afterServes);
    const before = rep.ready('br');
    expect(compressor.background.size).toBe(1);
    await compressor.background.idle();
    const after = rep.ready('br');
    expect(after).not.toBe(before);
    expect(after?.body).toEqual(await best(rep.identity.body, 'br'));
    expect(after?.etag).toBe(expectedEtag(after?.body as Uint8Array));
    expect(after?.etag).not.toBe(before?.etag);
    expect(after?.body.byteLength).toBeLessThan(before?.body.byteLength as number);
    expect(new TextDecoder().decode(brotliDecompressSync(after?.body as Uint8Array))).toBe(text);
    expect(await rep.variant('br', compressor)).toBe(after);
  });

  it('upgrades a variant once, however often it is served afterwards', async () => {
    const rep = await newRep();
    const b = counted(best);
    const compressor = createCompressor({ fast, best: b.wrapped }, policy);
    await serve(rep, compressor, policy.afterServes * 4);
    await compressor.background.idle();
    await serve(rep, compressor, policy.afterServes * 4);
    await compressor.background.idle();
    expect(b.calls.n).toBe(1);
  });

  it('keeps the fast variant and its ETag when the best one saves too little', async () => {
    const rep = await newRep();
    const compressor = createCompressor({ fast, best: fast }, policy);
    await serve(rep, compressor, policy.afterServes);
    const before = rep.ready('br');
    await compressor.background.idle();
    expect(rep.ready('br')).toBe(before);
  });

  it('keeps the fast variant when the best encoder fails', async () => {
    const rep = await newRep();
    const failing: Encoder = () => Promise.reject(new Error('codec failed'));
    const compressor = createCompressor({ fast, best: failing }, policy);
    await serve(rep, compressor, policy.afterServes);
    const before = rep.ready('br');
    await compressor.background.idle();
    expect(rep.ready('br')).toBe(before);
  });

  it('asks again at a later serve when the queue was full', async () => {
    const rep = await newRep();
    const compressor = createCompressor({ fast, best }, { ...policy, maxWaiting: 1 });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // One job running and one waiting: the queue is full.
    compressor.background.run(() => held);
    await new Promise((resolve) => setTimeout(resolve, 0));
    compressor.background.run(() => held);
    await serve(rep, compressor, policy.afterServes);
    expect(compressor.background.size).toBe(2);
    const fastVariant = rep.ready('br');
    release();
    await compressor.background.idle();
    // Refused while full, so nothing was upgraded; this serve asks again and is taken.
    expect(rep.ready('br')).toBe(fastVariant);
    expect(compressor.background.size).toBe(1);
    await compressor.background.idle();
    expect(rep.ready('br')).not.toBe(fastVariant);
  });

  it('counts the identity body and the current coded variants in bytes, before and after an upgrade', async () => {
    const rep = await newRep();
    const compressor = createCompressor({ fast, best }, policy);
    const identity = rep.identity.body.byteLength;
    expect(rep.bytes).toBe(identity);
    const gz = await rep.variant('gzip', compressor);
    await serve(rep, compressor, policy.afterServes);
    const fastBr = rep.ready('br')?.body.byteLength as number;
    expect(rep.bytes).toBe(identity + gz.body.byteLength + fastBr);
    await compressor.background.idle();
    const bestBr = rep.ready('br')?.body.byteLength as number;
    expect(bestBr).toBeLessThan(fastBr);
    expect(rep.bytes).toBe(identity + gz.body.byteLength + bestBr);
  });
});
