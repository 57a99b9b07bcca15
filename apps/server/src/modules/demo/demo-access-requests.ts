import type { Db } from '../../db/index.js';
import type { AuditContext } from '../../platform/audit/index.js';
import { sessionlessUserActor, type UserActor } from '../../platform/auth/index.js';
import { hitHandlesOf } from '../../platform/hit-handles.js';
import { viewerOf, visibleMarkingIds } from '../../platform/sharing/index.js';
import type { AccessRequestDecision } from '@gpos/contracts';
import type { AccessRequestService } from '../access-requests/index.js';
import { createNetworkAccessRequests } from '../networks/index.js';
import { DEMO_ORGANISATIONS } from './demo-organisations.js';

/** The audit context of a demo person's act (the seed's request id, so the trail tells the seed's acts apart). */
type ActingAs = (actor: UserActor) => AuditContext;

/** Who asks in the demo: the Thai bank that the README's walk-through signs in as, and a partner that asks it. */
const REQUESTER = 'th-lotusbank';
const ASKS_THE_BANK = 'kh-police';

/**
 * A few access requests in the demo world, so that the Access requests page shows both of its sides on a
 * fresh start: the Thai bank's analyst asks the holders of the two identifiers it hits on most without
 * seeing them, one holder answers the first, and the Cambodian police ask the bank about one of its own
 * restricted reports, and the holders of a network's hidden reports about them (one grants, one refuses,
 * the others have not answered yet: the request's page shows each holder's line). Made through the access request service as people would (audited, with events),
 * from the synthetic reports, once: a database that holds any request is left alone. Returns how many
 * requests it made.
 */
export async function seedDemoAccessRequests(db: Db, service: AccessRequestService): Promise<number> {
  if (await db.selectFrom('access_requests').select('id').limit(1).executeTakeFirst()) return 0;
  const bank = await demoAnalyst(db, REQUESTER);
  const police = await demoAnalyst(db, ASKS_THE_BANK);
  if (!bank || !police) return 0;
  const context: ActingAs = (actor) => ({ actor, requestId: 'demo-access-requests' });
  // Asked as a person asks: by the handle the lookup's hit gave (an id is for those who see the indicator).
  const handles = await hitHandlesOf(db);
  let made = 0;

  for (const [i, indicatorId] of (await hiddenHits(db, bank, 2)).entries()) {
    const request = await service.requestIndicator(bank, context(bank), handles.of(indicatorId), 'A customer paid money to this identifier last week; we are preparing a freeze request and need the reports behind the hit.');
    made += 1;
    // The first holder (by name) that may read the request refuses it.
    if (i === 0) await answerInTurn(db, service, context, request.id, [{ decision: 'refused', note: 'These reports belong to an open investigation; ask again through the MLA channel in a month.' }]);
  }

  const [asked] = await hiddenHits(db, police, 1, bank.organisationId);
  if (asked) {
    await service.requestIndicator(police, context(police), handles.of(asked), 'Victims in our country reported this identifier; it may lead to a compound we are investigating.');
    made += 1;
  }

  if (await askAboutNetwork(db, service, police, context)) made += 1;
  return made;
}

/**
 * The police ask the partners hiding reports in a network they see part of, the one with most such
 * partners; the first holder that may answer grants, the next refuses. Returns whether it asked.
 */
async function askAboutNetwork(db: Db, service: AccessRequestService, police: UserActor, context: ActingAs): Promise<boolean> {
  const networkId = await networkWithHiddenPartners(db, police);
  if (!networkId) return false;
  const request = await createNetworkAccessRequests({ db }, service).requestAccess(police, context(police), networkId, 'Several of our victims paid into this network; we need the partners\' reports to see who runs it and where the money went.');
  await answerInTurn(db, service, context, request.id, [
    { decision: 'granted', note: 'Granted: we will re-mark our reports in this network for your unit this week.' },
    { decision: 'refused', note: 'Our reports here name victims who asked us not to share their details abroad.' },
  ]);
  return true;
}

/** A network the actor sees part of, with reports of at least two partners hidden from them (most such partners first). */
async function networkWithHiddenPartners(db: Db, actor: UserActor): Promise<string | undefined> {
  const viewer = await viewerOf(db, actor);
  const visible = visibleMarkingIds(db, viewer);
  const row = await db
    .selectFrom('report_networks as hidden')
    .select('hidden.network_id')
    .where('hidden.open', '=', 0)
    .where('hidden.marking_id', 'not in', visible)
    .where('hidden.organisation_id', '!=', actor.organisationId)
    .where(({ exists, selectFrom }) => exists(selectFrom('report_networks as seen').select('seen.report_id').whereRef('seen.network_id', '=', 'hidden.network_id').where('seen.marking_id', 'in', visible)))
    .groupBy('hidden.network_id')
    .having((eb) => eb.fn.count('hidden.organisation_id').distinct(), '>=', 2)
    .orderBy((eb) => eb.fn.count('hidden.organisation_id').distinct(), 'desc')
    .orderBy('hidden.network_id')
    .limit(1)
    .executeTakeFirst();
  return row?.network_id;
}

/**
 * The request's holders answer it in turn, by name, one answer each, until the answers run out; a holder
 * whose analyst may not answer (the hidden reports are RED and addressed to other people of it) is passed over.
 */
async function answerInTurn(db: Db, service: AccessRequestService, context: ActingAs, requestId: string, answers: { decision: AccessRequestDecision; note: string }[]) {
  const holders = await db
    .selectFrom('access_request_holders as h')
    .innerJoin('organisations as o', 'o.id', 'h.organisation_id')
    .select('o.name')
    .where('h.request_id', '=', requestId)
    .orderBy('o.name')
    .execute();
  const left = [...answers];
  for (const { name } of holders) {
    const answer = left[0];
    if (!answer) return;
    const slug = DEMO_ORGANISATIONS.find((o) => o.name === name)?.slug;
    const holder = slug ? await demoAnalyst(db, slug) : null;
    if (!holder) continue;
    const answered = await service
      .answer(holder, context(holder), requestId, answer)
      .then(() => true)
      .catch(() => false);
    if (answered) left.shift();
  }
}

/** The demo organisation's analyst as a signed-in person (the seed acts for them; no session exists). */
async function demoAnalyst(db: Db, slug: string): Promise<UserActor | null> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.role', 'o.id as organisation_id', 'o.type', 'o.country'])
    .where('u.email', '=', `analyst@${slug}.demo`)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return row ? sessionlessUserActor({ userId: row.id, role: row.role, organisationId: row.organisation_id, organisationType: row.type, organisationCountry: row.country }) : null;
}

/**
 * Identifiers the actor hits on but may not see (other organisations' reports), most holders first, not
 * benign ones (nobody asks for the reports behind a platform's own domain); only those of `holder` when given.
 */
async function hiddenHits(db: Db, actor: UserActor, limit: number, holder?: string): Promise<string[]> {
  const viewer = await viewerOf(db, actor);
  let query = db
    .selectFrom('sightings as s')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .select('s.indicator_id')
    .where('i.benign', '=', 0)
    .where('s.organisation_id', '!=', actor.organisationId)
    .where('s.marking_id', 'not in', visibleMarkingIds(db, viewer))
    .groupBy('s.indicator_id')
    .orderBy((eb) => eb.fn.count('s.organisation_id').distinct(), 'desc')
    .orderBy('s.indicator_id')
    .limit(limit);
  if (holder) query = query.where('s.organisation_id', '=', holder);
  return (await query.execute()).map((r) => r.indicator_id);
}
