import { LIMITS, TLP_LEVELS, type IndicatorType, type MispEventDocument, type MispExportRequest, type Tlp } from '@gpos/contracts';
import { v5 as uuidv5 } from 'uuid';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import type { ServerDeps } from '../../platform/context.js';
import type { MemberActor } from '../../platform/auth/index.js';
import { coded, notFound } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { visibleMarkingIds, viewerOf } from '../../platform/sharing/index.js';
import { CHAIN_SYMBOLS } from './misp-mapping.js';
import { stricterTlp } from './misp-marking.js';
import { exportEventUuid, GPOS_MISP_NAMESPACE, REPORT_REFERENCE_CATEGORY, reportReference } from './misp-provenance.js';
import { MISP_OBJECT_TEMPLATES, type MispTemplateName } from './misp-templates.js';

export { GPOS_MISP_NAMESPACE } from './misp-provenance.js';

type MispEventBody = MispEventDocument['Event'];
type MispAttributeOut = MispEventBody['Attribute'][number];
type MispObjectOut = MispEventBody['Object'][number];

/** MISP's default category and IDS flag of each attribute type GPOS writes (MISP's describeTypes). */
const TYPE_DEFAULTS: Readonly<Record<string, { category: string; toIds: boolean }>> = {
  'phone-number': { category: 'Person', toIds: false },
  iban: { category: 'Financial fraud', toIds: true },
  'bank-account-nr': { category: 'Financial fraud', toIds: true },
  bic: { category: 'Financial fraud', toIds: false },
  btc: { category: 'Financial fraud', toIds: true },
  url: { category: 'Network activity', toIds: true },
  domain: { category: 'Network activity', toIds: true },
  'email-src': { category: 'Payload delivery', toIds: true },
  'ip-dst': { category: 'Network activity', toIds: true },
  'mobile-application-id': { category: 'Payload delivery', toIds: true },
  text: { category: 'Other', toIds: false },
};

/** What the exporter needs of one report. */
export interface ExportReport {
  id: string;
  tlp: Tlp;
  scamType: string;
  victimCountry: string;
  occurredAt: string;
  updatedAt: string;
  narrative: string | null;
}

/** One indicator of the exported reports (once, however many of them name it). */
export interface ExportIndicator {
  id: string;
  type: IndicatorType;
  value: string;
  attributes: Record<string, string>;
  benign: boolean;
  reportIds: string[];
}

/**
 * TLP → MISP distribution: CLEAR to all communities (3); GREEN to the receiving instance's community (1);
 * AMBER, AMBER+STRICT and RED to the receiving organisation only (0). The `tlp:amber` tag allows the
 * recipient organisation and its clients (TLP 2.0), not every organisation of its MISP community, which
 * distribution 1 would show it to (and which our importer reads as a GREEN audience). MISP cannot name a
 * GPOS sharing community or GPOS recipients either. Re-imported, each gives its TLP again, except AMBER,
 * which comes back AMBER+STRICT (`tlp:amber` is never widened to the partnership): never wider.
 */
const DISTRIBUTION: Readonly<Record<Tlp, string>> = { CLEAR: '3', GREEN: '1', AMBER: '0', 'AMBER+STRICT': '0', RED: '0' };

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The MISP event for a set of reports: one attribute or object per indicator, shaped on MISP's own
 * object templates (bank-account, coin-address, phone-number, url, telegram-account…), tagged with the
 * strictest TLP of the set. Pure and deterministic: the same reports give the same JSON, uuids included.
 */
export function buildMispEvent(reports: readonly ExportReport[], indicators: readonly ExportIndicator[], options: { info?: string } = {}): MispEventDocument {
  const ids = [...new Set(reports.map((r) => r.id))].sort();
  const eventUuid = exportEventUuid(ids);
  const tlp = reports.reduce<Tlp>((t, r) => stricterTlp(t, r.tlp), 'CLEAR');
  const timestamp = String(Math.max(0, ...reports.map((r) => Math.floor(new Date(r.updatedAt).getTime() / 1000))));
  const date = reports.map((r) => new Date(r.occurredAt).toISOString().slice(0, 10)).sort()[0] ?? new Date(0).toISOString().slice(0, 10);
  const scamTypes = [...new Set(reports.map((r) => r.scamType))].sort();
  const countries = [...new Set(reports.map((r) => r.victimCountry))].sort();
  const single = reports.length === 1 ? reports[0] : undefined;
  const info =
    options.info ??
    (single?.narrative?.trim()
      ? cut(single.narrative.trim(), 1000)
      : `GPOS: ${reports.length} scam report${reports.length === 1 ? '' : 's'} (${scamTypes.join(', ')}) — victims in ${countries.join(', ')}`);

  const attribute = (seed: string, type: string, value: string, benign: boolean, comment: string, relation?: string, uncorrelated = false, category?: string): MispAttributeOut => {
    const defaults = TYPE_DEFAULTS[type] ?? { category: 'Other', toIds: false };
    return {
      uuid: uuidv5(`attribute:${eventUuid}:${seed}`, GPOS_MISP_NAMESPACE),
      type,
      category: category ?? defaults.category,
      value,
      // Warninglisted (benign) values must never become detection rules downstream.
      to_ids: defaults.toIds && !benign,
      distribution: '5',
      comment,
      timestamp,
      // As the object's template says: a country code or a coin symbol correlates unrelated events.
      disable_correlation: uncorrelated,
      ...(relation ? { object_relation: relation } : {}),
    };
  };
  const object = (indicator: ExportIndicator, name: MispTemplateName, fields: [relation: string, value: string][], comment: string): MispObjectOut => {
    const template = MISP_OBJECT_TEMPLATES[name];
    const uuid = uuidv5(`object:${eventUuid}:${indicator.id}`, GPOS_MISP_NAMESPACE);
    const relations: Readonly<Record<string, string>> = template.relations;
    return {
      uuid,
      name: template.name,
      'meta-category': template.metaCategory,
      description: template.description,
      template_uuid: template.uuid,
      template_version: String(template.version),
      distribution: '5',
      sharing_group_id: '0',
      comment,
      timestamp,
      Attribute: fields.map(([relation, value]) =>
        attribute(`${indicator.id}:${relation}`, relations[relation]!, value, indicator.benign, '', relation, (template.uncorrelated as readonly string[]).includes(relation)),
      ),
    };
  };

  const attributes: MispAttributeOut[] = [];
  const objects: MispObjectOut[] = [];
  const sorted = [...indicators].sort((a, b) => (a.type === b.type ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.type < b.type ? -1 : 1));
  for (const indicator of sorted) {
    const comment = cut(`GPOS ${indicator.type}${indicator.benign ? ' (benign: on a GPOS warninglist)' : ''}; in report${indicator.reportIds.length === 1 ? '' : 's'} ${[...indicator.reportIds].sort().join(', ')}`, LIMITS.description);
    const colon = indicator.value.indexOf(':');
    const head = colon > 0 ? indicator.value.slice(0, colon) : '';
    const tail = colon > 0 ? indicator.value.slice(colon + 1) : indicator.value;
    switch (indicator.type) {
      case 'phone': {
        const country = indicator.attributes.country;
        objects.push(object(indicator, 'phone-number', [['phone-number', indicator.value], ...(country ? [['country-code', country] as [string, string]] : [])], comment));
        break;
      }
      case 'bank_account': {
        if (head === 'IBAN') {
          objects.push(object(indicator, 'bank-account', [['iban', tail]], comment));
        } else {
          // National form COUNTRY:BANK:ACCOUNT. The template has no country field, so it travels as `text`.
          const [country = '', bank = '', number = ''] = indicator.value.split(':');
          const bankRelation = indicator.attributes.bankCodeType === 'bic' ? 'swift' : 'institution-code';
          objects.push(object(indicator, 'bank-account', [['account', number], [bankRelation, bank], ['text', `country:${country}`]], comment));
        }
        break;
      }
      case 'crypto_wallet': {
        const chain = indicator.attributes.chain ?? head;
        const symbol = CHAIN_SYMBOLS[chain] ?? CHAIN_SYMBOLS[head] ?? null;
        const fields: [string, string][] = head === 'BTC' ? [['address', tail]] : [['address-crypto', tail]];
        if (symbol) fields.push(['symbol', symbol]);
        objects.push(object(indicator, 'coin-address', fields, comment));
        break;
      }
      case 'url':
        objects.push(object(indicator, 'url', [['url', indicator.value]], comment));
        break;
      case 'domain':
        attributes.push(attribute(indicator.id, 'domain', indicator.value, indicator.benign, comment));
        break;
      case 'email':
        attributes.push(attribute(indicator.id, 'email-src', indicator.value, indicator.benign, comment));
        break;
      case 'ip':
        attributes.push(attribute(indicator.id, 'ip-dst', indicator.value, indicator.benign, comment));
        break;
      case 'app':
        // Android packages as MISP users write them; iOS ids keep their `ios:` prefix so the store is not lost.
        attributes.push(attribute(indicator.id, 'mobile-application-id', head === 'android' ? tail : indicator.value, indicator.benign, comment));
        break;
      case 'social_account':
      case 'messaging_account': {
        if (head === 'telegram') objects.push(object(indicator, 'telegram-account', [[tail.startsWith('+') ? 'phone' : 'username', tail]], comment));
        else if (head === 'facebook') objects.push(object(indicator, 'facebook-account', [['account-name', tail]], comment));
        else if (head === 'instagram') objects.push(object(indicator, 'instagram-account', [['account-name', tail]], comment));
        else if (head === 'x') objects.push(object(indicator, 'twitter-account', [['name', tail]], comment));
        else objects.push(object(indicator, 'user-account', [['username', tail], ['account-type', head]], comment));
        break;
      }
    }
  }

  // The reports the event is made from, which MISP keeps with it: imported back here, none is created
  // again (misp-provenance.ts). Uncorrelated: two exports of one report are not related events in MISP.
  for (const id of ids) {
    attributes.push(attribute(`report:${id}`, 'text', reportReference(id), true, 'GPOS report this event was exported from', undefined, true, REPORT_REFERENCE_CATEGORY));
  }

  const tags = [
    { name: `tlp:${tlp.toLowerCase()}` },
    ...scamTypes.map((t) => ({ name: `gpos:scam-type="${t}"` })),
    ...countries.map((c) => ({ name: `gpos:victim-country="${c}"` })),
  ];
  return {
    Event: {
      uuid: eventUuid,
      info,
      date,
      // 4 = undefined: GPOS reports carry no threat level of MISP's kind.
      threat_level_id: '4',
      // 0 = initial: the receiving analysts decide when their analysis is complete.
      analysis: '0',
      distribution: DISTRIBUTION[tlp],
      sharing_group_id: '0',
      // Unpublished: the receiving MISP's users review before it propagates.
      published: false,
      timestamp,
      Tag: tags,
      Attribute: attributes,
      Object: objects,
    },
  };
}

const TLPS: ReadonlySet<string> = new Set(TLP_LEVELS);

/** Exports reports the caller may see; any other id answers 404, exactly like reading it would. */
export function createMispExportService(deps: Pick<ServerDeps, 'db' | 'engine'>) {
  const { db, engine } = deps;
  return {
    /** `actor` decides what may be seen; `context` is who the audit names (the console's operator for the CLI). */
    async exportReports(actor: MemberActor, context: AuditContext, request: MispExportRequest): Promise<MispEventDocument> {
      const ids = [...new Set(request.reportIds)];
      const viewer = await viewerOf(db, actor);
      const rows = await db
        .selectFrom('reports as r')
        .innerJoin('markings as m', 'm.id', 'r.marking_id')
        .select(['r.id', 'r.status', 'r.scam_type', 'r.victim_country', 'r.occurred_at', 'r.updated_at', 'r.narrative', 'm.tlp'])
        .where('r.id', 'in', ids)
        .where('r.marking_id', 'in', visibleMarkingIds(db, viewer))
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const row = byId.get(id);
        if (!row) throw notFound(`Report ${id}`);
        if (row.status === 'retracted') throw coded('conflict', refusals.say('refusal.misp_export_retracted', { id }));
        if (!TLPS.has(row.tlp)) throw new Error(`report ${id} has an unknown TLP ${row.tlp}`);
      }
      const sightings = await db
        .selectFrom('sightings as s')
        .innerJoin('indicators as i', 'i.id', 's.indicator_id')
        .select(['s.report_id', 'i.id', 'i.type', 'i.value', 'i.attributes', 's.benign'])
        .where('s.report_id', 'in', ids)
        .execute();
      const indicators = new Map<string, ExportIndicator>();
      for (const s of sightings) {
        const current = indicators.get(s.id);
        if (current) {
          current.reportIds.push(s.report_id);
          current.benign ||= s.benign === 1;
          continue;
        }
        let attributes: Record<string, string> = {};
        try {
          attributes = JSON.parse(s.attributes) as Record<string, string>;
        } catch {
          // A malformed attribute blob only loses the export's hints (country code, chain), never the value.
        }
        indicators.set(s.id, { id: s.id, type: s.type as IndicatorType, value: s.value, attributes, benign: s.benign === 1, reportIds: [s.report_id] });
      }
      const reports: ExportReport[] = ids.map((id) => {
        const row = byId.get(id)!;
        return {
          id,
          tlp: row.tlp as Tlp,
          scamType: row.scam_type,
          victimCountry: row.victim_country,
          occurredAt: new Date(row.occurred_at).toISOString(),
          updatedAt: new Date(row.updated_at).toISOString(),
          narrative: row.narrative,
        };
      });
      const document = buildMispEvent(reports, [...indicators.values()], request.info ? { info: request.info } : {});
      // Intelligence leaving the platform in bulk: one audit event per export, naming what went out, and
      // the design's `report.read` for the RED reports among them (each named, unlike the export's first 50),
      // as every route that hands out RED content writes one.
      const red = reports.filter((r) => r.tlp === 'RED').map((r) => r.id);
      await db.transaction().execute(async (trx) => {
        await appendAudit(trx, engine, context, {
          action: 'report.misp_export',
          targetType: 'report',
          targetId: ids.length === 1 ? ids[0]! : null,
          summary: { reports: ids.length, reportIds: ids.slice(0, 50), tlp: document.Event.Tag[0]?.name ?? null, eventUuid: document.Event.uuid, indicators: indicators.size },
        });
        if (red.length > 0) await appendAudit(trx, engine, context, { action: 'report.read', targetType: 'report', targetId: red.length === 1 ? red[0]! : null, summary: { via: 'misp_export', tlp: 'RED', reportIds: red } });
      });
      return document;
    },
  };
}

export type MispExportService = ReturnType<typeof createMispExportService>;
