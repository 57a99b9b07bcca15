import { Alert, Anchor, Code, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { STIX_IMPORT_STATUSES, type StixImportObjectResult, type StixImportResult } from '@gpos/contracts';
import { fieldErrorText, stixReasonText } from '../../lib/errors';
import { tailId } from '../../lib/format';
import { CappedTable, Counter, StixStatus } from './results';

const NOT_IMPORTED = new Set(['unmapped', 'rejected']);

function StixId({ id }: { id: string | null }) {
  return id ? (
    <Text size="xs" ff="monospace" className="break-all">
      {id}
    </Text>
  ) : (
    <>—</>
  );
}

/**
 * The answer of `POST /stix/bundles`, object by object: what became reports and identifiers, and what did
 * not. `labels` (from the uploaded file) names each object by its value or name beside its STIX id.
 */
export function StixImportResultView({ result, labels = {} }: { result: StixImportResult; labels?: Readonly<Record<string, string>> }) {
  const { t, i18n } = useTranslation();
  const groups = useMemo(() => {
    const reports: StixImportObjectResult[] = [];
    const indicators: StixImportObjectResult[] = [];
    const notImported: StixImportObjectResult[] = [];
    let context = 0;
    for (const r of result.results) {
      if (NOT_IMPORTED.has(r.status)) notImported.push(r);
      else if (r.localType === 'report') reports.push(r);
      else if (r.localType === 'indicator') indicators.push(r);
      else context += 1;
    }
    return { reports, indicators, notImported, context };
  }, [result.results]);

  return (
    <Stack gap="lg" data-testid="stix-result">
      {result.partial && result.summary.rejected > 0 && (
        <Alert color="yellow" variant="light" title={t('interop.stix.partialTitle')}>
          {t('interop.stix.partialBody', { count: result.summary.rejected })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
        {STIX_IMPORT_STATUSES.map((status) => (
          <Counter key={status} label={t(`interop.stix.statuses.${status}`)} value={result.summary[status]} testId={`stix-count-${status}`} />
        ))}
      </SimpleGrid>
      {result.bundleId && (
        <Text size="sm">
          {t('interop.stix.bundle')} <Code>{result.bundleId}</Code>
        </Text>
      )}

      <section>
        <Title order={3} size="h5" id="stix-reports" mb="xs">
          {t('interop.stix.reports')}
        </Title>
        {groups.reports.length === 0 ? (
          <Text size="sm">{t('interop.stix.noReports')}</Text>
        ) : (
          <CappedTable
            items={groups.reports}
            label={t('interop.stix.reports')}
            labelledBy="stix-reports"
            minWidth={720}
            columns={[t('interop.columns.outcome'), t('interop.columns.inGpos'), t('interop.columns.stixId'), t('interop.columns.reason')]}
          >
            {(r) => (
              <Table.Tr key={r.index} data-testid="stix-report-row">
                <Table.Td>
                  <StixStatus status={r.status} />
                </Table.Td>
                <Table.Td className="nowrap">
                  {r.localId ? (
                    <Anchor component={Link} to={`/reports/${r.localId}`}>
                      {t('interop.reportLink', { id: tailId(r.localId) })}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td maw={360}>
                  {r.id && labels[r.id] && (
                    <Text size="sm" className="break-all">
                      {labels[r.id]}
                    </Text>
                  )}
                  <StixId id={r.id} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{stixReasonText(i18n, r)}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </CappedTable>
        )}
      </section>

      <section>
        <Title order={3} size="h5" id="stix-indicators" mb="xs">
          {t('interop.stix.indicators')}
        </Title>
        {groups.indicators.length === 0 ? (
          <Text size="sm">{t('interop.stix.noIndicators')}</Text>
        ) : (
          <CappedTable
            items={groups.indicators}
            label={t('interop.stix.indicators')}
            labelledBy="stix-indicators"
            minWidth={640}
            columns={[t('interop.columns.stixType'), t('interop.columns.value'), t('interop.columns.inGpos'), t('interop.columns.stixId')]}
          >
            {(r) => (
              <Table.Tr key={r.index} data-testid="stix-indicator-row">
                <Table.Td>
                  <Code>{r.type ?? '?'}</Code>
                </Table.Td>
                <Table.Td maw={320}>
                  <Text size="sm" ff="monospace" className="break-all">
                    {(r.id && labels[r.id]) ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td className="nowrap">
                  {r.localId && (
                    <Anchor component={Link} to={`/indicators/${r.localId}`}>
                      {t('interop.indicatorLink', { id: tailId(r.localId) })}
                    </Anchor>
                  )}
                </Table.Td>
                <Table.Td maw={420}>
                  <StixId id={r.id} />
                </Table.Td>
              </Table.Tr>
            )}
          </CappedTable>
        )}
      </section>

      <section>
        <Title order={3} size="h5" id="stix-not-imported" mb="xs">
          {t('interop.stix.notImported', { count: groups.notImported.length })}
        </Title>
        {groups.notImported.length === 0 ? (
          <Text size="sm">{t('interop.stix.allImported')}</Text>
        ) : (
          <CappedTable
            items={groups.notImported}
            label={t('interop.stix.notImported', { count: groups.notImported.length })}
            labelledBy="stix-not-imported"
            minWidth={820}
            columns={[t('interop.columns.index'), t('interop.columns.stixType'), t('interop.columns.outcome'), t('interop.columns.reason'), t('interop.columns.stixId')]}
            testId="stix-not-imported"
          >
            {(r) => (
              <Table.Tr key={r.index} data-testid="stix-not-imported-row">
                <Table.Td>{r.index}</Table.Td>
                <Table.Td>
                  <Code>{r.type ?? '?'}</Code>
                </Table.Td>
                <Table.Td>
                  <StixStatus status={r.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="break-all">
                    {stixReasonText(i18n, r)}
                  </Text>
                  {r.errors.length > 0 && (
                    <ul style={{ margin: 0, paddingInlineStart: '1.1em' }}>
                      {r.errors.map((e, i) => (
                        <li key={i}>
                          <Text size="xs" className="break-all">
                            {e.path ? `${e.path}: ${fieldErrorText(i18n, e)}` : fieldErrorText(i18n, e)}
                          </Text>
                        </li>
                      ))}
                    </ul>
                  )}
                </Table.Td>
                <Table.Td maw={320}>
                  {r.id && labels[r.id] && (
                    <Text size="sm" className="break-all">
                      {labels[r.id]}
                    </Text>
                  )}
                  <StixId id={r.id} />
                </Table.Td>
              </Table.Tr>
            )}
          </CappedTable>
        )}
        {groups.context > 0 && (
          <Text size="sm" mt="sm">
            {t('interop.stix.context', { count: groups.context })}
          </Text>
        )}
      </section>
    </Stack>
  );
}
