import { Command, Option } from 'commander';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, createApiKeySchema, createOrganisationSchema, createUserSchema, LIMITS, ORGANISATION_TYPES, passwordSchema, updateUserSchema, USER_ROLES } from '@gpos/contracts';
import type { z } from 'zod';
import { OPERATOR } from '../platform/auth/index.js';
import { hashPassword } from '../platform/crypto.js';
import { createApiKeyService, mintApiKey } from '../modules/api-keys/index.js';
import { clearAccountFailures } from '../modules/auth/login-throttle.js';
import { createOrganisationService } from '../modules/organisations/index.js';
import { createUserRecord, createUserService, findUserByEmail, toUser, updateUserRow } from '../modules/users/index.js';
import { appendAudit } from '../platform/audit/index.js';
import { AppError } from '../platform/errors.js';
import { nowIso } from '../platform/ids.js';
import { type FieldOptions, withDeps, parseWith, jsonForTerminal, NotFoundError, optionRefusal, optionRefusalText, UsageError, organisationFor, organisationIdOf, parseId, serviceFieldRefusal, terminalText } from './cli-support.js';
import { printTable } from './table-text.js';
import { organisationTypeName } from './type-names.js';

/**
 * `--expires` as an ISO 8601 instant: a date (the start of that day, UTC) or a date-time. Refused when it
 * is not a real calendar date (2030-02-30 would roll over to March) or is not in the future.
 */
function expiryOf(text: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const instant = new Date(day ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(instant.getTime()) || (day && instant.toISOString().slice(0, 10) !== text)) {
    throw optionRefusal('--expires', 'must be a date (YYYY-MM-DD) or a date-time (ISO 8601)', text);
  }
  // In the API's words for an expiry that has passed (refusal.expiry_not_future).
  if (instant.getTime() <= Date.now()) throw optionRefusal('--expires', 'must be in the future', text);
  return instant.toISOString();
}

/** The console's own audit context: actions taken at the server are attributed to the operator. */
const operatorContext = { actor: OPERATOR, requestId: 'cli' };

/** An organisation's row as people read it: its kind in words ("Law enforcement", as `gpos check` and the web app say it); `--json` keeps the code. */
const organisationInWords = <T extends { type: string }>(row: T): T => ({ ...row, type: organisationTypeName(row.type) });

/** An organisation a command made or changed: as the API answers with --json, else a row in words. */
function printOrganisation(organisation: { type: string }, json: boolean | undefined): void {
  if (json) process.stdout.write(`${jsonForTerminal(organisation)}\n`);
  else printTable([organisationInWords(organisation)]);
}

/** The fields of a new organisation, as the options of `gpos org create` that set them. */
const ORGANISATION_OPTIONS: FieldOptions = { name: '--name', type: '--type', country: '--country', shortName: '--short-name' };
/** The fields of a new user, as the options (and variable) of `gpos user create` that set them. */
const USER_OPTIONS: FieldOptions = { organisationId: '--org', email: '--email', displayName: '--name', role: '--role', password: 'GPOS_NEW_PASSWORD' };
/** The field `gpos user set-role` changes, as the argument that sets it. */
const ROLE_OPTIONS: FieldOptions = { role: '<role>' };
/** The field of a new user or key that holds an organisation's id, to say a malformed one as such. */
const ORGANISATION_ID = { organisationId: 'organisation or short name' } as const;
/** The fields of a new API key, as the options of `gpos apikey create` that set them. */
const API_KEY_OPTIONS: FieldOptions = { organisationId: '--org', name: '--name', scopes: '--scopes', expiresAt: '--expires' };

export function organisationCommand(): Command {
  const org = new Command('org').description('Manage member organisations');
  org
    .command('list')
    .description('List organisations')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withDeps(async ({ db }) => {
        // The short name too: `--org` takes it where it takes the id.
        const rows = await db.selectFrom('organisations').select(['id', 'short_name as shortName', 'name', 'type', 'country', 'status']).orderBy('name').execute();
        printTable(opts.json ? rows : rows.map(organisationInWords), opts.json);
      }),
    );
  org
    .command('create')
    .description('Admit an organisation')
    .requiredOption('--name <name>', 'full name')
    .addOption(new Option('--type <type>', 'organisation type').choices(ORGANISATION_TYPES).makeOptionMandatory())
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2 country code')
    .option('--short-name <name>', 'abbreviation')
    .option('--json', 'print JSON, as POST /api/v1/organisations answers')
    .action((opts: { name: string; type: string; country: string; shortName?: string; json?: boolean }) =>
      withDeps(
        async (deps) => {
          const input = parseWith(createOrganisationSchema, { name: opts.name, type: opts.type, country: opts.country.toUpperCase(), shortName: opts.shortName }, ORGANISATION_OPTIONS);
          const created = await createOrganisationService(deps).create(operatorContext, input);
          printOrganisation(created, opts.json);
        },
        { fields: ORGANISATION_OPTIONS },
      ),
    );
  for (const [name, status] of [['suspend', 'suspended'], ['reactivate', 'active']] as const) {
    org
      .command(`${name} <id>`)
      .description(name === 'suspend' ? 'Suspend an organisation (its people and keys stop working)' : 'Reactivate an organisation (its people and keys work again)')
      .option('--json', 'print JSON, as PATCH /api/v1/organisations/{id} answers')
      .action((id: string, opts: { json?: boolean }) => {
        const organisationId = parseId('<id>', id, 'organisation');
        return withDeps(async (deps) => {
          // The same status again changes nothing and is not recorded (the service's rule), and is said so, as
          // `gpos user suspend|reactivate` says it.
          const before = await deps.db.selectFrom('organisations').select(['name', 'status']).where('id', '=', organisationId).executeTakeFirst();
          if (!before) throw new NotFoundError(optionRefusalText('<id>', 'no organisation has this id (see `gpos org list`)', id));
          const updated = await createOrganisationService(deps).update(operatorContext, organisationId, { status });
          if (before.status === status && !opts.json) process.stdout.write(`${terminalText(updated.name)} is already ${status}\n`);
          else printOrganisation(updated, opts.json);
        });
      });
  }
  return org;
}

export function userCommand(): Command {
  const user = new Command('user').description('Manage people');
  user
    .command('list')
    .description('List users')
    .option('--org <id>', 'only this organisation (its id or short name)')
    .option('--json', 'print JSON')
    .action((opts: { org?: string; json?: boolean }) =>
      withDeps(async (deps) => {
        const { db } = deps;
        let q = db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'status', 'organisation_id']).orderBy('email');
        // An organisation that does not exist is said so (exit 4), not listed as one without people.
        // `--org ""` is refused (organisationFor), never read as no filter.
        if (opts.org !== undefined) q = q.where('organisation_id', '=', (await organisationFor(deps, opts.org, 'read')).id);
        // The API's names (contracts' User), not the table's.
        const rows = (await q.execute()).map((u) => ({ id: u.id, email: u.email, displayName: u.display_name, role: u.role, status: u.status, organisationId: u.organisation_id }));
        if (opts.json) return printTable(rows, true);
        // The table names each person's organisation by its short name (what `--org` takes), else its name.
        const organisations = await db.selectFrom('organisations').select(['id', 'name', 'short_name']).execute();
        const called = new Map(organisations.map((o) => [o.id, o.short_name ?? o.name]));
        printTable(rows.map((r) => ({ ...r, organisation: called.get(r.organisationId) ?? r.organisationId })), false, ['id', 'email', 'role', 'status', 'organisation']);
      }),
    );
  user
    .command('create')
    .description('Create a user; the initial password is read from GPOS_NEW_PASSWORD, or generated and printed once when that is not set')
    .requiredOption('--org <id>', 'organisation id or short name')
    .requiredOption('--email <email>', 'email address (the sign-in name)')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'role').choices(USER_ROLES).makeOptionMandatory())
    // A password on the command line is in the process list and the shell's history for anyone to read;
    // the option stays (hidden) only to say so to whoever reaches for it.
    .addOption(new Option('--password <password>').hideHelp())
    .option('--json', 'print JSON: the user and, when generated, initialPassword (as the API answers)')
    .action((opts: { org: string; email: string; name: string; role: string; password?: string; json?: boolean }) =>
      withDeps(async (deps) => {
        if (opts.password !== undefined) {
          throw new UsageError('A password on the command line shows in the process list and the shell history: set GPOS_NEW_PASSWORD instead (or leave it unset for a generated one)');
        }
        const organisationId = await organisationIdOf(deps, opts.org);
        const input: z.output<typeof createUserSchema> = parseWith(
          createUserSchema,
          { organisationId, email: opts.email, displayName: opts.name, role: opts.role, password: process.env.GPOS_NEW_PASSWORD || undefined },
          USER_OPTIONS,
          ORGANISATION_ID,
        );
        if (!(await deps.db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst())) throw new NotFoundError(optionRefusalText('--org', 'no organisation has this id (see `gpos org list`)', opts.org));
        // A suspended organisation is refused there (409 `conflict`, exit 5), as the API refuses it.
        const created = await createUserRecord(deps, operatorContext, { ...input, organisationId });
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(created)}\n`);
          return;
        }
        printTable([created.user]);
        if (created.initialPassword) process.stdout.write(`Initial password (shown once): ${created.initialPassword}\n`);
      }, { fields: USER_OPTIONS }),
    );
  user
    .command('set-password <email>')
    .description('Set a new password for a user (ends their sessions); reads it from GPOS_NEW_PASSWORD')
    .action((email: string) =>
      withDeps(async (deps) => {
        const given = process.env.GPOS_NEW_PASSWORD;
        if (!given) throw new UsageError(`Set GPOS_NEW_PASSWORD to the new password (${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters)`);
        // The sign-in's own rule: a password it would refuse to read would lock the person out.
        const password = parseWith(passwordSchema, given, { '': 'GPOS_NEW_PASSWORD' });
        const row = await findUserByEmail(deps.db, email.trim().toLowerCase());
        if (!row) throw new NotFoundError(optionRefusalText('<email>', 'no user has this email (see `gpos user list`)', email));
        const hash = await hashPassword(password);
        await deps.db.transaction().execute(async (trx) => {
          await updateUserRow(trx, row.id, { password_hash: hash, updated_at: nowIso() });
          await trx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
          // This person's lockout only: everyone else's failed attempts still count.
          await clearAccountFailures(trx, row.email);
          await appendAudit(trx, deps.engine, operatorContext, { action: 'user.set_password', targetType: 'user', targetId: row.id, subjectOrganisationId: row.organisation_id });
        });
        process.stdout.write(`Password changed for ${row.email}\n`);
      }),
    );
  user
    .command('set-role <email> <role>')
    .description(`Change a person's role (${USER_ROLES.join(', ')}), as PATCH /api/v1/users/:id does; ends their sessions`)
    .option('--json', 'print JSON: the user, as the API answers')
    .action((email: string, role: string, opts: { json?: boolean }) =>
      withDeps(async (deps) => {
        const patch = parseWith(updateUserSchema, { role }, ROLE_OPTIONS);
        const row = await findUserByEmail(deps.db, email.trim().toLowerCase());
        if (!row) throw new NotFoundError(optionRefusalText('<email>', 'no user has this email (see `gpos user list`)', email));
        // The API's own change (users/user.service.ts): the audit event names the console as the actor and
        // the person's organisation as its subject, and a changed role ends the sessions made under the old one.
        // The same role again changes nothing, and is not recorded as a change.
        const updated = patch.role === row.role ? toUser(row) : await createUserService(deps).update(OPERATOR, operatorContext, row.id, patch);
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(updated)}\n`);
          return;
        }
        process.stdout.write(patch.role === row.role ? `${updated.email} is already ${updated.role}\n` : `${updated.email} is now ${updated.role} (was ${row.role})\n`);
      }, { fields: ROLE_OPTIONS }),
    );
  for (const [name, status] of [['suspend', 'suspended'], ['reactivate', 'active']] as const) {
    user
      .command(`${name} <email>`)
      .description(`${name === 'suspend' ? 'Suspend a user (ends their sessions)' : 'Reactivate a user'}, as PATCH /api/v1/users/:id with status "${status}" does`)
      .option('--json', 'print JSON: the user, as the API answers')
      .action((email: string, opts: { json?: boolean }) =>
        withDeps(async (deps) => {
          const row = await findUserByEmail(deps.db, email.trim().toLowerCase());
          if (!row) throw new NotFoundError(optionRefusalText('<email>', 'no user has this email (see `gpos user list`)', email));
          // The API's own change (users/user.service.ts), as set-role makes it: its checks (a suspended
          // organisation's person is not reactivated), its ending of a suspended person's sessions, its
          // audit event (user.suspend / user.reactivate, the person's organisation its subject). The same
          // status again changes nothing, and is not recorded as a change.
          const unchanged = row.status === status;
          const updated = unchanged ? toUser(row) : await createUserService(deps).update(OPERATOR, operatorContext, row.id, { status });
          if (opts.json) {
            process.stdout.write(`${jsonForTerminal(updated)}\n`);
            return;
          }
          process.stdout.write(unchanged ? `${updated.email} is already ${status}\n` : `${updated.email} is now ${status}\n`);
        }),
      );
  }
  return user;
}

export function apiKeyCommand(): Command {
  const key = new Command('apikey').description('Manage API keys');
  key
    .command('list')
    .description('List API keys (never their secrets)')
    .option('--org <id>', 'only this organisation (its id or short name)')
    .option('--json', 'print JSON')
    .action((opts: { org?: string; json?: boolean }) =>
      withDeps(async (deps) => {
        const { db } = deps;
        // Named columns, never selectAll: the secret's hash is not read, so it cannot be printed.
        let q = db
          .selectFrom('api_keys')
          .select(['id', 'organisation_id', 'name', 'prefix', 'scopes', 'created_by_user_id', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
          .orderBy('id');
        // `--org ""` is refused (organisationFor), never read as no filter.
        if (opts.org !== undefined) q = q.where('organisation_id', '=', (await organisationFor(deps, opts.org, 'read')).id);
        // The API's shape (contracts' ApiKey: camelCase, scopes a list), as GET /api/v1/api-keys answers.
        const rows: ApiKey[] = (await q.execute()).map((k) => ({
          id: k.id,
          organisationId: k.organisation_id,
          name: k.name,
          prefix: k.prefix,
          scopes: k.scopes.split(',') as ApiKeyScope[],
          createdByUserId: k.created_by_user_id,
          createdAt: k.created_at,
          expiresAt: k.expires_at,
          lastUsedAt: k.last_used_at,
          revokedAt: k.revoked_at,
        }));
        printTable(rows, opts.json, ['id', 'organisationId', 'name', 'prefix', 'scopes', 'expiresAt', 'revokedAt']);
      }),
    );
  key
    .command('create')
    .description('Create an API key and print its secret once')
    .requiredOption('--org <id>', 'organisation id or short name')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--scopes <list>', `comma-separated: ${API_KEY_SCOPES.join(', ')} (node: the key speaks for the federation peer its organisation stands for; with write)`, 'read')
    .option('--expires <iso-date>', 'expiry date-time (ISO 8601)')
    .option('--json', 'print JSON: the apiKey and its secret (as the API answers)')
    .action((opts: { org: string; name: string; scopes: string; expires?: string; json?: boolean }) =>
      withDeps(async (deps) => {
        const scopes = opts.scopes.split(',').map((s) => s.trim());
        const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
        // The ones that are no scope are quoted, as typed between the commas: what to correct, in a list of several.
        if (unknown.length > 0) throw optionRefusal('--scopes', `must be scopes among ${API_KEY_SCOPES.join(', ')}, separated by commas`, unknown.join(','));
        // The API's own checks of a new key (organisation id, name bounds and characters, scopes), then the
        // expiry's. The id as `user create` checks it: a malformed one is exit 2, not a PostgreSQL error.
        const organisationId = await organisationIdOf(deps, opts.org);
        const input = parseWith(createApiKeySchema, { organisationId, name: opts.name, scopes, ...(opts.expires ? { expiresAt: expiryOf(opts.expires) } : {}) }, API_KEY_OPTIONS, ORGANISATION_ID);
        const org = await deps.db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
        if (!org) throw new NotFoundError(optionRefusalText('--org', 'no organisation has this id (see `gpos org list`)', opts.org));
        // A suspended organisation is refused there (409 `conflict`, exit 5), as the API refuses it.
        // The operator may grant the node scope; whether it fits (a scope that pushes, an organisation standing for a
        // peer) is the service's check, said by --scopes.
        const created = await mintApiKey(deps, operatorContext, { ...input, organisationId, createdByUserId: null }).catch((error: unknown) => {
          throw serviceFieldRefusal(error, API_KEY_OPTIONS);
        });
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(created)}\n`);
          return;
        }
        printTable([created.apiKey]);
        process.stdout.write(`Secret (shown once): ${created.secret}\n`);
      }, { fields: API_KEY_OPTIONS }),
    );
  key
    .command('revoke <id>')
    .description('Revoke an API key (it answers 401 from now on)')
    .option('--json', 'print JSON: the key as it now stands, as GET /api/v1/api-keys lists it')
    .action((id: string, opts: { json?: boolean }) => {
      parseId('<id>', id, 'API key');
      return withDeps(async (deps) => {
        // The API's own revocation: the same audit record, and any cached credential of the key forgotten.
        const { apiKey, alreadyRevoked } = await createApiKeyService(deps).revoke(OPERATOR, operatorContext, id).catch((error: unknown) => {
          throw error instanceof AppError && error.code === 'not_found' ? new NotFoundError(optionRefusalText('<id>', 'no API key has this id (see `gpos apikey list`)', id)) : error;
        });
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(apiKey)}\n`);
          return;
        }
        process.stdout.write(alreadyRevoked ? `API key ${id} was already revoked (${apiKey.revokedAt})\n` : `API key ${id} is revoked\n`);
      });
    });
  return key;
}
