import type { LookupResult } from '@gpos/contracts';
import { plural, terminalText, usdText } from './cli-support.js';
import { indicatorStatusName, indicatorTypeName, inSentence, organisationTypeName, SCAM_TYPE_NAMES } from './type-names.js';

/**
 * What `gpos check` prints for people: per value, what the web app's lookup page shows of it — the counts,
 * dates and scam types of the reports the organisation may see, the partners holding reports it may not
 * (by kind and country: never what, nor how many, as the API answers) with the way to ask them, and the
 * same for each identifier the value implies. Lines come unwrapped; the command wraps them (wrapText).
 */

/** What the lookup answers of one identifier: the value's own, or one it implies (`related`). */
type Finding = Pick<LookupResult, 'indicator' | 'hiddenHit'>;

/**
 * Where a value's lines start, and an implied identifier's lines under its own first line: where that line
 * goes on when wrapped (wrapLine indents two more), so all of one identifier's lines stand under its name.
 */
const BODY = '    ';
const RELATED_BODY = '      ';

const day = (at: string | null) => at?.slice(0, 10) ?? '—';

/**
 * An identifier's type as the web app names it, inside the line ("phone number", "social media account",
 * "URL"), never its code (`social_account`): `--json` keeps the codes.
 */
const typeText = (type: string | null) => (type === null ? 'identifier' : inSentence(indicatorTypeName(type)));

/**
 * An identifier as the lookup page shows a found one: as the platform writes it (`Telegram @scamdesk`), its
 * canonical value after it when that differs (`(telegram:scamdesk)`, what --json, exports and lookups name);
 * the canonical value alone when nothing is known of it.
 */
function shownText(canonical: string, display: string | undefined): string {
  const shown = display?.trim() ? display : null;
  return shown === null || shown === canonical ? terminalText(canonical) : `${terminalText(shown)} (${terminalText(canonical)})`;
}

/** "Bank (SG), Law enforcement (MY)": each holder once, as the API lists them. */
const holdersText = (hit: NonNullable<Finding['hiddenHit']>) => hit.holders.map((h) => `${organisationTypeName(h.organisationType)} (${h.country})`).join(', ');

/**
 * How to ask the holders of what one may not see: the call the web's Request access button makes, and the
 * console's own (`gpos access-requests ask`, acting as a named person: a request carries a person's reason,
 * and people answer it) for the identifier or network the call names.
 */
export function askText(accessRequest: { method: string; href: string }): string {
  const named = /\/(indicators|networks)\/([^/]+)\/access-requests$/.exec(accessRequest.href);
  const command = named ? `, or gpos access-requests ask --${named[1] === 'indicators' ? 'indicator' : 'network'} ${named[2]} --reason "…" --as <email>` : '';
  return `ask them for access: ${accessRequest.method} ${accessRequest.href} with {"reason": "…"}${command}`;
}

/** A finding's lines, the verdict first; a hidden hit's with the way to ask for access (askText). */
function findingLines(f: Finding): string[] {
  const lines: string[] = [];
  const ind = f.indicator;
  if (ind) {
    lines.push(
      `FOUND: ${inSentence(indicatorStatusName(ind.status))}, score ${ind.score}, ${plural(ind.reports, 'report')} from ${plural(ind.organisations, 'organisation')}, countries ${ind.countries.join(' ') || '—'}, loss ${usdText(ind.lossUsd)}` +
        `${ind.benign ? '; BENIGN (on a warninglist, or a private or reserved address: context, never flagged, never links reports)' : ''}` +
        `${ind.widelyShared ? '; WIDELY SHARED (far more reports than usual for its type: evidence with other identifiers, not alone)' : ''}`,
      `first seen ${day(ind.firstSeen)}, last seen ${day(ind.lastSeen)}; scam types: ${ind.scamTypes.map((t) => SCAM_TYPE_NAMES[t] ?? t).join(', ') || '—'}`,
    );
  }
  if (f.hiddenHit) {
    // Beside visible counts, the partners' further reports (the lookup page's "Also in partners' reports").
    lines.push(ind ? `partners hold more reports you cannot see: ${holdersText(f.hiddenHit)}` : `HIT in reports you cannot see, held by ${holdersText(f.hiddenHit)}`);
    lines.push(askText(f.hiddenHit.accessRequest));
  }
  return lines.length > 0 ? lines : ['not found'];
}

/**
 * One looked-up value: its input and canonical form (or why it is no identifier), what is known of it (or
 * `hint`, the option that would read a refused value), then each identifier it implies with its own finding
 * — found or not, as the lookup page's quick search says both.
 */
export function resultText(r: LookupResult, hint: string | null): string {
  const head = `${terminalText(r.input)} → ${r.canonical ? `${typeText(r.type)} ${shownText(r.canonical, r.indicator?.display)}` : `invalid (${terminalText(r.error?.reason ?? 'not an identifier')})`}`;
  const body = r.canonical ? findingLines(r) : hint === null ? [] : [hint];
  const lines = [head, ...body.map((line) => BODY + line)];
  for (const related of r.related) {
    const [verdict, ...rest] = findingLines(related);
    lines.push(`${BODY}its ${typeText(related.type)} ${shownText(related.canonical, related.indicator?.display)}: ${verdict}`, ...rest.map((line) => RELATED_BODY + line));
  }
  return `${lines.join('\n')}\n`;
}
