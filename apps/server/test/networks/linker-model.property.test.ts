import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../helpers/test-db.js';
import { runSequence, stepArbitrary } from './linker-model.js';
import { countPreviewsChecked } from './preview-oracle.js';

/**
 * The incremental linker against a full rebuild over random sequences of everything that changes links
 * (see linker-model.ts), every decision against its preview (preview-oracle.ts). Bounded for the suite; LINKFUZZ_RUNS, LINKFUZZ_STEPS, LINKFUZZ_POOL and
 * LINKFUZZ_SEED widen or vary it locally.
 */
const RUNS = Number(process.env.LINKFUZZ_RUNS ?? 0) || undefined;
const MAX_STEPS = Number(process.env.LINKFUZZ_STEPS ?? 20);
const MAX_POOL = Number(process.env.LINKFUZZ_POOL ?? 6);
const SEED = Number(process.env.LINKFUZZ_SEED ?? 20251202);

describe.each(testEngines())('the incremental linker against a full rebuild, random sequences (%s)', (engine) => {
  // One database, emptied before each sequence (LinkWorld.open).
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database.drop();
  });
  it('ends every step where a full rebuild ends', { timeout: 180_000 }, async () => {
    const started = performance.now();
    const checked = countPreviewsChecked();
    const numRuns = RUNS ?? (engine === 'sqlite' ? 40 : 25);
    const sequence = fc.integer({ min: 4, max: MAX_POOL }).chain((pool) => fc.array(stepArbitrary(pool), { minLength: 10, maxLength: MAX_STEPS }));
    await fc.assert(
      fc.asyncProperty(sequence, (steps) => runSequence(engine, steps, database)),
      { numRuns, seed: SEED },
    );
    // What this engine's decisions' previews covered (preview-oracle.ts).
    console.log(`${engine}: ${numRuns} sequences (seed ${SEED}) in ${((performance.now() - started) / 1000).toFixed(1)} s; previews checked: ${JSON.stringify(checked())}`);
  });
});
