import type { TFunction } from 'i18next';

/**
 * What a person calls a network: the identifier that joins the most of the reports they may see (the
 * server's `labelIndicator`, the same in the list and on the network's page), else its size — "Network
 * around Telegram @scamdesk", "Network of 12 reports". Never the first or last characters of its id: ids
 * made the same minute share their first characters, and a fragment cannot be searched. The full id goes
 * next to it, to copy.
 */
export function networkLabel(t: TFunction, network: { reports: number; labelIndicator: { display: string } | null }): string {
  const top = network.labelIndicator;
  // `replace` and `nest: false`: the identifier is reported data, never read as i18next options or a `$t(…)`.
  if (top) return t('networks.label.around', { replace: { identifier: top.display }, nest: false });
  return t('networks.label.ofReports', { count: network.reports });
}
