import type { LinkMergePreview } from '@gpos/contracts';
import type { TFunction } from 'i18next';
import { networkLabel } from './network-label';
import { previewFacts } from './split-preview';

/** What the "confirm link" dialog says the decision would do: a headline, the network it would make, and the networks merged. */
export interface MergePreviewText {
  headline: string;
  /** The network the merge would make, as the networks list would call it, with its figures (null: nothing merges). */
  merged: { label: string; facts: string } | null;
  /** The networks merged that the reviewer sees, each by the reports they see of it; the first keeps its id. */
  networks: { label: string; keepsId: boolean }[];
  /** Networks merged not listed (all their reports hidden from the reviewer, or smaller than those listed). */
  more: string | null;
}

/** Networks merged that the dialog lists (the one keeping its id, then the largest); the rest are counted. */
export const NETWORKS_LISTED = 5;

/**
 * The preview in words: "Confirming would merge 3 networks into one:", that network as the networks list
 * would call it (networkLabel) with its figures, then the networks merged; or why nothing would merge (the
 * identifier links already, or its reports are in one network), or that the confirmation is recorded already.
 */
export function mergePreviewText(t: TFunction, preview: LinkMergePreview, locale: string): MergePreviewText {
  const nothing = (headline: string): MergePreviewText => ({ headline, merged: null, networks: [], more: null });
  if (preview.inForce) return nothing(t('networks.decision.preview.inForce'));
  if (preview.links) return nothing(t('networks.decision.preview.mergeLinked'));
  if (!preview.merges || preview.merged === null) return nothing(t('networks.decision.preview.mergeNothing'));
  const m = preview.merged;
  const listed = preview.mergedNetworks.slice(0, NETWORKS_LISTED);
  return {
    headline: t('networks.decision.preview.merges', { count: preview.networkCount }),
    merged: { label: networkLabel(t, { reports: m.reports, labelIndicator: m.topIndicators[0] ?? null }), facts: previewFacts(t, m, locale) },
    networks: listed.map((n) => ({ label: t('networks.decision.preview.mergedNetwork', { count: n.reports }), keepsId: n.networkId === m.networkId })),
    more: preview.networkCount > listed.length ? t('networks.decision.preview.moreNetworks', { count: preview.networkCount - listed.length }) : null,
  };
}
