import type { TFunction } from 'i18next';
import type { NetworkGraphNode } from '../../api/networks-queries';
import { countryName } from '../../i18n/countries';
import { tailId } from '../../lib/format';
import { isIndicatorTypeKey } from './colours';

/** The names the node list gives a node's type and country, in the UI language. */
function shownNames(t: TFunction, node: NetworkGraphNode, locale: string): { type: string; country: string | null } {
  const country = node.country ? countryName(node.country, locale) : null;
  if (node.kind === 'report') return { type: t(`scamTypes.${node.type}` as 'scamTypes.other', { defaultValue: node.type }), country };
  return { type: isIndicatorTypeKey(node.type) ? t(`indicatorTypes.${node.type}`) : node.type, country };
}

/** A node as the explorer's node list names it. */
export function nodeText(t: TFunction, node: NetworkGraphNode, locale: string): string {
  const shown = shownNames(t, node, locale);
  if (node.kind === 'report') {
    const where = shown.country ?? t('networks.explorer.noCountry');
    return t('networks.explorer.reportItem', { id: tailId(node.id), scamType: shown.type, country: where, degree: node.degree });
  }
  return t('networks.explorer.indicatorItem', { type: shown.type, value: node.label, degree: node.degree });
}

/**
 * What "Find a node" searches, lower-cased: the names the list shows ("Report", "Bank account",
 * "Singapore") and the raw codes and ids people copy from elsewhere (`bank_account`, `SG`, a whole id
 * where the list shows its tail). Not the link counts: "report" would find every indicator's "3 reports".
 */
export function nodeSearchText(t: TFunction, node: NetworkGraphNode, locale: string): string {
  const shown = shownNames(t, node, locale);
  const kind = node.kind === 'report' ? t('networks.explorer.report') : '';
  return [kind, shown.type, shown.country ?? '', node.label, node.type, node.country ?? '', node.id].join(' ').toLocaleLowerCase(locale);
}

/**
 * The node list's caption: how many nodes it shows of the network's (the graph's) nodes, or, while "Find
 * a node" filters it, how many of them match. Never "0 of 0": a search that finds nothing says so against
 * the network's count, and the list says it (`nodeListEmpty`).
 */
export function nodeListCaption(t: TFunction, counts: { shown: number; matched: number; total: number; filtering: boolean }): string {
  const { matched, total, filtering } = counts;
  const shown = Math.min(counts.shown, matched);
  if (!filtering) return t('networks.explorer.nodeListHint', { shown, total });
  if (matched === 0) return t('networks.explorer.nodeListNoMatch', { total });
  return t('networks.explorer.nodeListMatches', { matched, total, shown });
}

/** What the node list says when "Find a node" matches nothing. */
export function nodeListEmpty(t: TFunction, query: string): string {
  return t('networks.explorer.nodeListEmpty', { query: query.trim() });
}
