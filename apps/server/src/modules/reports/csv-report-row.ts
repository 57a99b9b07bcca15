/**
 * One CSV row as a report: the cells a person writes (a loss in the currency's main unit, identifiers as
 * `type:value;…`) read into the JSON shape a report is validated in, and the CSV refusals' texts, which the
 * file reader (bulk-ingest.ts) says too.
 */
import { decimalToMinorUnits, INDICATOR_TYPES, isCurrencyCode, type DecimalAmount } from '@gpos/contracts';
import { textCatalogue, type Said } from '../../platform/coded-text.js';
import type { FieldError } from '../../platform/errors.js';
import { quoteText as quote } from '../../platform/quote-text.js';

const TYPES: ReadonlySet<string> = new Set(INDICATOR_TYPES);

/**
 * The `indicators` column: `type:value` pairs (or bare values, their type detected) separated by `;`, and
 * `;;` for a `;` inside a value (`url:https://pay.top/r;;jsessionid=1`). A URL may hold a `;`, so an
 * untyped part right after a URL is refused as ambiguous, saying both ways out: a review found
 * `url:https://pay-lotus.top/r;evil-other.top` stored as a cut URL and an invented domain.
 */
function csvIdentifiers(cell: string): { type?: string; value: string }[] | { error: FieldError } {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i += 1) {
    if (cell[i] !== ';') current += cell[i];
    else if (cell[i + 1] === ';') {
      current += ';';
      i += 1;
    } else {
      parts.push(current);
      current = '';
    }
  }
  parts.push(current);
  const identifiers: { type?: string; value: string }[] = [];
  let afterUrl = false;
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    const colon = part.indexOf(':');
    // `Phone:081…` as `phone:081…`, as the column names are read whatever their case.
    const prefix = colon > 0 ? part.slice(0, colon).toLowerCase() : '';
    const typed = TYPES.has(prefix);
    if (!typed && afterUrl) return { error: { path: 'indicators', ...csvText.say('csv.after_url', { value: quote(part) }) } };
    const identifier = typed ? { type: prefix, value: part.slice(colon + 1) } : { value: part };
    identifiers.push(identifier);
    afterUrl = typed ? prefix === 'url' : /^[a-z][a-z0-9+.-]*:\/\//i.test(part);
  }
  return identifiers;
}

/**
 * Maps a CSV row onto the JSON shape of a report; validation then treats both formats alike. A person
 * writes the loss as they would read it, in the currency's main unit with a dot for decimals ("15000.50"
 * THB), where JSON carries minor units (1500050): the amount is converted exactly, by the currency's
 * minor units, and refused with the column's name when it cannot be. Numbers are read as written, never
 * as JavaScript would: `Number()` takes "1e2", "0x50" and " " for 100, 80 and 0, and says NaN of "80%".
 *
 * A cell refused here is left out of `value` (or, for the loss, stands as 0 so that validation still
 * checks its currency), and the refusal goes in `refused`: the rest of the row is validated all the same,
 * so one upload shows every problem of a line (bulk-ingest.ts' batches() drops validation's words on a refused cell).
 */
export function csvRecordToReport(record: Record<string, string>): { value: Record<string, unknown>; refused: FieldError[] } {
  const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const refused: FieldError[] = [];
  const read = csvIdentifiers(blank(record.indicators) ?? '');
  let indicators: { type?: string; value: string }[] | undefined;
  if ('error' in read) refused.push(read.error);
  else indicators = read;
  const lossCurrency = blank(record.lossCurrency)?.toUpperCase();
  let lossAmount: number | undefined;
  const amountText = blank(record.lossAmount);
  if (amountText !== undefined) {
    lossAmount = 0; // stands in for an amount that cannot be read yet, so validation names the currency's problem
    if (lossCurrency !== undefined && isCurrencyCode(lossCurrency)) {
      const amount = decimalToMinorUnits(amountText, lossCurrency);
      if (amount.ok) lossAmount = amount.minor;
      else refused.push({ path: 'lossAmount', ...amountRefusal(amount, amountText, lossCurrency) });
    } else if (!PLAIN_DECIMAL.test(amountText)) {
      refused.push({ path: 'lossAmount', ...csvText.say('csv.amount_not_number', { value: quote(amountText) }) });
    }
    // A missing currency said in the file's words: validation would say "expected string, received undefined".
    if (lossCurrency === undefined) refused.push({ path: 'lossCurrency', ...csvText.say('csv.currency_missing') });
  } else if (lossCurrency !== undefined) {
    // A currency alone was dropped without a word, even `ZZZ`: a loss whose amount the file left out.
    refused.push({ path: 'lossAmount', ...csvText.say('csv.amount_missing', { currency: quote(lossCurrency) }) });
  }
  const confidenceText = blank(record.confidence);
  let confidence: number | undefined;
  if (confidenceText !== undefined) {
    if (WHOLE_NUMBER.test(confidenceText)) confidence = Number(confidenceText);
    else refused.push({ path: 'confidence', ...csvText.say('csv.not_whole_number', { value: quote(confidenceText) }) });
  }
  let tlp = blank(record.tlp?.trim())?.toUpperCase();
  if (tlp === 'RED') {
    refused.push({ path: 'tlp', ...csvText.say('csv.tlp_red') });
    tlp = undefined;
  }
  const value = Object.fromEntries(
    Object.entries({
      scamType: blank(record.scamType),
      channel: blank(record.channel),
      // A code written in lower case ("th") is read as the code; anything else goes as written, so a refusal
      // quotes what the file says ("Thailand", not "THAILAND": walking issue 3).
      victimCountry: countryCell(blank(record.victimCountry)),
      occurredAt: blank(record.occurredAt),
      loss: lossAmount === undefined ? undefined : { amount: lossAmount, currency: lossCurrency },
      narrative: blank(record.narrative),
      language: blank(record.language),
      confidence,
      externalRef: blank(record.externalRef),
      idempotencyKey: blank(record.idempotencyKey),
      marking: tlp ? { tlp } : undefined,
      indicators,
    }).filter(([, v]) => v !== undefined),
  );
  return { value, refused };
}

/** An amount as a person writes it, whatever the currency: digits, a dot for decimals (decimalToMinorUnits' own reading). */
const PLAIN_DECIMAL = /^(?=\.?[0-9])[0-9]*(?:\.[0-9]*)?$/;
/** A whole number as a person writes it; 16 digits at most, which a double holds exactly. */
const WHOLE_NUMBER = /^-?[0-9]{1,16}$/;

/** The CSV column a report field's path comes from, where the names differ (the columns above). */
const CSV_COLUMN_OF_PATH: ReadonlyMap<string, string> = new Map([
  ['loss', 'lossAmount'],
  ['loss.amount', 'lossAmount'],
  ['loss.currency', 'lossCurrency'],
  ['marking', 'tlp'],
  ['marking.tlp', 'tlp'],
]);

/** A refusal's path as a CSV file names it: `loss.currency` is its `lossCurrency` column. */
export function csvColumnOf(path: string): string {
  return CSV_COLUMN_OF_PATH.get(path) ?? path;
}

/**
 * The refusals of a CSV file's own shape, with stable codes for clients to say in their reader's language
 * (the web's locale files hold the same keys). For a `lossAmount`: `value` is the amount as the English
 * quotes it (quote-text.ts: quotes included, cut at 60 characters), `currency` the ISO code, `digits` the decimals the
 * currency allows. For an unknown column: `columns`, the known ones (never translated).
 */
export const CSV_REFUSALS = {
  'csv.unknown_column': 'is not a known column; use {{columns}}',
  /** `columns`: the columns every report needs (never translated). */
  'csv.column_missing': 'is not a column of the header, and every report needs it (a header names {{columns}} at least)',
  'csv.column_repeated': 'is named twice in the header: one of its values would be lost',
  /** `column`: the position of the column (1 is the first). */
  'csv.column_unnamed': 'has a value in column {{column}}, which the header does not name',
  /** `fields`: the row's; `columns`: the header's; `column`: the first column every report needs that the row does not reach. */
  'csv.too_few_fields':
    'has {{fields, number}} fields where the header has {{columns, number}} columns: it ends before {{column}}, which every report needs (a missing comma, or a line break outside quotes?)',
  /** `columns`: how many the header names. */
  'csv.too_many_fields':
    'has more fields than the {{columns, number}} columns of the header, so it is refused rather than stored without them: a comma inside a value needs quotes around the value, and an amount takes a dot for decimals (12.5, not 12,5)',
  'csv.amount_invalid': 'must be an amount in {{currency}} with a dot for decimals, e.g. 15000.50, not {{value}}',
  'csv.amount_too_many_decimals': 'has more decimal places than {{currency}} uses ({{digits, number}}): {{value}}',
  'csv.amount_too_large': 'is too large: {{value}}',
  /** A loss amount when the currency is missing or unknown (so its decimals are not known yet). */
  'csv.amount_not_number': 'must be an amount with a dot for decimals, e.g. 15000.50, not {{value}}',
  'csv.not_whole_number': 'must be a whole number, e.g. 80, not {{value}}',
  'csv.currency_missing': 'must name the currency of the lossAmount, an ISO 4217 code such as THB',
  /** `currency`: the lossCurrency cell, quoted. */
  'csv.amount_missing': 'is empty while lossCurrency is {{currency}}: give the amount lost, or leave both empty',
  /** `value`: the part after the URL, quoted. */
  'csv.after_url': '{{value}} follows a URL after a ";": if the ";" belongs to the URL, write it ";;"; if {{value}} is another identifier, give its type (domain:…, phone:…)',
  'csv.tlp_red': 'RED cannot be set in a CSV file: it names its recipients, which a column cannot; use AMBER+STRICT, or an NDJSON line with marking.recipientUserIds',
  /** `bytes`: the limit; `last`: the line the row ends on (its first is the result's line). */
  'csv.row_too_long': 'is longer than the limit of {{bytes, number}} bytes (the row ends on line {{last}})',
  /** `last`: the file's last line. */
  'csv.quote_not_closed': 'opens a quote that is never closed: every line from here to the end of the file (line {{last}}) is read as this one value',
  'csv.quote_inside_value': 'has a quote inside a value that does not start with one: put the whole value in quotes, and double each quote inside it',
  'csv.text_after_quote': 'has text after the quote that closes its value: put the whole value in quotes, and double each quote inside it',
  /**
   * `last`: the line the row ends on. A quote opened on this line and closed on a later one, followed by
   * more text there: the lines between were read as one row (a stray quote, most often), and the reports
   * on them are not read on their own. Said instead of csv.text_after_quote or csv.too_many_fields.
   */
  'csv.quote_runs_on':
    'opens a quote that is closed only on line {{last}}, so the lines from here to line {{last}} are read as one row and refused together, none of them stored: close the quote on this line, or double a quote meant as text ("")',
  /** `columns`: the known ones (never translated). */
  'csv.header_no_known_column': 'is read as the header, and names none of the columns ({{columns}}): the first row of a CSV file must name its columns',
  /** `header`: the line of the header that could not be read; `last`: the file's last line. */
  'csv.header_unreadable': 'cannot be read, nor any line after it to the end of the file (line {{last}}): the header on line {{header}} could not be read',
  /** `value`: the row, quoted and bounded, each byte that is not UTF-8 shown as U+FFFD. */
  'csv.not_utf8': 'is not UTF-8 text (save the file as CSV UTF-8): {{value}}',
  /** `reason`: the CSV parser's own words (English only). */
  'csv.unreadable': 'cannot be read as CSV: {{reason}}',
} as const;

export const csvText = textCatalogue(CSV_REFUSALS);

function amountRefusal(amount: Exclude<DecimalAmount, { ok: true }>, text: string, currency: string): Said {
  // Every amount refusal carries the value, the currency and its decimals, whether or not its English names them all.
  const params = { value: quote(text), currency, digits: amount.digits };
  if (amount.reason === 'too_many_decimals') return csvText.say('csv.amount_too_many_decimals', params);
  if (amount.reason === 'too_large') return csvText.say('csv.amount_too_large', params);
  return csvText.say('csv.amount_invalid', params);
}

/** A CSV `victimCountry` cell: two letters in any case as the code, anything else as written. */
function countryCell(value: string | undefined): string | undefined {
  return value !== undefined && /^[a-z]{2}$/i.test(value) ? value.toUpperCase() : value;
}
