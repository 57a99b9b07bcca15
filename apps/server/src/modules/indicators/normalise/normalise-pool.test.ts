import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalKey } from './index.js';
import { NormalisePool, POOL_MIN_ITEMS } from './normalise-pool.js';
import type { RawIndicator } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../../../../..');
const dir = mkdtempSync(join(tmpdir(), 'gpos-normalise-pool-'));
let worker: URL;

// The pool runs the bundled worker (scripts/build.mjs writes it beside the server); build it the same way.
beforeAll(async () => {
  const esbuild = await import('esbuild');
  const outfile = join(dir, 'normalise-worker.js');
  await esbuild.build({
    entryPoints: [join(here, 'normalise-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: { '@gpos/contracts': join(root, 'packages/contracts/src/index.ts') },
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'warning',
  });
  worker = pathToFileURL(outfile);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
  ];
  return kinds[i % kinds.length]!;
});

describe('NormalisePool', () => {
  it('gives exactly the in-thread keys, in order, refusals with their codes included', async () => {
    const pool = new NormalisePool(worker, 2);
    expect(pool.available).toBe(true);
    const results = await pool.keys(batch, context);
    expect(results).toEqual(batch.map((raw) => canonicalKey(raw, context)));
    expect(results.filter((r) => !r.ok).length).toBeGreaterThan(0);
    await pool.close();
  });

  it('answers concurrent batches each with its own keys, spread over its workers', async () => {
    const pool = new NormalisePool(worker, 2);
    const batches = Array.from({ length: 6 }, (_, b) => batch.slice(b * 40, b * 40 + 100));
    const answers = await Promise.all(batches.map((items) => pool.keys(items, context)));
    answers.forEach((answer, b) => expect(answer).toEqual(batches[b]!.map((raw) => canonicalKey(raw, context))));
    expect(pool.workers).toBe(2);
    await pool.close();
  });

  it('normalises small batches in-thread without starting a worker', async () => {
    const pool = new NormalisePool(worker, 1);
    const items = batch.slice(0, POOL_MIN_ITEMS - 1);
    expect(await pool.keys(items, context)).toEqual(items.map((raw) => canonicalKey(raw, context)));
    expect(pool.workers).toBe(0);
    await pool.close();
  });

  it('falls back to in-thread keys when a worker dies, and stops starting workers after repeated failures', async () => {
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "process.exit(3);\n");
    const pool = new NormalisePool(pathToFileURL(broken), 1);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect(await pool.keys(batch.slice(0, 100), context)).toEqual(batch.slice(0, 100).map((raw) => canonicalKey(raw, context)));
    }
    expect(pool.available).toBe(false);
    await pool.close();
  });

  it('finds the worker beside the bundle, and NORMALISE_WORKERS=0 turns the pool off', async () => {
    const bundle = pathToFileURL(join(dir, 'gpos.js')).href; // the built worker sits in `dir`
    const on = NormalisePool.beside(bundle, 1);
    expect(on.available).toBe(true);
    expect(await on.keys(batch.slice(0, 100), context)).toEqual(batch.slice(0, 100).map((raw) => canonicalKey(raw, context)));
    expect(on.workers).toBe(1);
    await on.close();
    expect(NormalisePool.beside(bundle, 0).available).toBe(false);
  });

  it('has no worker without the bundled file (the TypeScript sources), and none after close', async () => {
    const sources = NormalisePool.beside(import.meta.url, 1);
    expect(sources.available).toBe(false);
    expect(await sources.keys(batch.slice(0, 100), context)).toEqual(batch.slice(0, 100).map((raw) => canonicalKey(raw, context)));
    const pool = new NormalisePool(worker, 1);
    await pool.keys(batch.slice(0, 100), context);
    await pool.close();
    expect(pool.available).toBe(false);
    expect(pool.workers).toBe(0);
    expect(await pool.keys(batch.slice(0, 100), context)).toEqual(batch.slice(0, 100).map((raw) => canonicalKey(raw, context)));
  });
});
