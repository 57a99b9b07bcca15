import { KEY_INDICATOR_MIN_REPORTS, type LinkSplitPreview } from '@gpos/contracts';
import type { TFunction } from 'i18next';
import { formatLossUsd } from '../../lib/money';
import { networkLabel } from './network-label';

/** What the "does not link" dialog says the decision would do: a headline, then one line per piece. */
export interface SplitPreviewText {
  headline: string;
  pieces: { label: string; facts: string; keepsId: boolean }[];
  /** Pieces not listed (all their reports hidden from the reviewer, or smaller than those listed). */
  more: string | null;
  /** When pieces are listed: that their reports still name the identifier, and their figures count the others. */
  note: string | null;
}

/**
 * A network a decision would make, in figures: "3 reports · 1 identifier · 2 organisations · 2 countries · loss US$7,000".
 * The identifiers are those that would link in it, as its page will count them. A split's piece says them
 * as the identifiers besides the one decided on (`besides`): every piece still has a report naming that one,
 * which no longer links, and "1 report · 0 identifiers" read as if its reports named none.
 */
export function previewFacts(
  t: TFunction,
  n: Omit<LinkSplitPreview['networks'][number]['pieces'][number], 'keepsId' | 'topIndicators'>,
  locale: string,
  besides: 'decided' | null = null,
): string {
  return [
    t('networks.decision.preview.reports', { count: n.reports }),
    besides === null
      ? t('networks.decision.preview.identifiers', { count: n.indicators })
      : n.indicators === 0
        ? t('networks.decision.preview.noOtherIdentifier')
        : t('networks.decision.preview.otherIdentifiers', { count: n.indicators }),
    t('networks.decision.preview.organisations', { count: n.reportingOrganisations }),
    t('networks.decision.preview.countries', { count: n.victimCountries }),
    t('networks.decision.preview.loss', { loss: formatLossUsd(n.lossUsdTotal, locale) }),
  ].join(' · ');
}

/** Pieces the dialog lists (the one keeping the id, then the largest); a hub's many lone reports are counted after them. */
export const PIECES_LISTED = 5;

/**
 * The preview in words: "This network would split into 3:" and each piece as the networks list would call
 * it (networkLabel: around its key identifier, else its size) with its figures, the one keeping the
 * network's id said so; or "Nothing would split". Only the network the identifier links can split.
 */
export function splitPreviewText(t: TFunction, preview: LinkSplitPreview, locale: string): SplitPreviewText {
  if (preview.inForce) return { headline: t('networks.decision.preview.inForce'), pieces: [], more: null, note: null };
  const split = preview.networks.find((n) => n.splits);
  // Held back (or refused by rule), it joins nothing now, so there is nothing for it to leave.
  if (!preview.links) return { headline: t('networks.decision.preview.notLinked'), pieces: [], more: null, note: null };
  if (!split) return { headline: t('networks.decision.preview.nothing'), pieces: [], more: null, note: null };
  const listed = Math.min(split.pieces.length, PIECES_LISTED);
  return {
    headline: t('networks.decision.preview.splits', { count: split.into }),
    pieces: split.pieces.slice(0, PIECES_LISTED).map((p) => ({
      // Called as the network it becomes will be: by an identifier only when it joins two of its reports or more.
      label: networkLabel(t, { reports: p.reports, labelIndicator: p.topIndicators.find((i) => i.reports >= KEY_INDICATOR_MIN_REPORTS) ?? null }),
      facts: previewFacts(t, p, locale, 'decided'),
      keepsId: p.keepsId,
    })),
    more: split.into > listed ? t('networks.decision.preview.more', { count: split.into - listed }) : null,
    note: listed > 0 ? t('networks.decision.preview.othersNote') : null,
  };
}
