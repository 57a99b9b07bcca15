/** Small pieces shared by the STIX and MISP import results: outcome labels, counters, capped tables. */
import { Button, Card, Group, Table, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MispEventStatus, StixImportStatus } from '@gpos/contracts';
import { StateLabel, type DotColour } from '../../components/StatusBadge';
import { TableScroll } from '../../components/TableScroll';

export const STIX_STATUS_COLOURS: Record<StixImportStatus, DotColour> = {
  created: 'green',
  corrected: 'blue',
  retracted: 'gray',
  duplicate: 'outline',
  consumed: 'gray',
  unmapped: 'orange',
  rejected: 'red',
};

export const MISP_STATUS_COLOURS: Record<MispEventStatus, DotColour> = {
  accepted: 'green',
  duplicate: 'outline',
  skipped: 'orange',
  rejected: 'red',
};

export function StixStatus({ status, testId }: { status: StixImportStatus; testId?: string }) {
  const { t } = useTranslation();
  return <StateLabel label={t(`interop.stix.statuses.${status}`)} colour={STIX_STATUS_COLOURS[status]} testId={testId} />;
}

export function MispStatus({ status, testId }: { status: MispEventStatus; testId?: string }) {
  const { t } = useTranslation();
  return <StateLabel label={t(`interop.misp.statuses.${status}`)} colour={MISP_STATUS_COLOURS[status]} testId={testId} />;
}

export function Counter({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <Card withBorder radius="md" padding="sm">
      <Text size="xs" fw={700} tt="uppercase" c="gray.7">
        {label}
      </Text>
      <Text fz="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** Rows beyond this are behind "Show all" so a 20,000-object answer does not freeze the page. */
export const ROWS_SHOWN = 100;

/** Renders the first rows, and all of them on request. */
export function Capped<T>({ items, children }: { items: readonly T[]; children: (shown: readonly T[]) => ReactNode }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, ROWS_SHOWN);
  return (
    <>
      {children(shown)}
      {!all && items.length > ROWS_SHOWN && (
        <Group justify="center" mt="sm">
          <Button variant="default" onClick={() => setAll(true)}>
            {t('interop.showAll', { count: items.length })}
          </Button>
        </Group>
      )}
    </>
  );
}

/**
 * A result table: scrolls sideways on narrow screens, shows the first rows (all on request), one header
 * cell per column and one row per item (`children` renders the `Table.Tr`).
 */
export function CappedTable<T>({
  items,
  label,
  labelledBy,
  minWidth,
  columns,
  dense = false,
  testId,
  children,
}: {
  items: readonly T[];
  label: string;
  labelledBy: string;
  minWidth: number;
  columns: readonly string[];
  dense?: boolean;
  testId?: string;
  children: (item: T, index: number) => ReactNode;
}) {
  return (
    <Capped items={items}>
      {(rows) => (
        <TableScroll label={label} minWidth={minWidth}>
          <Table verticalSpacing={dense ? 4 : 'xs'} striped aria-labelledby={labelledBy} data-testid={testId}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th scope="col" key={column}>
                    {column}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{rows.map((item, index) => children(item, index))}</Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Capped>
  );
}
