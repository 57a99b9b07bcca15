import type { listReportsQuerySchema, ParsedCreateReport, Report } from '@gpos/contracts';
import type { z } from 'zod';
import type { ServerDeps } from '../../platform/context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { auditRedReads, type RedReadVia } from './red-reads.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { AppError, coded, fieldErrorsSummary, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { nowIso } from '../../platform/ids.js';
import { decodeCursor, pageFrom } from '../../platform/pagination.js';
import { loadMarking, loadMarkings, visibleMarkingIds, viewerOf, type Marking } from '../../platform/sharing/index.js';
import type { ReportsTable } from '../../db/schema.js';
import type { IngestOutcome, IngestService, Submitter } from './ingest.service.js';
import { isKeyReusedCode } from './idempotency.js';
import { claimUnchanged, namedIndicators, recordChanges, retractSightings } from './report.repository.js';

export const submitterOf = (actor: MemberActor): Submitter => ({
  organisationId: actor.organisationId,
  organisationCountry: actor.organisationCountry,
  userId: actor.kind === 'user' ? actor.userId : null,
  apiKeyId: actor.kind === 'api_key' ? actor.apiKeyId : null,
});

/**
 * Reports: one partner's account of one scam. Reading goes through the sharing policy (a report the
 * viewer may not see is not found); writing goes through the ingest path. The owner organisation may
 * correct a report (a new version) or retract it with a reason; both take its sightings off the
 * indicators' counts and enter the change feed that federation carries to other nodes.
 */
export function createReportService(
  deps: Pick<ServerDeps, 'db' | 'engine'>,
  ingest: IngestService,
  hooks: {
    /** Run inside a retraction's transaction (e.g. queueing the report for the network linker). A correction goes through ingest and its hooks. */
    withinRetraction?: ((trx: ServerDeps['db'], reportId: string) => Promise<void>)[];
    /** Run after a retraction commits. */
    onRetracted?: ((reportId: string) => void)[];
  } = {},
) {
  const { db, engine } = deps;

  /**
   * A report as the API answers it. `forOrganisationId`: the reader's organisation; when it made the
   * report, the marking's recipients are shown (others never see whom else a report is shared with).
   * `markings`: the page's markings loaded at once (loadMarkings), so a list costs no query per report for them.
   */
  async function present(row: ReportsTable, forOrganisationId: string | null, markings?: ReadonlyMap<string, Marking>): Promise<Report> {
    const [marking, indicators] = await Promise.all([
      markings?.get(row.marking_id) ?? loadMarking(db, row.marking_id),
      // A retracted report has no sightings left; it shows what it named when it was retracted.
      namedIndicators(db, row.status === 'retracted' ? 'retracted_sightings' : 'sightings')
        .select(['i.id', 'i.type', 'i.value', 'i.display', 's.role', 's.benign'])
        .where('s.report_id', '=', row.id)
        .orderBy('i.type')
        .orderBy('i.value')
        .execute(),
    ]);
    if (!marking) throw new Error(`report ${row.id} has no marking ${row.marking_id}`);
    const namesRecipients = row.organisation_id === forOrganisationId && (marking.tlp === 'AMBER+STRICT' || marking.tlp === 'RED');
    return {
      id: row.id,
      status: row.status as Report['status'],
      version: row.version,
      scamType: row.scam_type as Report['scamType'],
      channel: row.channel as Report['channel'],
      victimCountry: row.victim_country,
      occurredAt: new Date(row.occurred_at).toISOString(),
      loss: row.loss_amount !== null && row.loss_currency !== null ? { amount: Number(row.loss_amount), currency: row.loss_currency, usd: row.loss_usd === null ? null : Number(row.loss_usd) } : null,
      narrative: row.narrative,
      language: row.language,
      confidence: row.confidence,
      externalRef: row.external_ref,
      organisationId: row.organisation_id,
      marking: {
        tlp: marking.tlp,
        communityId: marking.communityId,
        recipients: namesRecipients ? { organisationIds: [...marking.recipientOrganisationIds].sort(), userIds: [...marking.recipientUserIds].sort(), redScope: marking.redScope } : null,
      },
      indicators: indicators.map((i) => ({ type: i.type as Report['indicators'][number]['type'], value: i.value, display: i.display, indicatorId: i.id, role: i.role as Report['indicators'][number]['role'], benign: i.benign === 1, derivedFrom: null })),
      retraction: row.retracted_at && row.retraction_reason ? { reason: row.retraction_reason, at: row.retracted_at } : null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** The report as the sharing policy lets the actor read it, or undefined when it may not (or does not exist). */
  async function findVisibleRow(actor: MemberActor, id: string): Promise<ReportsTable | undefined> {
    const viewer = await viewerOf(db, actor);
    return db.selectFrom('reports').selectAll().where('id', '=', id).where('marking_id', 'in', visibleMarkingIds(db, viewer)).executeTakeFirst();
  }

  async function visibleRow(actor: MemberActor, id: string): Promise<ReportsTable> {
    const row = await findVisibleRow(actor, id);
    if (!row) throw notFound(`Report ${id}`);
    return row;
  }

  /** The RED reports of an answer, audited before it leaves (red-reads.ts). */
  const auditRedReports = (context: AuditContext, reports: readonly Report[], via: RedReadVia) =>
    auditRedReads(
      db,
      engine,
      context,
      reports.filter((r) => r.marking.tlp === 'RED').map((r) => r.id),
      via,
    );

  async function ownedRow(actor: MemberActor, id: string): Promise<ReportsTable> {
    const row = await visibleRow(actor, id);
    // Visible but someone else's: the owner alone corrects or retracts, and seeing it is no secret.
    if (row.organisation_id !== actor.organisationId) throw coded('forbidden', refusals.say('refusal.report_not_yours'));
    if (row.status === 'retracted') throw coded('conflict', refusals.say('refusal.report_retracted', { id }));
    return row;
  }

  return {
    present,

    async create(actor: MemberActor, context: AuditContext, input: ParsedCreateReport): Promise<{ outcome: IngestOutcome; report: Report }> {
      const [outcome] = await ingest.ingestBatch(submitterOf(actor), context, [input], 'report.create');
      if (!outcome || outcome.status === 'rejected') {
        const errors = outcome?.status === 'rejected' ? outcome.errors.map((e) => ({ ...e, path: `body.${e.path}` })) : [];
        const first = errors[0];
        // A key reused for another report is no fault of this report's fields: a conflict with the earlier one.
        const kind = isKeyReusedCode(first?.code) ? 'conflict' : 'validation_failed';
        throw new AppError(kind, fieldErrorsSummary(errors, 'The report is not valid'), { errors });
      }
      if (outcome.status === 'duplicate') {
        // The key is the organisation's, the earlier report may be a colleague's RED one: it is read as
        // GET /reports/:id reads it, and when the caller may not see it, nothing of it is shown, not even
        // its id. The id would be news: it dates the report (ids are time-ordered) and is the handle that
        // probes and imports address a report by. A 409 on the key still says "stored, do not retry";
        // that the key was used is all it tells, and a colleague could not be told less without
        // storing the report twice.
        const row = await findVisibleRow(actor, outcome.reportId);
        if (!row) {
          const message = 'was used before by your organisation, for a report you may not see; nothing was stored again (send a new report with a new key)';
          throw new AppError('conflict', `body.idempotencyKey: ${message}`, { errors: [{ path: 'body.idempotencyKey', message }] });
        }
        const report = await present(row, actor.organisationId);
        await auditRedReports(context, [report], 'replay');
        return { outcome, report };
      }
      // Just made: the submitter gets back what it sent (its maker reads a RED one too, person or API key).
      const report = await present(await db.selectFrom('reports').selectAll().where('id', '=', outcome.reportId).executeTakeFirstOrThrow(), actor.organisationId);
      // Only the ingest knows which identifiers were derived from which submitted one, and in what order they
      // came: the submitter gets them back as sent (each derived one after its source), not sorted by type.
      const derived = new Map(outcome.indicators.map((i) => [i.indicatorId, i.derivedFrom]));
      const position = new Map(outcome.indicators.map((i, n) => [i.indicatorId, n]));
      const at = (id: string) => position.get(id) ?? Number.MAX_SAFE_INTEGER;
      report.indicators = report.indicators
        .map((i) => ({ ...i, derivedFrom: derived.get(i.indicatorId) ?? null }))
        .sort((a, b) => at(a.indicatorId) - at(b.indicatorId));
      return { outcome, report };
    },

    async get(actor: MemberActor, context: AuditContext, id: string): Promise<Report> {
      const report = await present(await visibleRow(actor, id), actor.organisationId);
      await auditRedReports(context, [report], 'detail');
      return report;
    },

    async list(actor: MemberActor, context: AuditContext, query: z.output<typeof listReportsQuerySchema>) {
      const viewer = await viewerOf(db, actor);
      const after = decodeCursor(query.cursor, ['id']);
      let q = db.selectFrom('reports').selectAll().where('marking_id', 'in', visibleMarkingIds(db, viewer));
      if (query.scamType) q = q.where('scam_type', '=', query.scamType);
      if (query.victimCountry) q = q.where('victim_country', '=', query.victimCountry);
      if (query.organisationId) q = q.where('organisation_id', '=', query.organisationId);
      if (query.status) q = q.where('status', '=', query.status);
      if (query.from) q = q.where('occurred_at', '>=', new Date(query.from).toISOString());
      if (query.to) q = q.where('occurred_at', '<', new Date(query.to).toISOString());
      if (query.indicatorId) q = q.where('id', 'in', db.selectFrom('sightings').select('report_id').where('indicator_id', '=', query.indicatorId));
      if (query.communityId) q = q.where('marking_id', 'in', db.selectFrom('markings').select('id').where('community_id', '=', query.communityId));
      // An upload id names an upload of the viewer's own organisation only: another's of the same id lists nothing.
      if (query.uploadId) q = q.where('organisation_id', '=', actor.organisationId).where('upload_id', '=', query.uploadId);
      if (after) q = q.where('id', '<', String(after[0]));
      const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = pageFrom(rows, query.limit, (r) => [r.id]);
      const markings = await loadMarkings(db, page.items.map((row) => row.marking_id));
      const items = await Promise.all(page.items.map((row) => present(row, actor.organisationId, markings)));
      await auditRedReports(context, items, 'list');
      return { items, nextCursor: page.nextCursor };
    },

    /** A correction replaces the facts and identifiers, keeps the id, and raises the version. */
    async correct(actor: MemberActor, context: AuditContext, id: string, input: ParsedCreateReport): Promise<Report> {
      const before = await ownedRow(actor, id);
      const [outcome] = await ingest.ingestBatch(submitterOf(actor), context, [input], 'report.correct', { report: before });
      if (!outcome || outcome.status === 'rejected') {
        const errors = outcome?.status === 'rejected' ? outcome.errors.map((e) => ({ ...e, path: `body.${e.path}` })) : [];
        throw new AppError('validation_failed', fieldErrorsSummary(errors, 'The correction is not valid'), { errors });
      }
      return present(await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), actor.organisationId);
    },

    async retract(actor: MemberActor, context: AuditContext, id: string, reason: string): Promise<Report> {
      const before = await ownedRow(actor, id);
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        // Retracted or corrected meanwhile (by a colleague, on another server): 409, nothing written.
        await claimUnchanged(trx, before, now);
        await retractSightings(trx, id);
        await trx.updateTable('reports').set({ status: 'retracted', retraction_reason: reason, retracted_at: now, updated_at: now, version: before.version + 1 }).where('id', '=', id).execute();
        await recordChanges(trx, [{ report_id: id, change: 'retracted', version: before.version + 1, at: now }]);
        await appendAudit(trx, engine, context, { action: 'report.retract', targetType: 'report', targetId: id, summary: { reason } });
        for (const hook of hooks.withinRetraction ?? []) await hook(trx, id);
      });
      for (const listener of hooks.onRetracted ?? []) listener(id);
      return present(await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), actor.organisationId);
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
