import { Command } from 'commander';
import { isConsoleRequestId, LIMITS, listAuditQuerySchema, type AuditEvent } from '@gpos/contracts';
import type { ServerDeps } from '../platform/context.js';
import { OPERATOR } from '../platform/auth/index.js';
import { verifyAuditChain } from '../platform/audit/index.js';
import { quotedValue } from '../platform/http/validation-errors.js';
import { createAuditService } from '../modules/audit/index.js';
import { EXIT, type FieldOptions, jsonForTerminal, optionRefusal, organisationFor, parseWith, UsageError, wholeNumberOption, withDeps } from './cli-support.js';
import { cursorRefusal } from './network-view-options.js';
import { printTable } from './table-text.js';

/** `gpos audit list`'s options, as commander hands them over. */
type ListOptions = { org?: string; action?: string; since?: string; until?: string; limit?: string; cursor?: string; json?: boolean };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `--since` / `--until` as an ISO 8601 instant: a date-time as typed, or a day (UTC): `--since` from its
 * start, `--until` to its end (the next day's start, which the API's `to` excludes), so that
 * `--since 2026-11-01 --until 2026-11-01` is that whole day. A day that is no calendar date is refused.
 */
export function instantOption(option: '--since' | '--until', text: string): string {
  const refused = () => optionRefusal(option, 'must be a day (2026-11-01, UTC) or an ISO 8601 date-time such as 2026-11-01T08:00:00+07:00', text);
  if (DAY.test(text)) {
    const start = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== text) throw refused();
    return option === '--since' ? start.toISOString() : new Date(start.getTime() + 86_400_000).toISOString();
  }
  if (!listAuditQuerySchema.shape.from.safeParse(text).success || Number.isNaN(new Date(text).getTime())) throw refused();
  return text;
}

/** The API's query fields, as the options of `gpos audit list` that set them. */
const LIST_OPTIONS: FieldOptions = { organisationId: '--org', action: '--action', from: '--since', to: '--until', limit: '--limit', cursor: '--cursor' };

/**
 * The API's query from the options, each refused by its option's name (exit 2). Not --org: that is checked
 * with the organisation's lookup (organisationFor), which says a malformed id as an organisation id.
 */
function listQuery(opts: ListOptions) {
  // An empty action would otherwise read as no --action, and list every event.
  if (opts.action !== undefined && opts.action.trim() === '') throw new UsageError('--action: give an action, such as user.suspend, or leave --action out to list every action');
  const from = opts.since === undefined ? undefined : instantOption('--since', opts.since);
  const to = opts.until === undefined ? undefined : instantOption('--until', opts.until);
  if (from && to && new Date(from) >= new Date(to)) throw optionRefusal('--since', `must be before --until ${quotedValue(opts.until!)}`, opts.since!);
  const limit = opts.limit === undefined ? undefined : wholeNumberOption('--limit', opts.limit, 1, LIMITS.pageSizeMax);
  return parseWith(listAuditQuerySchema, { action: opts.action, from, to, limit, cursor: opts.cursor }, LIST_OPTIONS);
}

/** The people, keys and organisations a page names, by id, to print them by email and name. */
async function namesOf({ db }: ServerDeps, events: AuditEvent[]) {
  const ids = (pick: (event: AuditEvent) => (string | null)[]) => [...new Set(events.flatMap(pick).filter((id): id is string => id !== null))];
  const userIds = ids((e) => [e.actorUserId]);
  const keyIds = ids((e) => [e.actorApiKeyId]);
  const orgIds = ids((e) => [e.actorOrganisationId, e.subjectOrganisationId]);
  const users = userIds.length ? await db.selectFrom('users').select(['id', 'email']).where('id', 'in', userIds).execute() : [];
  const keys = keyIds.length ? await db.selectFrom('api_keys').select(['id', 'prefix']).where('id', 'in', keyIds).execute() : [];
  const orgs = orgIds.length ? await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute() : [];
  return {
    user: new Map(users.map((u) => [u.id, u.email])),
    key: new Map(keys.map((k) => [k.id, k.prefix])),
    organisation: new Map(orgs.map((o) => [o.id, o.name])),
  };
}

/**
 * One event as a line: who acted (a person by email, a key by its prefix, the console, or the system for
 * what no one signed in did: a sign-in lock), their organisation, the organisation it concerns when it
 * acted on one's user, key or entry, and the target.
 */
function eventRow(event: AuditEvent, names: Awaited<ReturnType<typeof namesOf>>) {
  const orgName = (id: string | null) => (id ? (names.organisation.get(id) ?? id) : null);
  const actor = event.actorUserId
    ? (names.user.get(event.actorUserId) ?? event.actorUserId)
    : event.actorApiKeyId
      ? `API key ${names.key.get(event.actorApiKeyId) ?? event.actorApiKeyId}`
      : isConsoleRequestId(event.requestId)
        ? 'console'
        : 'system';
  return {
    time: event.at,
    action: event.action,
    actor,
    organisation: orgName(event.actorOrganisationId),
    concerns: orgName(event.subjectOrganisationId),
    target: event.targetType ? `${event.targetType}${event.targetId ? ` ${event.targetId}` : ''}` : null,
  };
}

/** `gpos audit list|verify`: the audit trail as the secretariat reads it, and the check of its chain. */
export function auditCommand(): Command {
  const audit = new Command('audit').description('The audit chain');
  audit
    .command('list')
    .description('Audit events, newest first, as GET /api/v1/audit-events answers the secretariat')
    .option('--org <id>', 'only that organisation’s trail (its id or short name): what it did, and what was done to its people, keys or entry')
    .option('--action <action>', 'only this action (user.suspend, apikey.revoke…)')
    .option('--since <date>', 'on or after this day (2026-11-01, from midnight UTC) or ISO 8601 date-time')
    .option('--until <date>', 'up to this day (2026-11-01: to its end, UTC) or before this ISO 8601 date-time')
    .option('--limit <n>', `how many (1–${LIMITS.pageSizeMax}, default ${LIMITS.pageSizeDefault})`)
    .option('--cursor <cursor>', 'the next page (as the previous page printed it)')
    .option('--json', 'print JSON, as the API answers: {items, nextCursor}')
    .action((opts: ListOptions) => {
      // The values typed are checked before the organisation is looked up, as `access-requests list` checks
      // its own before --as: a bad --limit is refused for --limit, whatever --org says.
      const query = listQuery(opts);
      return withDeps(async (deps) => {
        // A malformed id is refused as one (exit 2), and a typed id that names no organisation is said so
        // (exit 4), not listed as a trail without events.
        const organisationId = opts.org === undefined ? undefined : (await organisationFor(deps, opts.org, 'read')).id;
        const page = await createAuditService(deps)
          .list(OPERATOR, { ...query, organisationId })
          .catch((error: unknown) => {
            throw cursorRefusal(error, opts.cursor);
          });
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(page)}\n`);
          return;
        }
        const names = await namesOf(deps, page.items);
        printTable(page.items.map((event) => eventRow(event, names)));
        if (page.nextCursor) process.stdout.write(`More: --cursor ${page.nextCursor}\n`);
      }, { fields: LIST_OPTIONS });
    });
  audit
    .command('verify')
    .description(`Check every link of the audit chain; exits ${EXIT.FAILED} at the first broken one`)
    .action(() =>
      withDeps(async ({ db }) => {
        const result = await verifyAuditChain(db);
        if (result.ok) {
          process.stdout.write(`Audit chain intact: ${result.checked} events verified\n`);
        } else {
          process.stdout.write(`Audit chain BROKEN at event ${result.brokenAt}: ${result.reason} (${result.checked} events verified before it)\n`);
          process.exitCode = EXIT.FAILED;
        }
      }),
    );
  return audit;
}
