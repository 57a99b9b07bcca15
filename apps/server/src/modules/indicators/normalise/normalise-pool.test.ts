import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNormaliseWorker } from '../../../../test/helpers/normalise-worker.js';
import { lookupKey, normaliseIndicator } from './index.js';
import { NormalisePool, POOL_MIN_ITEMS } from './normalise-pool.js';
import type { RawIndicator } from './types.js';

let dir: string;
let worker: URL;
let remove = () => undefined as void;

// The pool runs the bundled worker (scripts/build.mjs writes it beside the server); build it the same way.
beforeAll(async () => {
  ({ dir, url: worker, remove } = await buildNormaliseWorker());
}, 60_000);

afterAll(() => remove());

const context = { reporterCountry: 'TH' };
/** A batch of every kind: valid and invalid phones, national numbers, domains, URLs, e-mails, wallets, junk. */
const batch: RawIndicator[] = Array.from({ length: 300 }, (_, i) => {
  const kinds: RawIndicator[] = [
    { value: `+66 8${String(10_000_000 + i * 7919).slice(0, 8)}` },
    { value: `08${String(10_000_000 + i * 31).slice(0, 8)}` },
    { value: `scam-${i}.example-shop.com` },
    { value: `https://pay-${i}.example.org/login?utm_source=x` },
    { value: `payout-${i}@example-mail.com` },
    { value: '+66999' },
    { value: 'this is not an identifier' },
    { type: 'phone', value: `abc${i}` },
    { value: '0x52908400098527886E0F7030069857D2E4169EE7' },
    { type: 'bank_account', value: `GB82 WEST 1234 5698 7654 3${i % 10}` },
    { value: `https://wa.me/66812${String(100_000 + i).slice(0, 6)}` },
    { value: `t.me/scam_support_${i}` },
  ];
  return kinds[i % kinds.length]!;
});

describe('NormalisePool', () => {
  it('gives exactly the in-thread keys, in order, refusals with their codes included', async () => {
    const pool = new NormalisePool(worker, 2);
    expect(pool.available).toBe(true);
    const results = await pool.keys(batch, context);
    expect(results).toEqual(batch.map((raw) => lookupKey(raw, context)));
    // The derived keys come back with them (a URL's domain, a WhatsApp account's phone): never computed again.
    expect(results[3]).toMatchObject({ ok: true, type: 'url', derived: [{ type: 'domain', value: 'example.org' }] });
    expect(results[10]).toMatchObject({ ok: true, type: 'messaging_account', derived: [{ type: 'phone' }] });
    expect(results.filter((r) => !r.ok).length).toBeGreaterThan(0);
    await pool.close();
  });

  it('gives exactly the in-thread normalisation, derived identifiers and lazily formatted phones included', async () => {
    const pool = new NormalisePool(worker, 1);
    const items: RawIndicator[] = [...batch, { value: 'https://wa.me/66812345678' }, { value: 'https://t.me/scam_support_bot' }, { type: 'url', value: 'https://sub.pay-example.co.uk/x?fbclid=1' }];
    const results = await pool.normalise(items, context);
    expect(results).toEqual(items.map((raw) => normaliseIndicator(raw, context)));
    expect(results.some((r) => r.ok && r.derived.length > 0)).toBe(true);
    expect(pool.workers).toBe(1);
    await pool.close();
  });

  it('ends a worker idle for the idle time, and starts one again for the next batch', async () => {
    const pool = new NormalisePool(worker, 1, { idleMs: 50 });
    await pool.normalise(batch.slice(0, 100), context);
    expect(pool.workers).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pool.workers).toBe(0);
    // Retiring is not failing: the pool stays available.
    expect(pool.available).toBe(true);
    expect(await pool.normalise(batch.slice(0, 100), context)).toEqual(batch.slice(0, 100).map((raw) => normaliseIndicator(raw, context)));
    expect(pool.workers).toBe(1);
    await pool.close();
  });

  it('answers concurrent batches each with its own keys, spread over its workers', async () => {
    const pool = new NormalisePool(worker, 2);
    const batches = Array.from({ length: 6 }, (_, b) => batch.slice(b * 40, b * 40 + 100));
    const answers = await Promise.all(batches.map((items) => pool.keys(items, context)));
    answers.forEach((answer, b) => expect(answer).toEqual(batches[b]!.map((raw) => lookupKey(raw, context))));
    expect(pool.workers).toBe(2);
    await pool.close();
  });

  it('normalises small batches in-thread without starting a worker', async () => {
    const pool = new NormalisePool(worker, 1);
    const items = batch.slice(0, POOL_MIN_ITEMS - 1);
    expect(await pool.keys(items, context)).toEqual(items.map((raw) => lookupKey(raw, context)));
    expect(pool.workers).toBe(0);
    await pool.close();
  });

  it('falls back to in-thread keys when a worker dies, and stops starting workers after repeated failures', async () => {
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "process.exit(3);\n");
    const pool = new NormalisePool(pathToFileURL(broken), 1);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect(await pool.keys(batch.slice(0, 100), context)).toEqual(batch.slice(0, 100).map((raw) => lookupKey(raw, context)));
    }
    expect(pool.available).toBe(false);
    await pool.close();
  });

  it('finds the worker beside the bundle, and NORMALISE_WORKERS=0 turns the pool off', async () => {
    const bundle = pathToFileURL(join(dir, 'gpos.js')).href; // the built worker sits in `dir`
    const on = NormalisePool.beside(bundle, 1);
    expect(on.available).toBe(true);
    expect(await on.keys(batch.slice(0, 100), context)).toEqual(batch.slice(0, 100).map((raw) => lookupKey(raw, context)));
    expect(on.workers).toBe(1);
    await on.close();
    expect(NormalisePool.beside(bundle, 0).available).toBe(false);
  });

  it('has no worker without the bundled file (the TypeScript sources), and none after close', async () => {
    const sources = NormalisePool.beside(import.meta.url, 1);
    expect(sources.available).toBe(false);
    expect(await sources.keys(batch.slice(0, 100), context)).toEqual(batch.slice(0, 100).map((raw) => lookupKey(raw, context)));
    const pool = new NormalisePool(worker, 1);
    await pool.keys(batch.slice(0, 100), context);
    await pool.close();
    expect(pool.available).toBe(false);
    expect(pool.workers).toBe(0);
    expect(await pool.keys(batch.slice(0, 100), context)).toEqual(batch.slice(0, 100).map((raw) => lookupKey(raw, context)));
  });
});
