import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { TableScroll } from './TableScroll';
import { TableState } from './TableState';
import type { ListQueryState } from './table-state';

/** A column heading; `false` leaves the column out (one the viewer's role does not show). */
export type ListColumn = ReactNode | false;

interface ListTableProps extends Omit<TableProps, 'children'> {
  /** Names the scrolling region and the table for screen readers. */
  label: string;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** The list's query: its loading and empty states, and a dimmed table while the next filter's answer is on its way. */
  query: ListQueryState & { isFetching: boolean; isPlaceholderData: boolean };
  columns: readonly ListColumn[];
  rows: number;
  /** Replaces "Nothing to show." when the list is empty. */
  empty?: ReactNode;
  /** The column the list is ordered by (its index among the shown columns), said to screen readers. */
  sorted?: { column: number; order: 'ascending' | 'descending' };
  children: ReactNode;
}

/**
 * A list page's table: scrolls on narrow screens (a stack of cards on a phone: TableScroll), says "loading"
 * and "nothing to show" in a row spanning every column (counted from the headings, so a column shown only
 * to some roles cannot leave the row a column short), and is dimmed and marked busy while a new filter's
 * rows load.
 */
export function ListTable({ label, minWidth, query, columns, rows, empty, sorted, children, ...table }: ListTableProps) {
  const shown = columns.filter((c) => c !== false);
  return (
    <TableScroll label={label} minWidth={minWidth}>
      <Table
        striped
        highlightOnHover
        verticalSpacing="sm"
        {...table}
        aria-busy={query.isFetching}
        style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}
        aria-label={label}
      >
        <Table.Thead>
          <Table.Tr>
            {shown.map((heading, i) => (
              <Table.Th key={i} scope="col" aria-sort={sorted?.column === i ? sorted.order : undefined}>
                {heading}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <TableState columns={shown.length} query={query} rows={rows} empty={empty} />
          {children}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
