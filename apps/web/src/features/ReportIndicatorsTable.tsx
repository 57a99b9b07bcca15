import { Group, Stack, Table } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report } from '../api/intel-types';
import { IndicatorValue, Tag } from '../components/intel';
import { TableScroll } from '../components/TableScroll';
import { namedIndicators } from '../lib/report-form';
import { IndicatorMatchInfo, type ReportMatchesState } from './ReportMatches';

type Props = {
  report: Pick<Report, 'organisationId' | 'indicators'>;
  matches: ReportMatchesState;
  /** The id of the heading that names the table; without one the table names itself. */
  labelledBy?: string;
  rowTestId: string;
  striped?: boolean;
};

/**
 * A report's identifiers as stored: the canonical value, who else reported it, type, role, and whether
 * the person named it or the server derived it (a URL's domain, say) and whether it is on a warninglist.
 * Those the person named come first, in their order.
 */
export function ReportIndicatorsTable({ report, matches, labelledBy, rowTestId, striped = false }: Props) {
  const { t } = useTranslation();
  const named = useMemo(() => new Set(namedIndicators(report.indicators)), [report.indicators]);
  const rows = useMemo(() => [...report.indicators].sort((a, b) => Number(!named.has(a)) - Number(!named.has(b))), [report.indicators, named]);
  return (
    <TableScroll label={t('reports.indicators')} minWidth={640}>
      <Table aria-labelledby={labelledBy} aria-label={labelledBy ? undefined : t('reports.indicators')} verticalSpacing="xs" striped={striped}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w="45%">
              {t('reports.identifier')}
            </Table.Th>
            <Table.Th scope="col">{t('reportForm.type')}</Table.Th>
            <Table.Th scope="col">{t('reportForm.role')}</Table.Th>
            <Table.Th scope="col">{t('reports.notes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((indicator) => (
            <Table.Tr key={`${indicator.indicatorId}-${indicator.role}`} data-testid={rowTestId}>
              <Table.Td>
                <Stack gap={4}>
                  <IndicatorValue indicator={indicator} to={`/indicators/${indicator.indicatorId}`} />
                  <IndicatorMatchInfo state={matches} indicatorId={indicator.indicatorId} owner={report.organisationId} />
                </Stack>
              </Table.Td>
              <Table.Td>{t(`indicatorTypes.${indicator.type}`)}</Table.Td>
              <Table.Td>{t(`sightingRoles.${indicator.role}`)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {!named.has(indicator) && <Tag colour="gray">{t('reports.derived')}</Tag>}
                  {indicator.benign && <Tag colour="green">{t('reportForm.benign')}</Tag>}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
