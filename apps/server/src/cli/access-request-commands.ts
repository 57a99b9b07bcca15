import { Command, Option } from 'commander';
import {
  ACCESS_ANSWER_NOTE_MIN,
  ACCESS_REQUEST_STATUSES,
  answerAccessRequestSchema,
  createAccessRequestSchema,
  idSchema,
  incomingAccessRequestsQuerySchema,
  LIMITS,
  outgoingAccessRequestsQuerySchema,
  type AccessRequestStatus,
  type IncomingAccessRequest,
  type accessRequestSchema,
} from '@gpos/contracts';
import type { z } from 'zod';
import type { ServerDeps } from '../platform/context.js';
import { can, sessionlessUserActor, type Permission, type UserActor } from '../platform/auth/index.js';
import type { AuditContext } from '../platform/audit/index.js';
import { createAccessRequestService, type AccessRequestService } from '../modules/access-requests/index.js';
import { createNetworkAccessRequests } from '../modules/networks/index.js';
import { findUserByEmail } from '../modules/users/index.js';
import { HIT_HANDLE } from '../platform/hit-handles.js';
import { type FieldOptions, jsonForTerminal, NotFoundError, optionRefusal, optionRefusalText, parseId, parseWith, RefusedError, terminalText, UsageError, wholeNumberOption, withDeps } from './cli-support.js';
import { cursorRefusal } from './network-view-options.js';
import { printTable } from './table-text.js';
import { indicatorTypeName, organisationTypeName } from './type-names.js';

type AccessRequest = z.infer<typeof accessRequestSchema>;

/** The acting person, the service, and the audit context naming them (the request id says it came from the console). */
type Acting = { actor: UserActor; service: AccessRequestService; context: AuditContext; deps: ServerDeps };

/**
 * `gpos access-requests ask|list|answer|withdraw`: what the API's access-request routes do, done by one named
 * person of an organisation (`--as <email>`). Asking, answering and withdrawing speak for the organisation
 * and are answered by people (the holders see the requester's name; the requester sees the holder's), so
 * the console acts as that person, with that person's role, never as a machine actor nobody answers for:
 * the answer records them, the audit names them, and what their role may not do the command refuses.
 */
/** The list's query fields, as the options that set them. */
const LIST_OPTIONS: FieldOptions = { status: '--status', limit: '--limit', cursor: '--cursor' };
/** The fields `ask` and `answer` hand the service, as the options that set them. */
const ASK_OPTIONS: FieldOptions = { reason: '--reason', indicator: '--indicator', network: '--network' };
const ANSWER_OPTIONS: FieldOptions = { note: '--note', decision: '--grant/--refuse', id: '<id>' };
const WITHDRAW_OPTIONS: FieldOptions = { id: '<id>' };

export function accessRequestsCommand(): Command {
  const requests = new Command('access-requests').description('Access requests: those an organisation made, and those made to it (acting as one of its people)');

  requests
    .command('list')
    .description('Access requests your organisation made (holders and answers), or with --incoming those made to it')
    .requiredOption('--as <email>', 'act as this person (their organisation, their role)')
    .option('--incoming', 'the requests made to the organisation (reading them is audited), not those it made')
    .addOption(new Option('--status <status>', 'only these (incoming: the organisation’s own answer)').choices(ACCESS_REQUEST_STATUSES))
    .option('--limit <n>', `how many (1–${LIMITS.pageSizeMax})`)
    .option('--cursor <cursor>', 'the next page (as the previous page printed it)')
    .option('--json', 'print JSON, as GET /api/v1/access-requests (or …/incoming) answers: {items, nextCursor}')
    .action((opts: { as: string; incoming?: boolean; status?: AccessRequestStatus; limit?: string; cursor?: string; json?: boolean }) => {
      // The command's own values first, as `ask` and `answer` check theirs: what was typed wrong is said
      // (exit 2) before the person in --as is looked up. --limit by its bounds, as `gpos audit list` and
      // `gpos networks list` say it (zod's "expected number, received NaN" says neither).
      const given = { status: opts.status, limit: opts.limit === undefined ? undefined : wholeNumberOption('--limit', opts.limit, 1, LIMITS.pageSizeMax), cursor: opts.cursor };
      const incoming = opts.incoming ? parseWith(incomingAccessRequestsQuerySchema, given, LIST_OPTIONS) : null;
      const outgoing = opts.incoming ? null : parseWith(outgoingAccessRequestsQuerySchema, given, LIST_OPTIONS);
      return actingAs(opts.as, opts.incoming ? 'access_requests.answer' : 'lookup', 'list', LIST_OPTIONS, async ({ actor, service, context }) => {
        // A cursor this list did not print is said as the other lists say it.
        const page = await (incoming ? service.incoming(actor, context, incoming) : service.list(actor, context, outgoing!)).catch((error: unknown) => {
          throw cursorRefusal(error, opts.cursor);
        });
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(page)}\n`);
          return;
        }
        printTable(incoming ? (page.items as IncomingAccessRequest[]).map(incomingRow) : (page.items as AccessRequest[]).map(outgoingRow));
        if (page.nextCursor) process.stdout.write(`More: --cursor ${page.nextCursor}\n`);
      });
    });

  requests
    .command('ask')
    .description('Ask the holders of reports you cannot see for access: on an identifier (the hit handle a lookup gave) or in a network')
    .option('--indicator <handle>', 'the identifier: the hit handle `gpos check` printed (hit-…), or its id if you may see it')
    .option('--network <id>', 'the network (from `gpos networks list`)')
    .requiredOption('--reason <text>', 'why you need them (10 or more characters); the holders read it with your organisation’s name')
    .requiredOption('--as <email>', 'act as this person (their organisation asks)')
    .option('--json', 'print JSON, as POST /api/v1/indicators/{handle}/access-requests (or networks/{id}/…) answers')
    .action((opts: { indicator?: string; network?: string; reason: string; as: string; json?: boolean }) => {
      if ((opts.indicator === undefined) === (opts.network === undefined)) throw new UsageError('Name what you ask about: --indicator <hit-…> or --network <id>, one of them');
      if (opts.indicator !== undefined && !HIT_HANDLE.test(opts.indicator) && !idSchema.safeParse(opts.indicator).success) {
        throw optionRefusal('--indicator', 'is not the hit handle a lookup gives (hit-…) or an indicator id (a UUID)', opts.indicator);
      }
      if (opts.network !== undefined) parseId('--network', opts.network, 'network');
      const { reason } = parseWith(createAccessRequestSchema, { reason: opts.reason }, ASK_OPTIONS);
      return actingAs(opts.as, 'access_requests.create', 'ask', ASK_OPTIONS, async ({ actor, service, context, deps }) => {
        const asked = opts.network
          ? await createNetworkAccessRequests(deps, service).requestAccess(actor, context, opts.network, reason)
          : await service.requestIndicator(actor, context, opts.indicator!, reason);
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(asked)}\n`);
          return;
        }
        process.stdout.write(`Access request ${asked.id} sent: the holders read it (\`gpos access-requests list\` shows their answers).\n`);
        printTable([outgoingRow(asked)]);
      });
    });

  requests
    .command('answer')
    .description('Answer, once and for good, a request made to your organisation: --grant or --refuse, with a note')
    .argument('<id>', 'the request id (from `gpos access-requests list --incoming`)')
    .requiredOption('--as <email>', 'act as this person (an admin or analyst of a holding organisation)')
    .addOption(new Option('--grant', 'grant it (shares nothing by itself: correct the reports’ markings to share them)').conflicts('refuse'))
    .addOption(new Option('--refuse', 'refuse it').conflicts('grant'))
    .requiredOption('--note <text>', `how you share the reports, or why not (${answerLengths}); the requester reads it with your organisation’s name`)
    .option('--json', 'print JSON, as POST /api/v1/access-requests/{id}/answer answers')
    .action((id: string, opts: { as: string; grant?: boolean; refuse?: boolean; note: string; json?: boolean }) => {
      if (!opts.grant && !opts.refuse) throw new UsageError('Say the answer: --grant or --refuse');
      // The API's body, checked by its own schema: the same note is refused the same way.
      const body = parseWith(answerAccessRequestSchema, { decision: opts.grant ? 'granted' : 'refused', note: opts.note }, ANSWER_OPTIONS);
      const requestId = requestIdOf(id);
      return actingAs(opts.as, 'access_requests.answer', 'answer', ANSWER_OPTIONS, async ({ actor, service, context }) => {
        const answered = await service.answer(actor, context, requestId, body);
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(answered)}\n`);
          return;
        }
        process.stdout.write(`Access request ${answered.id} ${body.decision}: ${terminalText(answered.requester.name)} is told, with your organisation’s name and note.\n`);
        // As the API says: a grant is a word, not access.
        if (body.decision === 'granted') {
          process.stdout.write(`Granting shares nothing by itself: share each report by correcting its marking to name organisation ${answered.requester.id} as a recipient.\n`);
        }
        printTable([incomingRow(answered)]);
      });
    });

  requests
    .command('withdraw')
    .description('Withdraw a request your organisation made, while no holder has granted it')
    .argument('<id>', 'the request id (from `gpos access-requests list`)')
    .requiredOption('--as <email>', 'act as this person (of the organisation that asked)')
    .option('--json', 'print JSON, as POST /api/v1/access-requests/{id}/withdraw answers')
    .action((id: string, opts: { as: string; json?: boolean }) => {
      const requestId = requestIdOf(id);
      return actingAs(opts.as, 'access_requests.create', 'withdraw', WITHDRAW_OPTIONS, async ({ actor, service, context }) => {
        const withdrawn = await service.withdraw(actor, context, requestId);
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(withdrawn)}\n`);
          return;
        }
        process.stdout.write(`Access request ${withdrawn.id} withdrawn: holders that have not answered can no longer answer it.\n`);
        printTable([outgoingRow(withdrawn)]);
      });
    });
  return requests;
}

const answerLengths = `${ACCESS_ANSWER_NOTE_MIN} to ${LIMITS.description} characters`;

function requestIdOf(id: string): string {
  return parseId('<id>', id, 'access request');
}

/**
 * Runs `run` as the person `email`, as their session would: an active person of an active organisation,
 * whose role grants `permission` (the route's own access rule), else a refusal saying which. A field the
 * service refuses is said by its option in `fields`.
 */
async function actingAs(email: string, permission: Permission, verb: string, fields: FieldOptions, run: (acting: Acting) => Promise<void>): Promise<void> {
  await withDeps(async (deps: ServerDeps) => {
    if (email.length > LIMITS.email) throw optionRefusal('--as', `an email has at most ${LIMITS.email} characters`, email);
    const person = await findUserByEmail(deps.db, email.trim().toLowerCase());
    if (!person) throw new NotFoundError(optionRefusalText('--as', 'no user has this email (see `gpos user list`)', email));
    const org = await deps.db.selectFrom('organisations').select(['id', 'type', 'country', 'status']).where('id', '=', person.organisation_id).executeTakeFirstOrThrow();
    if (person.status !== 'active') throw new RefusedError(optionRefusalText('--as', `this person is ${person.status}, and could not ${verb} access requests signed in either`, person.email));
    if (org.status !== 'active') throw new RefusedError(optionRefusalText('--as', `this person’s organisation is ${org.status}; nothing is done on its behalf`, person.email));
    const actor = sessionlessUserActor({ userId: person.id, role: person.role, organisationId: org.id, organisationType: org.type, organisationCountry: org.country });
    if (!can(actor, permission)) throw new RefusedError(optionRefusalText('--as', `this person is ${/^[aeiou]/.test(person.role) ? 'an' : 'a'} ${person.role.replace('_', ' ')}, who may not ${verb} the access requests made to their organisation (its admins and analysts may)`, person.email));
    await run({ actor, service: createAccessRequestService(deps), context: { actor, requestId: `cli-access-requests-${verb}` }, deps });
  }, { fields });
}

/** What a request is about, in words: the identifier (when known) or the network. */
const aboutText = (r: { targetType: string; targetId: string; indicator: { type: string; display: string } | null }) =>
  r.indicator ? `${indicatorTypeName(r.indicator.type)} ${r.indicator.display}` : `${r.targetType} ${r.targetId}`;

/** One line of free text: a reason or note may hold line breaks, which would break the table's rows. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A request the organisation made, as a table row: holders by kind and country, answers by name. */
function outgoingRow(r: AccessRequest) {
  return {
    id: r.id,
    status: r.status,
    about: aboutText(r),
    holders: r.holders.map((h) => `${organisationTypeName(h.organisationType)} (${h.country})`),
    answers: r.answers.map((a) => `${a.organisationName}: ${a.decision} — ${oneLine(a.note)}`),
    createdAt: r.createdAt,
  };
}

/** A request made to the organisation, as a table row: who asks, why, and how many of its reports. */
function incomingRow(r: IncomingAccessRequest) {
  return {
    id: r.id,
    status: r.status,
    requester: `${r.requester.name} (${organisationTypeName(r.requester.organisationType)}, ${r.requester.country})`,
    about: aboutText(r),
    reports: r.reportCount,
    reason: oneLine(r.reason),
    createdAt: r.createdAt,
  };
}
