import type { i18n as I18n, TFunction } from 'i18next';
import i18n from 'i18next';
import { ApiError, UNREADABLE_RESPONSE, type FieldError } from '../api/client';
import { normaliseErrorMessage, normaliseFieldLabel } from './normalise-error';
import { importerCodeMessage, isBulkCode, isJsonCode, isMispCode, isRefusalCode, isRequestCode, isStixCode, isReportCode, isTextCode, isWatchCode, isWebhookCode, stixCodeMessage } from './importer-codes';
import { formatDateTime } from './format';
import { refusalParamsSaid } from './refusal-params';
import { isValidationCode, validationErrorMessage } from './validation-error';

/** The translation for an error code, when the locale files have one. */
function codeMessage(t: TFunction, code: string): string | null {
  const key = `errors.codes.${code}`;
  // Codes come from the server at run time, so the key cannot be checked at compile time.
  return i18n.exists(key) ? (t as unknown as (k: string) => string)(key) : null;
}

/** A conflict's field codes that say the thing asked for exists already (said by field, like a validation error). */
const DUPLICATE_CODES: ReadonlySet<string> = new Set(['watch.duplicate', 'webhook.duplicate']);
/** A conflict's detail codes that say a name is taken: headed "it is there already", said by the detail (it names what holds it). */
const TAKEN_CODES: ReadonlySet<string> = new Set(['refusal.user_email_taken', 'refusal.community_name_taken', 'refusal.community_name_taken_unnamed', 'refusal.organisation_name_taken']);
/** A conflict's detail codes that are a race (a change made meanwhile), as `conflict`'s heading says; other refusals are headed plainly. */
const RACE_CODES: ReadonlySet<string> = new Set([
  'refusal.report_retracted_meanwhile',
  'refusal.report_changed_meanwhile',
  'refusal.indicator_in_no_network',
  'refusal.stix_imported_meanwhile',
  'refusal.stix_corrected_meanwhile',
]);

/** A translated one-line heading for an error, by its stable code. */
export function errorTitle(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    // The message says what happened (the answer could not be read, with the HTTP status); the heading
    // stays general rather than say it twice.
    if (error.code === UNREADABLE_RESPONSE) return t('errors.title');
    // A refusal because partners hold reports the reader cannot see is no race, which `conflict`'s heading suggests.
    if (error.code === 'conflict' && error.fieldErrors[0]?.code === 'sharing.hidden_reports') return t('errors.codes.hidden_reports');
    // Nor is a link decision on a private or reserved address, which never links whatever is decided.
    if (error.code === 'conflict' && error.fieldErrors[0]?.code === 'linking.reserved_address') return t('errors.codes.reserved_address');
    // Nor is a watch or webhook made twice: it is there already, and the message names it.
    if (error.code === 'conflict' && DUPLICATE_CODES.has(error.fieldErrors[0]?.code ?? '')) return t('errors.codes.duplicate');
    if (error.code === 'conflict' && TAKEN_CODES.has(error.detailCode ?? '')) return t('errors.codes.duplicate');
    // One's own role, a request answered already, a decision in force already: refused as things stand, no race.
    if (error.code === 'conflict' && isRefusalCode(error.detailCode) && !RACE_CODES.has(error.detailCode)) return t('errors.codes.refused');
    const known = codeMessage(t, error.code);
    if (known) return known;
    if (error.status === 0) return t('errors.network');
    if (error.status >= 500) return t('errors.server');
  }
  return t('errors.title');
}

/**
 * A refused request's summary in the reader's language: its first field error, said by its code, and how
 * many more. Without the field's path (`newPassword`, `pattern`), an English identifier: the form shows the
 * error at the field, and ErrorAlert lists with their paths the errors no field shows. An English reader
 * gets a coded error the same way (its English is the server's message). Null for an uncoded error, or
 * one this client cannot say in the reader's language, so the server's own `detail` is shown instead.
 */
function validationSummary(t: TFunction, error: ApiError): string | null {
  const [first, ...rest] = error.fieldErrors;
  // A conflict said by a field (a watch or webhook made twice) is summarised as a refused field is.
  if (!(error.code === 'validation_failed' || (error.code === 'conflict' && DUPLICATE_CODES.has(first?.code ?? ''))) || !first) return null;
  // As the form's field says it (the list below, or the field, shows the value refused).
  const text = fieldErrorText(i18n, first, { quote: false });
  const english = (i18n.resolvedLanguage ?? i18n.language ?? '').split('-')[0] === 'en';
  // In English only the server's generic summary (`path: message`) is replaced: a detail that says more
  // (a refused STIX bundle: "… so nothing was imported") is the better summary.
  if (text === splitQuote(first).entry.message && !(english && first.code && isPathSummary(error.detail, first, rest.length))) return null;
  // A refused STIX bundle says how many objects were refused (the problem's members); a Thai reader is told that too.
  const refused = english ? undefined : error.stixRefusal;
  if (refused) {
    const { rejectedObjects, totalObjects, firstRejected } = refused;
    return t('errors.stixRefused', { count: rejectedObjects, total: totalObjects, index: firstRejected.index, id: firstRejected.id ?? t('errors.noStixId'), reason: text });
  }
  return rest.length > 0 ? `${text} ${t('errors.moreFields', { count: rest.length })}` : text;
}

/** Whether a detail is the server's generic summary of its first field error: `path: message (and N more)`. */
function isPathSummary(detail: string | undefined, first: FieldError, more: number): boolean {
  const tail = `: ${first.message}${more > 0 ? ` (and ${more} more)` : ''}`;
  return detail !== undefined && detail.endsWith(tail) && /^[\w.$[\]-]+$/.test(detail.slice(0, -tail.length));
}

/** The message to show: the server's `detail` (written for the user), else a translated fallback. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    // Not the JSON it should be (a proxy's HTML page, an empty or cut body): said with the HTTP status,
    // never with the parser's own (English) text.
    if (error.code === UNREADABLE_RESPONSE) return t('errors.unreadable', { status: error.status });
    const summary = validationSummary(t, error);
    if (summary) return summary;
    const coded = detailText(error);
    if (coded) return coded;
    // "Report … was not found" says in English what the translated title says: nothing more to show.
    if (error.code === 'not_found') {
      const known = codeMessage(t, error.code);
      if (known) return known;
    }
    // The server's summary names the request part first ("body.email: …"): a reader knows only the field.
    if (error.detail) return error.detail.replace(/^(?:body|querystring|params)\./, '');
    if (error.status === 0) return t('errors.network');
    const known = codeMessage(t, error.code);
    if (known) return known;
    if (error.status >= 500) return t('errors.server');
    return error.message || t('errors.generic');
  }
  return t('errors.generic');
}

/**
 * The detail of a refusal said by a coded text (`detailCode`: `refusal.*`, or `request.*` for a request
 * refused whole, such as a body that is not valid JSON) in a reader's language other than English; null for
 * an English reader (the server's `detail` is the English, and is not cut as params are), without a code,
 * or with one this client cannot say.
 */
function detailText(error: ApiError): string | null {
  if ((i18n.resolvedLanguage ?? i18n.language ?? '').split('-')[0] === 'en') return null;
  if (isRefusalCode(error.detailCode)) return importerCodeMessage(i18n, 'refusal', error.detailCode, refusalParamsSaid(i18n, error.detailParams));
  if (isRequestCode(error.detailCode)) return importerCodeMessage(i18n, 'request', error.detailCode, error.detailParams);
  return null;
}

/**
 * The field errors a box lists beside its message: all but those its coded detail says already — when the
 * detail is a coded text (`request.*`, `refusal.*`), the field error of a body refused whole (`path: 'body'`,
 * for a `request.*` detail), and one whose English the detail's English holds (a link decision refused for
 * partners' reports). Listed, each was said twice, the second time under the API's name of the field
 * (`body`, `indicator`) and, where this client has no text for its code, in the server's English.
 */
export function listedFieldErrors(error: ApiError): FieldError[] {
  const request = isRequestCode(error.detailCode);
  if (!request && !isRefusalCode(error.detailCode)) return error.fieldErrors;
  const detail = error.detail ?? '';
  return error.fieldErrors.filter((e) => !(request && e.path === 'body') && !(e.message !== '' && detail.includes(e.message)));
}

/**
 * What a refusal quotes of the value sent, when it quotes it after its text: the server ends the English
 * message in ` (got <value>)` and sends the same quote as `params.value` (a refusal that names the value
 * inside its sentence, a normaliser's, has no such ending). `entry` is the refusal without that ending.
 */
export function splitQuote<T extends Pick<FieldError, 'message' | 'params'>>(entry: T): { entry: T; quoted: string | null } {
  const value = entry.params?.value;
  const ending = typeof value === 'string' ? ` (got ${value})` : null;
  if (ending === null || !entry.message.endsWith(ending)) return { entry, quoted: null };
  return { entry: { ...entry, message: entry.message.slice(0, -ending.length) }, quoted: value as string };
}

/** `text` followed by the quote of the value refused, in the reader's language ("(ได้รับ "abc")"). */
export function withQuote(instance: I18n, text: string, quoted: string | null): string {
  return quoted === null ? text : `${text} ${instance.t('validation.got', { value: quoted })}`;
}

/**
 * A field error in the reader's language when it carries a code this client can translate — a schema's
 * (`validation.*`, said by zod's own locale), the STIX or MISP importer's (`stix.*`, `misp.*`), a JSON
 * document's or a bulk upload's refusal (`json.*`, `bulk.not_utf8_file`), a body's refused whole (`request.*`), a string's that no database
 * stores as sent (`text.nul`, `text.lone_surrogate`) or a normaliser's — else the server's English message.
 *
 * With `quote` (lists of errors, where the reader may not see what was sent), followed by the value the
 * refusal quotes (splitQuote); without it, as a form shows the error under the input the reader has just
 * typed the value into, where the quote would only repeat it.
 */
export function fieldErrorText(instance: I18n, sent: FieldError, { quote = true }: { quote?: boolean } = {}): string {
  const { entry, quoted } = splitQuote(sent);
  return withQuote(instance, codedFieldErrorText(instance, entry), quote ? quoted : null);
}

/** The report refusals that quote the date sent (`{{value}}`, an ISO 8601 instant in UTC). */
const DATED_REPORT_CODES: ReadonlySet<string> = new Set(['report.occurred_in_future', 'report.occurred_before_1970']);

/**
 * A report refusal's params as its reader says them: the date it quotes in the reader's calendar and time
 * zone, as the form's read-back shows the date picked — the UTC instant ("2027-05-01T03:00:00.000Z" for 10:00
 * in Bangkok) read as another time than the one chosen (walkthrough, session 58).
 */
function reportParamsSaid(instance: I18n, code: string, params: FieldError['params']): FieldError['params'] {
  if (!params || !DATED_REPORT_CODES.has(code) || typeof params.value !== 'string') return params;
  return { ...params, value: formatDateTime(params.value, instance.language) };
}

function codedFieldErrorText(instance: I18n, entry: FieldError): string {
  if (!entry.code) return entry.message;
  if (isValidationCode(entry.code)) return validationErrorMessage(instance, entry);
  if (isStixCode(entry.code)) return stixCodeMessage(instance, entry.code, entry.params) ?? entry.message;
  if (isMispCode(entry.code)) return importerCodeMessage(instance, 'misp', entry.code, entry.params) ?? entry.message;
  if (isWatchCode(entry.code)) return importerCodeMessage(instance, 'watch', entry.code, entry.params) ?? entry.message;
  if (isWebhookCode(entry.code)) return importerCodeMessage(instance, 'webhook', entry.code, entry.params) ?? entry.message;
  if (isJsonCode(entry.code)) return importerCodeMessage(instance, 'json', entry.code, entry.params) ?? entry.message;
  if (isBulkCode(entry.code)) return importerCodeMessage(instance, 'bulk', entry.code, entry.params) ?? entry.message;
  if (isTextCode(entry.code)) return importerCodeMessage(instance, 'text', entry.code, entry.params) ?? entry.message;
  if (isReportCode(entry.code)) return importerCodeMessage(instance, 'report', entry.code, reportParamsSaid(instance, entry.code, entry.params)) ?? entry.message;
  if (isRefusalCode(entry.code)) return importerCodeMessage(instance, 'refusal', entry.code, refusalParamsSaid(instance, entry.params)) ?? entry.message;
  if (isRequestCode(entry.code)) return importerCodeMessage(instance, 'request', entry.code, entry.params) ?? entry.message;
  return normaliseErrorMessage(instance, { reason: entry.message, code: entry.code, params: entry.params });
}

/** A field's error in the reader's language (the app's i18n instance), when there is one. */
export function fieldError(error: unknown, field: string): string | undefined {
  return translatedFieldError(i18n, error, field);
}

/** A field's error in the reader's language when the server sent a code for it, else its message. */
export function translatedFieldError(instance: I18n, error: unknown, field: string): string | undefined {
  const entry = error instanceof ApiError ? error.fieldErrorEntry(field) : undefined;
  return entry ? fieldErrorText(instance, entry, { quote: false }) : undefined;
}

/**
 * Why the STIX importer did what it did with an object, in the reader's language: its `reasonCode` (the
 * importer's own `stix.*`, or the code of the first error when the reason is that error — then said with
 * the error's path, as the English is) with its params; else — no code, or one this client cannot say —
 * the server's English `reason`. Empty when there is no reason.
 */
export function stixReasonText(
  instance: I18n,
  result: { reason: string | null; reasonCode?: string | null; reasonParams?: Record<string, string | number> | null; errors?: readonly FieldError[] },
): string {
  const { reason, reasonCode, reasonParams } = result;
  if (reason === null) return '';
  // A `misp.*` code is the MISP importer's, never the STIX importer's reason: the English as sent.
  if (!reasonCode || isMispCode(reasonCode)) return reason;
  const first = result.errors?.[0];
  if (first && first.code === reasonCode && reason === `${first.path}: ${first.message}`) return `${first.path}: ${fieldErrorText(instance, first)}`;
  return fieldErrorText(instance, { path: '', message: reason, code: reasonCode, ...(reasonParams ? { params: reasonParams } : {}) });
}

/** The params of a normaliser's refusal carried inside `misp.invalid_identifier` (`reason.<name>`). */
const NORMALISER_PARAM = 'reason.';

/** The params of a message's reason (`reason.<name>`), under their own names. */
function reasonParamsOf(params: Readonly<Record<string, string | number>>): Record<string, string | number> {
  const reason: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) if (name.startsWith(NORMALISER_PARAM)) reason[name.slice(NORMALISER_PARAM.length)] = value;
  return reason;
}

/**
 * Why the MISP importer did not import an attribute or object (`skipped[]`), in the reader's language: its
 * `messageCode` (`misp.*`) with its params, followed by the value it quotes (splitQuote: a field it could
 * not read, as a refused request's field error quotes it). A value a normaliser refused (`misp.invalid_identifier`) is
 * said with the identifier type and field by their labels, and the normaliser's own reason through its code
 * (`reasonCode`, params `reason.<name>`) when this client knows it. Else — an English reader (the server's
 * English is the English), no code, or one this client cannot say — the server's English `message`.
 */
export function mispMessageText(
  instance: I18n,
  skipped: { message: string; messageCode?: string | null; messageParams?: Readonly<Record<string, string | number>> | null },
): string {
  const { entry, quoted } = splitQuote({ message: skipped.message, params: skipped.messageParams ?? undefined });
  return withQuote(instance, mispUnquotedText(instance, { ...skipped, message: entry.message }), quoted);
}

function mispUnquotedText(
  instance: I18n,
  skipped: { message: string; messageCode?: string | null; messageParams?: Readonly<Record<string, string | number>> | null },
): string {
  const { message, messageCode } = skipped;
  if (!isMispCode(messageCode) || (instance.resolvedLanguage ?? instance.language ?? '').split('-')[0] === 'en') return message;
  const params: Record<string, string | number> = { ...skipped.messageParams };
  if (messageCode === 'misp.invalid_identifier') {
    const t = instance.t as unknown as (key: string) => string;
    if (typeof params.type === 'string' && instance.exists(`indicatorTypes.${params.type}`)) params.type = t(`indicatorTypes.${params.type}`);
    if (typeof params.field === 'string') params.field = normaliseFieldLabel(instance, params.field);
    if (typeof params.reasonCode === 'string' && typeof params.reason === 'string') {
      params.reason = normaliseErrorMessage(instance, { reason: params.reason, code: params.reasonCode, params: reasonParamsOf(params) });
    }
  }
  // An attribute or object its schema refused: zod's English said by its `validation.*` code.
  if (messageCode === 'misp.malformed' && typeof params.reasonCode === 'string' && typeof params.message === 'string') {
    params.message = validationErrorMessage(instance, { message: params.message, code: params.reasonCode, params: reasonParamsOf(params) });
  }
  return importerCodeMessage(instance, 'misp', messageCode, params) ?? message;
}

/**
 * A note of a MISP event (a decision the importer took for it) in the reader's language: `notes[i]` said
 * through its `noteCodes[i]` (`misp.note_*`) as `mispMessageText` says a skipped attribute; the server's
 * English `notes[i]` when the code is missing or one this client cannot say.
 */
export function mispNoteText(
  instance: I18n,
  event: { notes: readonly string[]; noteCodes?: readonly { code: string; params?: Readonly<Record<string, string | number>> | null }[] | null },
  i: number,
): string {
  const message = event.notes[i] ?? '';
  const coded = event.noteCodes?.[i];
  return coded ? mispMessageText(instance, { message, messageCode: coded.code, messageParams: coded.params ?? null }) : message;
}
