import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT, serviceFieldRefusal } from '../../src/cli/cli-support.js';
import { AppError, coded, codedValidationFailed, validationFailed } from '../../src/platform/errors.js';
import { refusals } from '../../src/platform/refusals.js';
import { runGpos } from '../helpers/run-cli.js';

/**
 * A field the service refuses (its AppError's field errors name the API's paths: `body.note`,
 * `body.expiresAt`) is named by the option that fed it, exit 2, as a field the contracts' schema refuses is
 * (gpos-field-names.test.ts). The services below refuse what the test puts in `refusal.next`: the
 * commands' own checks pass, so what is said is the translation of the service's refusal.
 */
const { refusal, refusingOr, refusingService } = vi.hoisted(() => {
  const refusal = { next: null as Error | null };
  /** Throws the refusal the test set, once; otherwise does what the real service does. */
  const refusingOr =
    <A extends unknown[], R>(real: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const next = refusal.next;
      refusal.next = null;
      if (next) throw next;
      return real(...args);
    };
  /** A service factory whose `method` refuses as refusingOr does. */
  const refusingService =
    <D, S extends object>(create: (deps: D) => S, method: keyof S & string) =>
    (deps: D): S => {
      const service = create(deps);
      return { ...service, [method]: refusingOr(service[method] as (...args: unknown[]) => Promise<unknown>) };
    };
  return { refusal, refusingOr, refusingService };
});

vi.mock('../../src/modules/api-keys/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/modules/api-keys/index.js')>();
  return { ...actual, mintApiKey: refusingOr(actual.mintApiKey) };
});
vi.mock('../../src/modules/users/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/modules/users/index.js')>();
  return { ...actual, createUserRecord: refusingOr(actual.createUserRecord) };
});
vi.mock('../../src/modules/access-requests/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/modules/access-requests/index.js')>();
  return { ...actual, createAccessRequestService: refusingService(actual.createAccessRequestService, 'answer') };
});
vi.mock('../../src/modules/misp/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/modules/misp/index.js')>();
  return { ...actual, createMispExportService: refusingService(actual.createMispExportService, 'exportReports') };
});

describe('gpos names a service’s field refusals by the options', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpos-service-field-names-'));
  const saved = { ...process.env };
  let org = '';
  let analyst = '';
  const someId = '00000000-0000-4000-8000-000000000000';
  const otherId = '00000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', GPOS_NEW_PASSWORD: '' });
    expect((await runGpos('migrate')).code).toBe(0);
    expect((await runGpos('org', 'create', '--name', 'Lotus Bank', '--type', 'bank', '--country', 'TH')).code).toBe(0);
    org = (JSON.parse((await runGpos('org', 'list', '--json')).out) as { id: string }[])[0]!.id;
    analyst = 'analyst@lotus.example';
    const created = await runGpos('user', 'create', '--org', org, '--email', analyst, '--name', 'An Analyst', '--role', 'analyst');
    expect(created.code, created.err).toBe(0);
  });
  beforeEach(() => {
    refusal.next = null;
  });
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says --expires, --org, --note and --report for body.expiresAt, body.organisationId, body.note and body.reportIds.1', async () => {
    const cases: [Error, string[], string][] = [
      [codedValidationFailed('body.expiresAt', refusals.say('refusal.expiry_not_future'), '2030-01-01T00:00:00.000Z'), ['apikey', 'create', '--org', org, '--name', 'threat feed', '--expires', '2030-01-01'], '--expires: must be in the future (got "2030-01-01T00:00:00.000Z")\n'],
      [codedValidationFailed('body.organisationId', refusals.say('refusal.no_organisation', { id: org })), ['user', 'create', '--org', org, '--email', 'b@lotus.example', '--name', 'B', '--role', 'viewer'], `--org: no organisation ${org}\n`],
      [validationFailed('body.note', 'must not repeat the request’s reason'), ['access-requests', 'answer', someId, '--as', analyst, '--refuse', '--note', 'not without a court order'], '--note: must not repeat the request’s reason\n'],
      [validationFailed('body.reportIds.1', 'is listed twice'), ['misp', 'export', '--org', org, '--report', someId, '--report', otherId], '--report (reportIds.1): is listed twice\n'],
    ];
    for (const [error, args, said] of cases) {
      refusal.next = error;
      const run = await runGpos(...args);
      expect(refusal.next, `${args.join(' ')}: the service was called`).toBeNull();
      expect(run.err, args.join(' ')).toBe(said);
      expect(run.code, args.join(' ')).toBe(EXIT.USAGE);
    }
  });

  it('leaves a conflict that names a field as the service says it (exit 5), and a field no option fed as the API names it', async () => {
    refusal.next = coded('conflict', refusals.say('refusal.user_email_taken', { email: 'b@lotus.example' }), { errors: [{ path: 'body.email', ...refusals.say('refusal.email_in_use') }] });
    const taken = await runGpos('user', 'create', '--org', org, '--email', 'b@lotus.example', '--name', 'B', '--role', 'viewer');
    expect(taken.err).toBe('A user with the email b@lotus.example already exists\n');
    expect(taken.code).toBe(EXIT.REFUSED);

    expect(serviceFieldRefusal(validationFailed('body.locale', 'is not a locale'), { email: '--email' })).toMatchObject({ code: 'validation_failed', message: 'body.locale: is not a locale' });
    const mixed = serviceFieldRefusal(new AppError('validation_failed', 'two fields', { errors: [{ path: 'querystring.cursor', message: 'is not a cursor' }, { path: 'querystring.other', message: 'is unknown' }] }), { cursor: '--cursor' });
    expect(mixed).toMatchObject({ exitCode: EXIT.USAGE, message: '--cursor: is not a cursor; other: is unknown' });
  });
});
