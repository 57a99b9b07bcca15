import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFieldRefusal, EXIT } from '../../src/cli/cli-support.js';
import { runGpos } from '../helpers/run-cli.js';

/**
 * A field the contracts refuse is named by the CLI option (or variable) the person set, not by the API's
 * field path, and the command exits with 2 (EXIT.USAGE). Validation runs before anything is looked up, so
 * the person named in `--as` need not exist.
 */
describe('gpos field refusals name the options', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-field-names-'));
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' });
    expect((await runGpos('migrate')).code).toBe(0);
  });
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says --reason, --note and --report', async () => {
    const cases: [string[], string][] = [
      [['access-requests', 'ask', '--network', '00000000-0000-4000-8000-000000000000', '--reason', 'short', '--as', 'a@example.org'], '--reason: '],
      [['access-requests', 'answer', '00000000-0000-4000-8000-000000000000', '--grant', '--note', '', '--as', 'a@example.org'], '--note: '],
      [['misp', 'export', '--report', 'not-a-uuid', '--org', '00000000-0000-4000-8000-000000000000'], '--report'],
    ];
    for (const [args, named] of cases) {
      const run = await runGpos(...args);
      expect(run.err, args.join(' ')).toContain(named);
      expect(run.err).not.toMatch(/\bbody\./);
      expect(run.code, args.join(' ')).toBe(EXIT.USAGE);
    }
  });

  it('maps a service’s field errors (body.note) and a whole value (GPOS_NEW_PASSWORD) alike', () => {
    expect(cliFieldRefusal([{ path: 'body.note', message: 'must be 5 or more characters' }], { note: '--note' }).message).toBe('--note: must be 5 or more characters');
    expect(cliFieldRefusal([{ path: 'query.limit', message: 'too big' }], { limit: '--limit' }).message).toBe('--limit: too big');
    expect(cliFieldRefusal([{ path: '', message: 'too short' }], { '': 'GPOS_NEW_PASSWORD' }).message).toBe('GPOS_NEW_PASSWORD: too short');
    expect(cliFieldRefusal([{ path: 'body.info', message: 'too long' }], { info: '--info' }).exitCode).toBe(EXIT.USAGE);
  });
});
