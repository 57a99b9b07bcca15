import { Anchor, Card, Code, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { MispEventResult, MispImportResult } from '@gpos/contracts';
import { TlpLabel } from '../../components/intel';
import { countryWithCode } from '../../i18n/countries';
import { fieldErrorText, mispMessageText, mispNoteText } from '../../lib/errors';
import { formatDate, tailId } from '../../lib/format';
import { mispSourcePlace, mispSummaryCounters } from './misp-summary';
import { Capped, CappedTable, Counter, MispStatus } from './results';

/** The answer of `POST /misp/events`: a summary, then each event with every attribute accounted for. */
export function MispImportResultView({ result }: { result: MispImportResult }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" data-testid="misp-result">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {mispSummaryCounters(result.summary).map((c) => (
          <Counter key={c.label} label={t(`interop.misp.summary.${c.label}`)} value={c.value} {...(c.testId ? { testId: c.testId } : {})} />
        ))}
      </SimpleGrid>
      <Capped items={result.events}>
        {(events) => (
          <Stack gap="md">
            {events.map((event, i) => (
              <MispEventCard key={`${event.source}:${event.eventUuid ?? i}`} event={event} n={i} />
            ))}
          </Stack>
        )}
      </Capped>
    </Stack>
  );
}

function MispEventCard({ event, n }: { event: MispEventResult; n: number }) {
  const { t, i18n } = useTranslation();
  const headingId = `misp-event-${n}`;
  const c = event.counts;
  // A rejected event stored nothing: what it would have given is said as that, never as "mapped".
  const rejected = event.status === 'rejected';
  const sourceText = (source: string) => {
    const place = mispSourcePlace(source);
    if (place === null) return t('interop.misp.source', { source });
    return place.whole ? t('interop.misp.sourceDocument') : t('interop.misp.sourceAt', { path: place.path });
  };
  const mappedHeading = t(rejected ? 'interop.misp.wouldMap' : 'interop.misp.mapped', { count: event.indicators.length });
  return (
    <Card withBorder radius="md" component="article" aria-labelledby={headingId} data-testid="misp-event">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={2}>
            <Title order={3} size="h5" id={headingId} className="break-all">
              {event.info ?? t('interop.misp.untitled')}
            </Title>
            <Text size="xs" c="gray.7" className="break-all">
              {event.eventUuid ? t('interop.misp.uuid', { uuid: event.eventUuid }) : sourceText(event.source)}
            </Text>
          </Stack>
          <MispStatus status={event.status} testId="misp-event-status" />
        </Group>

        {event.reportIds.length > 0 && (
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>
              {t('interop.misp.reports')}
            </Text>
            {event.reportIds.map((id) => (
              <Anchor key={id} component={Link} to={`/reports/${id}`} size="sm" data-testid="misp-report-link">
                {t('interop.reportLink', { id: tailId(id) })}
              </Anchor>
            ))}
          </Group>
        )}

        {(event.tlp || event.scamType || event.victimCountry || event.occurredAt) && (
          <Group gap="lg" wrap="wrap">
            {event.tlp && <TlpLabel tlp={event.tlp} />}
            {event.scamType && (
              <Text size="sm">
                <strong>{t('reports.scamType')}:</strong> {t(`scamTypes.${event.scamType}`)}
              </Text>
            )}
            {event.victimCountry && (
              <Text size="sm">
                <strong>{t('reports.victimCountry')}:</strong> {countryWithCode(event.victimCountry, i18n.language)}
              </Text>
            )}
            {event.occurredAt && (
              <Text size="sm">
                <strong>{t('reports.occurredAt')}:</strong> {formatDate(event.occurredAt, i18n.language)}
              </Text>
            )}
          </Group>
        )}

        <Text size="sm" data-testid="misp-event-counts">
          {rejected
            ? t('interop.misp.countsRejected', { count: c.attributes, attributes: c.attributes })
            : t('interop.misp.counts', { count: c.attributes, attributes: c.attributes, mapped: c.mapped, qualifiers: c.qualifiers, skipped: c.skipped })}
        </Text>

        {event.errors.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              {t('interop.misp.why')}
            </Text>
            <List size="sm" data-testid="misp-event-errors">
              {event.errors.map((e, i) => (
                <List.Item key={i}>
                  <span className="break-all">{e.path ? `${e.path}: ${fieldErrorText(i18n, e)}` : fieldErrorText(i18n, e)}</span>
                </List.Item>
              ))}
            </List>
          </div>
        )}

        {event.notes.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              {t('interop.misp.notes')}
            </Text>
            <List size="sm" data-testid="misp-event-notes">
              {event.notes.map((_, i) => (
                <List.Item key={i}>{mispNoteText(i18n, event, i)}</List.Item>
              ))}
            </List>
          </div>
        )}

        {event.indicators.length > 0 && (
          <div>
            <Title order={4} size="h6" id={`${headingId}-mapped`} mb={4}>
              {mappedHeading}
            </Title>
            <CappedTable
              items={event.indicators}
              label={mappedHeading}
              labelledBy={`${headingId}-mapped`}
              minWidth={680}
              columns={[t('interop.columns.gposType'), t('interop.columns.value'), t('interop.columns.mispType'), t('interop.columns.where')]}
              dense
            >
              {(m, i) => (
                <Table.Tr key={`${m.path}:${m.type}:${i}`} data-testid="misp-mapped-row">
                  <Table.Td className="nowrap">{t(`indicatorTypes.${m.type}`)}</Table.Td>
                  <Table.Td maw={360}>
                    <Text size="sm" ff="monospace" className="break-all">
                      {m.value}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{m.relation ? `${m.mispType} (${m.relation})` : m.mispType}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" className="break-all">
                      {m.path}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </CappedTable>
          </div>
        )}

        {(event.skipped.length > 0 || event.skippedNotListed > 0) && (
          <div>
            <Title order={4} size="h6" id={`${headingId}-skipped`} mb={4}>
              {t('interop.misp.notImported', { count: event.skipped.length + event.skippedNotListed })}
            </Title>
            <CappedTable
              items={event.skipped}
              label={t('interop.misp.notImported', { count: event.skipped.length + event.skippedNotListed })}
              labelledBy={`${headingId}-skipped`}
              minWidth={820}
              columns={[t('interop.columns.mispType'), t('interop.columns.value'), t('interop.columns.reason'), t('interop.columns.detail'), t('interop.columns.where')]}
              dense
              testId="misp-skipped"
            >
              {(sk, i) => (
                <Table.Tr key={`${sk.path}:${i}`} data-testid="misp-skipped-row">
                  <Table.Td>
                    <Code>{[sk.objectName, sk.mispType].filter(Boolean).join(' / ') || '—'}</Code>
                    {sk.relation && (
                      <Text size="xs" c="gray.7">
                        {sk.relation}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td maw={260}>
                    <Text size="sm" ff="monospace" className="break-all">
                      {sk.value ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td className="nowrap">{t(`interop.misp.skipReasons.${sk.reason}`)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" className="break-all" data-testid="misp-skipped-detail">
                      {mispMessageText(i18n, sk)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" className="break-all">
                      {sk.path}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </CappedTable>
            {event.skippedNotListed > 0 && (
              <Text size="sm" mt="xs">
                {t('interop.misp.notListed', { count: event.skippedNotListed })}
              </Text>
            )}
          </div>
        )}
      </Stack>
    </Card>
  );
}
