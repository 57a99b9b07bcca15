import { Alert, Anchor, Code, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { STIX_IMPORT_STATUSES, type StixImportObjectResult, type StixImportResult } from '@gpos/contracts';
import { TableScroll } from '../../components/TableScroll';
import { tailId } from '../../lib/format';
import { Capped, Counter, StixStatus } from './results';

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
  const { t } = useTranslation();
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
          <Capped items={groups.reports}>
            {(rows) => (
              <TableScroll label={t('interop.stix.reports')} minWidth={720}>
                <Table verticalSpacing="xs" striped aria-labelledby="stix-reports">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('interop.columns.outcome')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.inGpos')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.stixId')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.reason')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
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
                          <Text size="sm">{r.reason ?? ''}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            )}
          </Capped>
        )}
      </section>

      <section>
        <Title order={3} size="h5" id="stix-indicators" mb="xs">
          {t('interop.stix.indicators')}
        </Title>
        {groups.indicators.length === 0 ? (
          <Text size="sm">{t('interop.stix.noIndicators')}</Text>
        ) : (
          <Capped items={groups.indicators}>
            {(rows) => (
              <TableScroll label={t('interop.stix.indicators')} minWidth={640}>
                <Table verticalSpacing="xs" striped aria-labelledby="stix-indicators">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('interop.columns.stixType')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.value')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.inGpos')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.stixId')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
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
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            )}
          </Capped>
        )}
      </section>

      <section>
        <Title order={3} size="h5" id="stix-not-imported" mb="xs">
          {t('interop.stix.notImported', { count: groups.notImported.length })}
        </Title>
        {groups.notImported.length === 0 ? (
          <Text size="sm">{t('interop.stix.allImported')}</Text>
        ) : (
          <Capped items={groups.notImported}>
            {(rows) => (
              <TableScroll label={t('interop.stix.notImported', { count: groups.notImported.length })} minWidth={820}>
                <Table verticalSpacing="xs" striped aria-labelledby="stix-not-imported" data-testid="stix-not-imported">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('interop.columns.index')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.stixType')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.outcome')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.reason')}</Table.Th>
                      <Table.Th scope="col">{t('interop.columns.stixId')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
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
                            {r.reason ?? ''}
                          </Text>
                          {r.errors.length > 0 && (
                            <ul style={{ margin: 0, paddingInlineStart: '1.1em' }}>
                              {r.errors.map((e, i) => (
                                <li key={i}>
                                  <Text size="xs" className="break-all">
                                    {e.path ? `${e.path}: ${e.message}` : e.message}
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
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            )}
          </Capped>
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
