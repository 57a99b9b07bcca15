import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { API_KEY_SCOPES, ORGANISATION_TYPES } from '@gpos/contracts';
import { EXIT } from '../../src/cli/cli-support.js';
import { bin, DEMO_ADMIN, gposProcess } from './gpos-process.js';

/**
 * `gpos migrate`, `demo`, and the administration of organisations, people and API keys, as an operator runs
 * them: a real process on a real SQLite file. The tests run in order on one database: the demo world the
 * second makes, and the "Test Org" the third creates and suspends, are what the later ones work on.
 */
describe('gpos CLI: migrate, demo and administration', () => {
  const { dataDir, env, gpos } = gposProcess('gpos-cli-admin');

  it('migrates, then reports the database is up to date', () => {
    expect(gpos('migrate').stdout).toMatch(/Applied: 001-foundation/);
    expect(gpos('migrate').stdout).toMatch(/up to date/);
  });

  it('creates a demo world of 40+ organisations over 25+ countries and every organisation type, once', () => {
    const first = gpos('demo');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Platform admin: admin@gpos\.demo/);
    expect(first.stdout).toMatch(/Synthetic world \(seed 2025\): 300 reports stored, 0 rejected/);
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { type: string; country: string }[];
    expect(orgs.length).toBeGreaterThanOrEqual(40);
    expect(new Set(orgs.map((o) => o.country)).size).toBeGreaterThanOrEqual(25);
    expect(new Set(orgs.map((o) => o.type))).toEqual(new Set(ORGANISATION_TYPES));
    const users = JSON.parse(gpos('user', 'list', '--json').stdout) as { role: string }[];
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['platform_admin', 'admin', 'analyst', 'investigator', 'victim_officer', 'viewer']));
    expect(gpos('demo').stdout).toMatch(/already had organisations/);
  });

  it('administers organisations, users and API keys, refusing bad input with the field named', () => {
    const created = gpos('org', 'create', '--name', 'Test Org', '--type', 'bank', '--country', 'th');
    expect(created.status).toBe(0);
    const orgId = /\b([0-9a-f-]{36})\b/.exec(created.stdout)?.[1];
    expect(orgId).toBeDefined();
    const bad = gpos('org', 'create', '--name', 'X', '--type', 'bank', '--country', 'ZZ');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/country/);
    const user = gpos('user', 'create', '--org', orgId!, '--email', 'cli@test.example', '--name', 'CLI Person', '--role', 'admin');
    expect(user.stdout).toMatch(/Initial password \(shown once\): \S{20}/);
    const key = gpos('apikey', 'create', '--org', orgId!, '--name', 'feed', '--scopes', 'read,write');
    expect(key.stdout).toMatch(/Secret \(shown once\): gpos_[\w-]{43}/);
    expect(gpos('apikey', 'create', '--org', orgId!, '--name', 'feed', '--scopes', 'read, root,x').stderr).toBe(`--scopes: must be scopes among ${API_KEY_SCOPES.join(', ')}, separated by commas (got "root,x")\n`);
    // Plain aligned tables: column names in words, an organisation's kind in words (as `gpos check` and the
    // web app say it; --json keeps the code), no index column, quotes or box lines; a list comma-separated,
    // nothing for a missing date.
    const orgTable = gpos('org', 'list').stdout.split('\n');
    expect(orgTable[0]).toMatch(/^ID {36}Short name +Name +Type +Country +Status$/);
    // No short name: a blank under its heading.
    expect(orgTable.find((line) => line.startsWith(orgId!))).toMatch(/^[0-9a-f-]{36} {14}Test Org +Bank +TH +active$/);
    expect(gpos('org', 'list').stdout).toMatch(/ {2}Law enforcement +[A-Z]{2} +active\n/);
    // People by their organisation's short name, else its name (an organisation id is a long way to read).
    const userTable = gpos('user', 'list', '--org', orgId!).stdout.split('\n');
    expect(userTable[0]).toMatch(/^ID +Email +Role +Status +Organisation$/);
    expect(userTable[1]).toMatch(/^[0-9a-f-]{36} {2}\S+ +\w+ +\w+ +Test Org$/);
    const keyTable = gpos('apikey', 'list', '--org', orgId!).stdout;
    expect(keyTable).toMatch(/^ID +Organisation ID +Name +Prefix +Scopes +Expires at +Revoked at\n/);
    expect(keyTable).toMatch(new RegExp(`\\n[0-9a-f-]{36}  ${orgId}  feed +gpos_\\S+ +read, write\\n`));
    expect(`${orgTable.join('\n')}${keyTable}`).not.toMatch(/[│┌└─]|\(index\)|'Test Org'|'feed'/);
    expect(gpos('org', 'suspend', orgId!).status).toBe(0);
    // --json as the API answers: the code of the kind, the status the command set.
    const again = JSON.parse(gpos('org', 'suspend', orgId!, '--json').stdout) as { id: string; type: string; status: string };
    expect(again).toMatchObject({ id: orgId, type: 'bank', status: 'suspended' });
    const json = JSON.parse(gpos('org', 'create', '--name', 'JSON Org', '--type', 'telco', '--country', 'ph', '--json').stdout) as { name: string; type: string; country: string };
    expect(json).toMatchObject({ name: 'JSON Org', type: 'telco', country: 'PH' });
    // Nothing is submitted for a suspended organisation; it may still be looked through.
    const file = path.join(dataDir, 'suspended.ndjson');
    fs.writeFileSync(file, `${JSON.stringify({ scamType: 'job', channel: 'call', victimCountry: 'TH', occurredAt: '2026-09-01T00:00:00Z', indicators: [{ value: '+66 81 777 0002' }] })}\n`);
    const refused = gpos('import', file, '--org', orgId!);
    expect(refused.status).toBe(EXIT.REFUSED);
    expect(refused.stderr).toMatch(/is suspended: nothing is submitted on its behalf/);
    expect(gpos('check', '--org', orgId!, '+66 81 777 0002').status).toBe(0);
  });

  it('shows a direction control in a stored name visibly in a table, and exactly in --json', () => {
    const created = gpos('org', 'create', '--name', 'Direction Test Org', '--type', 'bank', '--country', 'th');
    expect(created.status).toBe(0);
    const orgId = /\b([0-9a-f-]{36})\b/.exec(created.stdout)?.[1];
    // The CLI refuses it in a new name (the same rule as the API)…
    const refused = gpos('org', 'create', '--name', 'Lotus\u202eknab', '--type', 'bank', '--country', 'th');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/name: must not contain control characters/);
    // Quoted with the override written out, so the refusal's own line is not turned around.
    expect(refused.stderr).toMatch(/ \(got "Lotus\\u202Eknab"\)\n$/);
    expect(refused.stderr).not.toContain('\u202e');
    // …but one stored before that rule still reaches the terminal, which cannot isolate it.
    const db = new Database(path.join(dataDir, 'gpos.sqlite'));
    db.prepare('UPDATE organisations SET name = ? WHERE id = ?').run('Lotus\u202eknab', orgId);
    db.close();
    const table = gpos('org', 'list').stdout;
    expect(table).toContain('Lotus<U+202E>knab');
    expect(table).not.toContain('\u202e');
    const json = gpos('org', 'list', '--json').stdout;
    expect(json).not.toContain('\u202e');
    expect((JSON.parse(json) as { id: string; name: string }[]).find((o) => o.id === orgId)?.name).toBe('Lotus\u202eknab');
  });

  it('gives a suspended organisation no new people, keys or reactivated people, and admits no name twice', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string; name: string; status: string }[];
    const org = orgs.find((o) => o.name === 'Test Org')!;
    expect(org.status).toBe('suspended');
    const refusedAs = (result: ReturnType<typeof gpos>, because: RegExp) => {
      expect(result.status, result.stderr).toBe(EXIT.REFUSED);
      expect(result.stderr).toMatch(because);
      expect(result.stderr).toContain(`Organisation "Test Org" (${org.id}) is suspended`);
      expect(result.stderr).toContain(`\`gpos org reactivate ${org.id}\``);
      expect(result.stderr).not.toMatch(/^gpos:/);
    };
    refusedAs(gpos('user', 'create', '--org', org.id, '--email', 'late@test.example', '--name', 'Late', '--role', 'analyst'), /no one created in it could sign in/);
    refusedAs(gpos('apikey', 'create', '--org', org.id, '--name', 'late feed'), /a key created for it would not authenticate/);
    // Suspending one of its people stays possible; making them active again is not.
    expect(gpos('user', 'suspend', 'cli@test.example').status).toBe(EXIT.OK);
    refusedAs(gpos('user', 'reactivate', 'cli@test.example'), /cli@test\.example could not sign in even if reactivated/);
    const users = JSON.parse(gpos('user', 'list', '--org', org.id, '--json').stdout) as { email: string; status: string }[];
    expect(users).toEqual([expect.objectContaining({ email: 'cli@test.example', status: 'suspended' })]);
    const keys = JSON.parse(gpos('apikey', 'list', '--org', org.id, '--json').stdout) as { name: string }[];
    expect(keys.map((k) => k.name)).toEqual(['feed']);
    // An organisation that does not exist is not listed as one without people or keys (CLI review, session 24).
    for (const what of ['user', 'apikey']) {
      const missing = gpos(what, 'list', '--org', '018f0000-0000-7000-8000-000000000000');
      expect(missing.status, `${what}: ${missing.stderr}`).toBe(EXIT.NOT_FOUND);
      expect(missing.stderr).toMatch(/^--org: no organisation has this id \(see `gpos org list`\) \(got "018f0000-0000-7000-8000-000000000000"\)\n$/);
      const malformed = gpos(what, 'list', '--org', 'nope');
      expect(malformed.status).toBe(EXIT.USAGE);
      expect(malformed.stderr).toBe('--org: is neither an organisation id nor the short name of one (see `gpos org list`) (got "nope")\n');
    }

    // A name another organisation has, in any case and spacing, is refused with the field and that organisation named.
    const twin = gpos('org', 'create', '--name', '  test   ORG ', '--type', 'bank', '--country', 'th');
    expect(twin.status, twin.stderr).toBe(EXIT.REFUSED);
    expect(twin.stderr).toContain(`An organisation named "Test Org" exists already (${org.id})`);
    expect((JSON.parse(gpos('org', 'list', '--json').stdout) as { name: string }[]).filter((o) => o.name.toLowerCase().includes('test org'))).toHaveLength(1);

    // Reactivated, it gets all three; then suspended again, as the test found it.
    expect(gpos('org', 'reactivate', org.id).status).toBe(EXIT.OK);
    expect(gpos('user', 'reactivate', 'cli@test.example').status).toBe(EXIT.OK);
    expect(gpos('user', 'create', '--org', org.id, '--email', 'late@test.example', '--name', 'Late', '--role', 'analyst').status).toBe(EXIT.OK);
    expect(gpos('apikey', 'create', '--org', org.id, '--name', 'late feed').status).toBe(EXIT.OK);
    expect(gpos('org', 'suspend', org.id).status).toBe(EXIT.OK);
  });

  it('checks a new key and a new password as the API does, and clears only that person’s lockout', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string }[];
    const org = orgs[0]!.id;
    expect(gpos('apikey', 'create', '--org', org, '--name', '').stderr).toMatch(/name/);
    expect(gpos('apikey', 'create', '--org', org, '--name', 'x', '--expires', '2030-02-30').stderr).toBe('--expires: must be a date (YYYY-MM-DD) or a date-time (ISO 8601) (got "2030-02-30")\n');
    expect(gpos('apikey', 'create', '--org', org, '--name', 'x', '--expires', '2001-01-01').stderr).toBe('--expires: must be in the future (got "2001-01-01")\n');
    expect(gpos('user', 'create', '--org', '01a22adf-0fe6-704e-85ea-000000000000', '--email', 'nobody@test.example', '--name', 'N', '--role', 'analyst').stderr).toMatch(/^--org: no organisation has this id \(see `gpos org list`\) \(got "01a22adf-0fe6-704e-85ea-000000000000"\)/);
    // Refusals name what was typed (`--org`, `--email`), not the API's fields.
    expect(gpos('user', 'create', '--org', 'nope', '--email', 'bad', '--name', 'N', '--role', 'analyst').stderr).toBe(
      '--org: is neither an organisation id nor the short name of one (see `gpos org list`) (got "nope"); --email: must be an email address (got "bad")\n',
    );
    expect(gpos('apikey', 'create', '--org', org, '--name', 'x'.repeat(500)).stderr).toMatch(/^--name: /m);
    // The operator may grant node (a key that speaks for a federation peer) where it fits: beside write, for an
    // organisation standing for a peer. Refused as the API refuses it, by the option that fed it.
    expect(gpos('apikey', 'create', '--org', org, '--name', 'x', '--scopes', 'read,node').stderr).toBe('--scopes: the node scope vouches for what the key pushes, and pushing needs write: add write or admin (got "read,node")\n');
    const notAPeer = gpos('apikey', 'create', '--org', org, '--name', 'x', '--scopes', 'write,node');
    expect(notAPeer.status).toBe(EXIT.USAGE);
    expect(notAPeer.stderr).toMatch(/^--scopes: .+ stands for no federation peer, .+: add the peer first \(got "write,node"\)\n$/);
    // A password is never an argument (the process list and shell history would show it): GPOS_NEW_PASSWORD.
    const inArguments = gpos('user', 'create', '--org', org, '--email', 'argv@test.example', '--name', 'A', '--role', 'analyst', '--password', 'a long password in argv');
    expect(inArguments.status).toBe(2);
    expect(inArguments.stderr).toMatch(/set GPOS_NEW_PASSWORD instead/);
    expect(gpos('user', 'create', '--help').stdout).not.toMatch(/--password/);
    const shortOne = spawnSync(process.execPath, [bin, 'user', 'create', '--org', org, '--email', 'env@test.example', '--name', 'E', '--role', 'analyst'], { env: { ...env, GPOS_NEW_PASSWORD: 'short' }, encoding: 'utf8' });
    expect(shortOne.stderr).toMatch(/^GPOS_NEW_PASSWORD: must be at least 12 characters$/m);
    const fromEnv = spawnSync(process.execPath, [bin, 'user', 'create', '--org', org, '--email', 'env@test.example', '--name', 'E', '--role', 'analyst'], { env: { ...env, GPOS_NEW_PASSWORD: 'a long password from env' }, encoding: 'utf8' });
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).not.toMatch(/Initial password/);
    const long = spawnSync(process.execPath, [bin, 'user', 'set-password', DEMO_ADMIN], { env: { ...env, GPOS_NEW_PASSWORD: 'x'.repeat(300) }, encoding: 'utf8' });
    expect(long.status).toBe(2);
    const db = new Database(path.join(dataDir, 'gpos.sqlite'));
    const lock = db.prepare("insert into login_attempts (key, failures, window_started_at, locked_until) values (?, 5, '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')");
    lock.run('email:someone-else');
    lock.run(`email:${createHash('sha256').update(DEMO_ADMIN).digest('hex')}`);
    lock.run(`email:${createHash('sha256').update(DEMO_ADMIN).digest('hex')}|ip:${createHash('sha256').update('203.0.113.9').digest('hex')}`);
    db.close();
    const changed = spawnSync(process.execPath, [bin, 'user', 'set-password', DEMO_ADMIN], { env: { ...env, GPOS_NEW_PASSWORD: 'a new long password 1' }, encoding: 'utf8' });
    expect(changed.status, changed.stderr).toBe(0);
    const after = new Database(path.join(dataDir, 'gpos.sqlite'), { readonly: true });
    expect(after.prepare('select key from login_attempts').all()).toEqual([{ key: 'email:someone-else' }]);
    after.close();
  });

  it('prints API keys and people with --json as the API does: camelCase, never a secret or its hash', () => {
    const orgs = JSON.parse(gpos('org', 'list', '--json').stdout) as { id: string }[];
    const created = gpos('apikey', 'create', '--org', orgs[0]!.id, '--name', 'json check', '--scopes', 'read,write');
    expect(created.status).toBe(EXIT.OK);
    const secret = /Secret \(shown once\): (gpos_[\w-]{43})/.exec(created.stdout)![1]!;
    const listed = gpos('apikey', 'list', '--org', orgs[0]!.id, '--json');
    expect(listed.status).toBe(EXIT.OK);
    const keys = JSON.parse(listed.stdout) as Record<string, unknown>[];
    const key = keys.find((k) => k.name === 'json check')!;
    // The contracts' ApiKey, field for field.
    expect(Object.keys(key).sort()).toEqual(['createdAt', 'createdByUserId', 'expiresAt', 'id', 'lastUsedAt', 'name', 'organisationId', 'prefix', 'revokedAt', 'scopes']);
    expect(key).toMatchObject({ organisationId: orgs[0]!.id, scopes: ['read', 'write'], revokedAt: null, prefix: secret.slice(0, 11) });
    for (const k of keys) for (const name of Object.keys(k)) expect(name).toMatch(/^[a-z][a-zA-Z]*$/);
    expect(listed.stdout).not.toMatch(/secret|hash/i);
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain(createHash('sha256').update(secret).digest('hex'));
    const users = JSON.parse(gpos('user', 'list', '--json').stdout) as Record<string, unknown>[];
    expect(Object.keys(users[0]!).sort()).toEqual(['displayName', 'email', 'id', 'organisationId', 'role', 'status']);
    expect(gpos('user', 'list', '--json').stdout).not.toMatch(/password|hash/i);
    // What creates a secret prints it in JSON too, for a script to keep, as the API answers it.
    const minted = JSON.parse(gpos('apikey', 'create', '--org', orgs[0]!.id, '--name', 'json minted', '--json').stdout) as { apiKey: Record<string, unknown>; secret: string };
    expect(minted.secret).toMatch(/^gpos_[\w-]{43}$/);
    expect(minted.apiKey).toMatchObject({ name: 'json minted', scopes: ['read'], prefix: minted.secret.slice(0, 11) });
    const person = JSON.parse(gpos('user', 'create', '--org', orgs[0]!.id, '--email', 'json@test.example', '--name', 'Json', '--role', 'viewer', '--json').stdout) as { user: Record<string, unknown>; initialPassword: string };
    expect(person.user).toMatchObject({ email: 'json@test.example', role: 'viewer', organisationId: orgs[0]!.id });
    expect(person.initialPassword).toMatch(/^\S{20,}$/);
    // Revoking prints the key as it now stands; a second revoke changes nothing and says so.
    const revoked = JSON.parse(gpos('apikey', 'revoke', String(minted.apiKey.id), '--json').stdout) as Record<string, unknown>;
    expect(revoked).toMatchObject({ id: minted.apiKey.id, name: 'json minted', revokedAt: expect.stringMatching(/^\d{4}-/) });
    expect(JSON.stringify(revoked)).not.toContain(minted.secret);
    const again = gpos('apikey', 'revoke', String(minted.apiKey.id));
    expect(again.status).toBe(EXIT.OK);
    expect(again.stdout).toBe(`API key ${String(minted.apiKey.id)} was already revoked (${String(revoked.revokedAt)})\n`);
  });
});

/** CLI review, session 58: `gpos demo` gave a real platform's organisations 2,000 synthetic reports as their own. */
describe('gpos demo on a platform of real organisations', () => {
  const { dataDir, gpos } = gposProcess('gpos-cli-demo-real');
  const reports = () => {
    const db = new Database(path.join(dataDir, 'gpos.sqlite'), { readonly: true });
    try {
      return (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('refuses with exit 5 and stores no report; without reports it only says the platform was left as it is', () => {
    expect(gpos('migrate').status).toBe(0);
    expect(gpos('org', 'create', '--name', 'Real Bank', '--type', 'bank', '--country', 'TH', '--short-name', 'RB').status).toBe(0);
    const refused = gpos('demo', '--reports', '5');
    expect(refused.status, refused.stderr).toBe(EXIT.REFUSED);
    expect(refused.stderr).toMatch(/not the demo world: synthetic reports would be stored as its organisations' own\. Nothing was changed/);
    expect(refused.stdout).toBe('');
    expect(reports()).toBe(0);
    const none = gpos('demo', '--reports', '0');
    expect(none.status).toBe(0);
    expect(none.stdout).toMatch(/already had organisations; they were left as they are/);
  });
});
