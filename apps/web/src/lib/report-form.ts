/**
 * The report form's state and its translation into the API's createReport body (and back, for a
 * correction). Pure, so it is unit-tested without a browser.
 */
import type { CreateReport, IndicatorType, RedRecipientScope, Report, SightingRole, Tlp } from '@gpos/contracts';
import type { RawIndicator } from '../api/intel-types';
import { parseDateInput, toDateTimeInput } from './format';
import { minorToDecimalInput, parseAmountToMinor, type AmountParse } from './money';

export interface IndicatorRow {
  /** A stable React key (rows can be removed from the middle). */
  key: string;
  /** '' = detect the type from the value. */
  type: IndicatorType | '';
  value: string;
  role: SightingRole | '';
  country: string;
  bankCode: string;
  chain: string;
  platform: string;
}

export interface ReportFormState {
  scamType: string;
  channel: string;
  victimCountry: string;
  /** `<input type="datetime-local">` value (local time). */
  occurredAt: string;
  amount: string;
  currency: string;
  narrative: string;
  language: string;
  confidence: number;
  externalRef: string;
  tlp: Tlp;
  communityId: string;
  recipientOrganisationIds: string[];
  redRecipientScope: RedRecipientScope;
  recipientUserIds: string[];
  indicators: IndicatorRow[];
}

let rowCounter = 0;
export function newRow(partial: Partial<IndicatorRow> = {}): IndicatorRow {
  rowCounter += 1;
  return { key: `row-${rowCounter}`, type: '', value: '', role: '', country: '', bankCode: '', chain: '', platform: '', ...partial };
}

/** A Date as the value of `<input type="datetime-local">`, in local time, to the minute. */
export function toLocalInput(date: Date): string {
  return toDateTimeInput(date);
}

export function emptyReportForm(defaults: { victimCountry: string; currency: string }): ReportFormState {
  return {
    scamType: '',
    channel: '',
    victimCountry: defaults.victimCountry,
    // "When it happened" starts empty (still required). An analyst files reports hours or days after the
    // victim was defrauded; a default of "the moment the form opened" would be kept by whoever forgets
    // the field and record the wrong day, which then feeds timelines, networks' activity and the decay
    // of identifiers. Asked for, it is a decision; the form offers "now" as a one-click choice.
    occurredAt: '',
    amount: '',
    currency: defaults.currency,
    narrative: '',
    language: '',
    confidence: 50,
    externalRef: '',
    tlp: 'AMBER',
    communityId: '',
    recipientOrganisationIds: [],
    redRecipientScope: 'organisations',
    recipientUserIds: [],
    indicators: [newRow()],
  };
}

/** The raw indicator a row stands for (what /normalise and /reports receive), or null when it is empty. */
export function rowToRaw(row: IndicatorRow): RawIndicator | null {
  const value = row.value.trim();
  if (!value) return null;
  const raw: RawIndicator = { value };
  if (row.type) raw.type = row.type;
  if (row.country) raw.country = row.country;
  if (row.bankCode.trim()) raw.bankCode = row.bankCode.trim();
  if (row.chain) raw.chain = row.chain;
  if (row.platform) raw.platform = row.platform;
  return raw;
}

type AmountReason = Extract<AmountParse, { ok: false }>['reason'];
export type FormErrorKey = 'required' | 'indicatorsRequired' | 'date' | `amount.${AmountReason}`;

/**
 * A date the server refuses (ingest.service.ts): more than a day ahead of now (`report.occurred_in_future`),
 * or before 1970 (`report.occurred_before_1970`). Its text is the server's, by the same code.
 */
export type OccurredRefusal = 'report.occurred_in_future' | 'report.occurred_before_1970';
/** The server's tolerance for a clock ahead of its own (a victim in a later time zone). */
export const FUTURE_TOLERANCE_MS = 86_400_000;
const EARLIEST_OCCURRED_AT = Date.UTC(1970, 0, 1);

export function occurredAtRefusal(occurred: Date, now: number = Date.now()): OccurredRefusal | null {
  if (occurred.getTime() > now + FUTURE_TOLERANCE_MS) return 'report.occurred_in_future';
  if (occurred.getTime() < EARLIEST_OCCURRED_AT) return 'report.occurred_before_1970';
  return null;
}

export interface BuildResult {
  input: CreateReport | null;
  /**
   * Field → error key (translated by the form); row values as `indicators.<i>.value`. A refused date carries
   * the server's code instead, and the value it would have quoted (`value`, as sent).
   */
  errors: Record<string, { key: FormErrorKey; digits?: number } | { key: OccurredRefusal; value: string }>;
}

/** Validates what the server would refuse anyway, so the person gets the message at once. */
export function buildReportInput(state: ReportFormState, options: { idempotencyKey?: string; now?: number } = {}): BuildResult {
  const errors: BuildResult['errors'] = {};
  if (!state.scamType) errors.scamType = { key: 'required' };
  if (!state.channel) errors.channel = { key: 'required' };
  if (!state.victimCountry) errors.victimCountry = { key: 'required' };
  const occurred = parseDateInput(state.occurredAt, 'datetime-local');
  if (!occurred) errors.occurredAt = { key: state.occurredAt ? 'date' : 'required' };
  else {
    const refusal = occurredAtRefusal(occurred, options.now);
    if (refusal) errors.occurredAt = { key: refusal, value: occurred.toISOString() };
  }

  let loss: CreateReport['loss'];
  if (state.amount.trim()) {
    const parsed = parseAmountToMinor(state.amount, state.currency);
    if (parsed.ok) loss = { amount: parsed.minor, currency: state.currency };
    else errors['loss.amount'] = { key: `amount.${parsed.reason}`, ...(parsed.digits !== undefined ? { digits: parsed.digits } : {}) };
  }

  const indicators: CreateReport['indicators'] = [];
  state.indicators.forEach((row) => {
    const raw = rowToRaw(row);
    if (!raw) return;
    indicators.push({ ...raw, ...(row.role ? { role: row.role } : {}) });
  });
  if (indicators.length === 0) errors['indicators.0.value'] = { key: 'indicatorsRequired' };

  if (Object.keys(errors).length > 0 || !occurred) return { input: null, errors };

  const marking: NonNullable<CreateReport['marking']> = { tlp: state.tlp };
  if (state.tlp === 'AMBER' && state.communityId) marking.communityId = state.communityId;
  if (state.tlp === 'AMBER+STRICT') marking.recipientOrganisationIds = state.recipientOrganisationIds;
  if (state.tlp === 'RED') {
    marking.redRecipientScope = state.redRecipientScope;
    if (state.redRecipientScope === 'organisations') marking.recipientOrganisationIds = state.recipientOrganisationIds;
    else marking.recipientUserIds = state.recipientUserIds;
  }

  const input: CreateReport = {
    scamType: state.scamType as CreateReport['scamType'],
    channel: state.channel as CreateReport['channel'],
    victimCountry: state.victimCountry,
    occurredAt: occurred.toISOString(),
    confidence: state.confidence,
    marking,
    indicators,
    ...(loss ? { loss } : {}),
    ...(state.narrative.trim() ? { narrative: state.narrative.trim() } : {}),
    ...(state.language ? { language: state.language } : {}),
    ...(state.externalRef.trim() ? { externalRef: state.externalRef.trim() } : {}),
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
  };
  return { input, errors };
}

/** The host of a URL or the domain of an email address, lower-cased; null for other types. */
function hostOf(type: string, value: string): string | null {
  if (type === 'url') {
    try {
      return new URL(value).hostname.toLowerCase();
    } catch {
      return null;
    }
  }
  if (type === 'email') return value.split('@').pop()?.toLowerCase() ?? null;
  return null;
}

/**
 * The indicators a person named, without those the server derived from them (a URL's or an email's
 * domain): `derivedFrom` says so; when it is missing, a domain under the host of a URL or email of the
 * same report counts as derived too.
 */
export function namedIndicators<T extends { type: string; value: string; derivedFrom: number | null }>(indicators: T[]): T[] {
  const hosts = indicators.map((i) => hostOf(i.type, i.value)).filter((h): h is string => h !== null);
  return indicators.filter((i) => {
    if (i.derivedFrom !== null) return false;
    if (i.type !== 'domain') return true;
    const domain = i.value.toLowerCase();
    return !hosts.some((h) => h === domain || h.endsWith(`.${domain}`));
  });
}

/**
 * The form prefilled from a report, for a correction. Indicators the server derived (a URL's domain)
 * are left out: it derives them again. The recipients of an AMBER+STRICT or RED marking come with the
 * report to the organisation that made it (the only one that may correct it), so a correction keeps them.
 */
export function reportToForm(report: Report): ReportFormState {
  const tlp = (['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const).find((l) => l === report.marking.tlp) ?? 'AMBER';
  return {
    scamType: report.scamType,
    channel: report.channel,
    victimCountry: report.victimCountry,
    occurredAt: toLocalInput(new Date(report.occurredAt)),
    amount: report.loss ? minorToDecimalInput(report.loss.amount, report.loss.currency) : '',
    currency: report.loss?.currency ?? 'USD',
    narrative: report.narrative ?? '',
    language: report.language ?? '',
    confidence: report.confidence,
    externalRef: report.externalRef ?? '',
    tlp,
    communityId: report.marking.communityId ?? '',
    recipientOrganisationIds: report.marking.recipients?.organisationIds ?? [],
    redRecipientScope: report.marking.recipients?.redScope ?? 'organisations',
    recipientUserIds: report.marking.recipients?.userIds ?? [],
    indicators: namedIndicators(report.indicators).map((i) => newRow({ type: i.type, value: i.value, role: i.role })),
  };
}

/**
 * Sharing a report with one organisation, as a holder does after granting an access request: the
 * correction form opened from `/reports/{id}/correct?shareWith={organisationId}` starts with that
 * organisation among the recipient organisations. Only TLP:AMBER+STRICT and TLP:RED addressed to
 * organisations name organisations; under another marking the form keeps it there, ready for when the
 * holder chooses one of those (buildReportInput sends the recipients only with them), and says so.
 */
export const SHARE_WITH_PARAM = 'shareWith';

export function shareReportPath(reportId: string, organisationId: string): string {
  return `/reports/${encodeURIComponent(reportId)}/correct?${SHARE_WITH_PARAM}=${encodeURIComponent(organisationId)}`;
}

/** The organisation id the URL asks to share with, or null (missing, or not an id). */
export function shareWithParam(params: URLSearchParams): string | null {
  const id = params.get(SHARE_WITH_PARAM)?.trim() ?? '';
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id.toLowerCase() : null;
}

export function withShareRecipient(form: ReportFormState, organisationId: string): ReportFormState {
  if (form.recipientOrganisationIds.includes(organisationId)) return form;
  return { ...form, recipientOrganisationIds: [...form.recipientOrganisationIds, organisationId] };
}

/**
 * Where the form stands on sharing with the organisation: `shared` (a marking that names organisations,
 * with it among them: saving shares the report), `removed` (such a marking, without it), `chooseStrict`
 * (CLEAR, GREEN or AMBER: pick AMBER+STRICT or RED to name it), `chooseOrganisations` (RED addressed to
 * people: address it to organisations to name it).
 */
export type ShareWithStatus = 'shared' | 'removed' | 'chooseStrict' | 'chooseOrganisations';

export function shareWithStatus(form: ReportFormState, organisationId: string): ShareWithStatus {
  if (form.tlp === 'RED' && form.redRecipientScope === 'users') return 'chooseOrganisations';
  if (form.tlp !== 'AMBER+STRICT' && form.tlp !== 'RED') return 'chooseStrict';
  return form.recipientOrganisationIds.includes(organisationId) ? 'shared' : 'removed';
}
