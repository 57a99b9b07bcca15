import type { TFunction } from 'i18next';
import type { NetworkGraph } from '../../api/networks-queries';

export type NetworkGraphCell = NetworkGraph['cells'][number];

/**
 * A Louvain cell as the cells list and the node panel call it: the value of its best-linked identifier,
 * or, for a cell of reports alone (the server sends no words, only the number), "Cell 3".
 */
export function cellName(t: TFunction, cell: Pick<NetworkGraphCell, 'id' | 'label'>): string {
  return cell.label ?? t('networks.explorer.cellNumber', { number: cell.id + 1 });
}

/** The same cell among the legend's colours, beside countries and types: "Cell Telegram @desk", "Cell 3". */
export function cellLegendName(t: TFunction, cell: Pick<NetworkGraphCell, 'id' | 'label'>): string {
  return cell.label === null ? cellName(t, cell) : t('networks.explorer.cellName', { label: cell.label });
}
