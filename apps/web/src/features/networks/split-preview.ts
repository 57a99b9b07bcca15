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
}

/** A network a decision would make, in figures: "3 reports · 1 identifier · 2 organisations · 2 countries · loss US$7,000". */
export function previewFacts(t: TFunction, n: Omit<LinkSplitPreview['networks'][number]['pieces'][number], 'keepsId' | 'topIndicators'>, locale: string): string {
  return [
    t('networks.decision.preview.reports', { count: n.reports }),
    t('networks.decision.preview.identifiers', { count: n.indicators }),
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
  if (preview.inForce) return { headline: t('networks.decision.preview.inForce'), pieces: [], more: null };
  const split = preview.networks.find((n) => n.splits);
  // Held back (or refused by rule), it joins nothing now, so there is nothing for it to leave.
  if (!preview.links) return { headline: t('networks.decision.preview.notLinked'), pieces: [], more: null };
  if (!split) return { headline: t('networks.decision.preview.nothing'), pieces: [], more: null };
  const listed = Math.min(split.pieces.length, PIECES_LISTED);
  return {
    headline: t('networks.decision.preview.splits', { count: split.into }),
    pieces: split.pieces.slice(0, PIECES_LISTED).map((p) => ({
      // Called as the network it becomes will be: by an identifier only when it joins two of its reports or more.
      label: networkLabel(t, { reports: p.reports, labelIndicator: p.topIndicators.find((i) => i.reports >= KEY_INDICATOR_MIN_REPORTS) ?? null }),
      facts: previewFacts(t, p, locale),
      keepsId: p.keepsId,
    })),
    more: split.into > listed ? t('networks.decision.preview.more', { count: split.into - listed }) : null,
  };
}
