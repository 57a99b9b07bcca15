import type { IndicatorType, OrganisationType, Tlp } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import type { ReportsTable } from '../../db/schema.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { notFound } from '../../platform/errors.js';
import { visibleMarkingIds, viewerOf } from '../../platform/sharing/index.js';
import type { MarkingStixInput } from '../../platform/sharing/marking.stix.js';
import { decayPolicy } from '../indicators/decay-policy.js';
import { networkToStix, type NetworkStixInput } from '../networks/network.stix.js';
import { organisationIdentityId } from '../organisations/organisation.stix.js';
import { markingObjectsOf, reportIndicatorObjects, reportToStix, type ReportStixInput } from '../reports/report.stix.js';
import { namedIndicators } from '../reports/report.repository.js';
import { organisationToStix } from '../organisations/organisation.stix.js';
import { StixBundleBuilder, type StixBundle } from './stix-bundle.js';

/** Reports shown in one indicator's export, newest first (as the indicator page shows). */
export const INDICATOR_EXPORT_REPORTS = 500;
/** Reports in one network export. */
export const NETWORK_EXPORT_REPORTS = 5000;

/** The report columns the mappers read. */
export type MappedReportRow = Pick<
  ReportsTable,
  | 'id' | 'organisation_id' | 'marking_id' | 'scam_type' | 'channel' | 'victim_country' | 'occurred_at' | 'loss_amount' | 'loss_currency' | 'loss_usd'
  | 'narrative' | 'language' | 'confidence' | 'external_ref' | 'status' | 'version' | 'retraction_reason' | 'created_at' | 'updated_at'
>;

/**
 * "Export as STIX": a report, an indicator, or a network as a STIX 2.1 bundle. Visibility is decided
 * exactly as the report and indicator routes decide it (viewerOf + visibleMarkingIds): what the caller
 * may not see is not in the bundle, and a record they may not see at all is not found. Every export is
 * one audit event (what left the platform, for whom), as a bundle is made to travel.
 */
export function createStixExportService(deps: Pick<ServerDeps, 'db' | 'engine' | 'config'>) {
  const { db, engine } = deps;
  const decay = decayPolicy(deps.config.decayDays);

  /** The identifiers these reports name, with what the mappers read of them, in a stable order. */
  function identifiersOf(source: 'sightings' | 'retracted_sightings', reportIds: string[], onlyIndicator?: string) {
    let q = namedIndicators(db, source)
      .select(['s.report_id', 's.role', 's.benign', 'i.id', 'i.type', 'i.value', 'i.display', 'i.attributes'])
      .where('s.report_id', 'in', reportIds);
    if (onlyIndicator) q = q.where('s.indicator_id', '=', onlyIndicator);
    return q.orderBy('i.type').orderBy('i.value').execute();
  }

  /** Loads everything the mappers need for these report rows, in a few batched queries. */
  async function inputsOf(rows: readonly MappedReportRow[], onlyIndicator?: string): Promise<ReportStixInput[]> {
    if (rows.length === 0) return [];
    const reportIds = rows.map((r) => r.id);
    const markingIds = [...new Set(rows.map((r) => r.marking_id))];
    const [organisations, markings, recipientOrgs, recipientUsers, indicators] = await Promise.all([
      db.selectFrom('organisations').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.organisation_id))]).execute(),
      db.selectFrom('markings').selectAll().where('id', 'in', markingIds).execute(),
      db.selectFrom('marking_recipient_organisations').selectAll().where('marking_id', 'in', markingIds).execute(),
      db
        .selectFrom('marking_recipient_users')
        .select((eb) => ['marking_id', eb.fn.countAll<number>().as('people')])
        .where('marking_id', 'in', markingIds)
        .groupBy('marking_id')
        .execute(),
      identifiersOf('sightings', reportIds, onlyIndicator),
    ]);
    // A retracted report has no sightings left: what it named is kept apart, and exported as revoked.
    const retractedIds = rows.filter((r) => r.status === 'retracted').map((r) => r.id);
    if (retractedIds.length > 0) indicators.push(...(await identifiersOf('retracted_sightings', retractedIds, onlyIndicator)));
    const orgById = new Map(organisations.map((o) => [o.id, o]));
    const markingById = new Map<string, MarkingStixInput>(
      markings.map((m) => [
        m.id,
        {
          id: m.id,
          tlp: m.tlp as Tlp,
          ownerIdentityRef: organisationIdentityId(m.owner_organisation_id),
          communityId: m.community_id,
          recipientOrganisations: recipientOrgs.filter((r) => r.marking_id === m.id).length,
          recipientPeople: Number(recipientUsers.find((r) => r.marking_id === m.id)?.people ?? 0),
          redScope: m.red_scope as 'users' | 'organisations',
          createdAt: m.created_at,
        },
      ]),
    );
    const byReport = new Map<string, ReportStixInput['indicators']>();
    for (const i of indicators) {
      const list = byReport.get(i.report_id) ?? [];
      list.push({
        id: i.id,
        type: i.type as IndicatorType,
        value: i.value,
        display: i.display,
        attributes: JSON.parse(i.attributes) as Record<string, string>,
        role: i.role as ReportStixInput['indicators'][number]['role'],
        benign: Number(i.benign) === 1,
      });
      byReport.set(i.report_id, list);
    }
    return rows.map((row) => {
      const org = orgById.get(row.organisation_id)!;
      return {
        id: row.id,
        organisation: { id: org.id, name: org.name, type: org.type as OrganisationType, country: org.country, createdAt: org.created_at, updatedAt: org.updated_at },
        marking: markingById.get(row.marking_id)!,
        scamType: row.scam_type as ReportStixInput['scamType'],
        channel: row.channel as ReportStixInput['channel'],
        victimCountry: row.victim_country,
        occurredAt: row.occurred_at,
        loss: row.loss_amount !== null && row.loss_currency !== null ? { amount: Number(row.loss_amount), currency: row.loss_currency, usd: row.loss_usd === null ? null : Number(row.loss_usd) } : null,
        narrative: row.narrative,
        language: row.language,
        confidence: row.confidence,
        externalRef: row.external_ref,
        status: row.status as ReportStixInput['status'],
        version: row.version,
        retractionReason: row.retraction_reason,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        indicators: byReport.get(row.id) ?? [],
      };
    });
  }

  async function visibleReports(actor: MemberActor, ids: string[]): Promise<ReportsTable[]> {
    if (ids.length === 0) return [];
    const viewer = await viewerOf(db, actor);
    const rows: ReportsTable[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(...(await db.selectFrom('reports').selectAll().where('id', 'in', ids.slice(i, i + 500)).where('marking_id', 'in', visibleMarkingIds(db, viewer)).execute()));
    }
    return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * The export's audit event, and with it the design's `report.read` for the RED reports it carries (as
   * every other route that hands out RED content writes one), before the bundle leaves.
   */
  async function audited(context: AuditContext, targetType: string, targetId: string, bundle: StixBundle, reports: readonly ReportStixInput[]): Promise<StixBundle> {
    const red = reports.filter((r) => r.marking.tlp === 'RED').map((r) => r.id);
    await db.transaction().execute(async (trx) => {
      await appendAudit(trx, engine, context, { action: 'stix.export', targetType, targetId, summary: { bundleId: bundle.id, objects: bundle.objects.length } });
      if (red.length > 0) await appendAudit(trx, engine, context, { action: 'report.read', targetType: 'report', targetId: red.length === 1 ? red[0]! : null, summary: { via: 'stix_export', tlp: 'RED', reportIds: red } });
    });
    return bundle;
  }

  return {
    inputsOf,

    async exportReport(actor: MemberActor, context: AuditContext, id: string): Promise<StixBundle> {
      const [row] = await visibleReports(actor, [id]);
      if (!row) throw notFound(`Report ${id}`);
      const [input] = await inputsOf([row]);
      return audited(context, 'report', id, new StixBundleBuilder().add(...reportToStix(input!, decay)).build(), [input!]);
    },

    /** One identifier with each visible report's assertion about it (indicator + sighting), newest reports first. */
    async exportIndicator(actor: MemberActor, context: AuditContext, id: string): Promise<StixBundle> {
      const viewer = await viewerOf(db, actor);
      const sightings = await db
        .selectFrom('sightings')
        .select('report_id')
        .where('indicator_id', '=', id)
        .where('marking_id', 'in', visibleMarkingIds(db, viewer))
        .orderBy('occurred_at', 'desc')
        .orderBy('report_id', 'desc')
        .limit(INDICATOR_EXPORT_REPORTS)
        .execute();
      if (sightings.length === 0) throw notFound(`Indicator ${id}`);
      const rows = await visibleReports(actor, sightings.map((s) => s.report_id));
      const builder = new StixBundleBuilder();
      const inputs = await inputsOf(rows, id);
      for (const input of inputs) {
        builder.add(organisationToStix(input.organisation), ...markingObjectsOf(input.marking));
        for (const indicator of input.indicators) builder.add(...reportIndicatorObjects(input, indicator, decay));
      }
      return audited(context, 'indicator', id, builder.build(), inputs);
    },

    /**
     * A network as a bundle, for the networks module: it passes the network's facts and report ids; only
     * the reports the caller may see are exported, and the intrusion-set summarises only those.
     */
    async exportNetwork(actor: MemberActor, context: AuditContext, network: Omit<NetworkStixInput, 'reports'> & { reportIds: string[] }): Promise<StixBundle> {
      const rows = await visibleReports(actor, network.reportIds.slice(0, NETWORK_EXPORT_REPORTS));
      if (rows.length === 0) throw notFound(`Network ${network.id}`);
      const { reportIds: _ids, ...facts } = network;
      const reports = await inputsOf(rows);
      const bundle = new StixBundleBuilder().add(...networkToStix({ ...facts, reports }, decay)).build();
      return audited(context, 'network', network.id, bundle, reports);
    },
  };
}

export type StixExportService = ReturnType<typeof createStixExportService>;
