import { Anchor, Button, Code, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { COUNTRY_CODES, idSchema, REPORT_STATUSES, SCAM_TYPES } from '@gpos/contracts';
import { useAllCommunities, useAllOrganisations } from '../api/admin-queries';
import { useIndicator, useReports, type ReportFilters } from '../api/intel-queries';
import { useSession } from '../auth/session';
import { FilterSelect } from '../components/FilterSelect';
import { ErrorAlert } from '../components/ErrorAlert';
import { FilterActions, FilterPanel } from '../components/FilterPanel';
import { TlpLabel } from '../components/intel';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { StateLabel } from '../components/StatusBadge';
import { ListTable } from '../components/ListTable';
import { countryName, countryOptions } from '../i18n/countries';
import { formatDate, formatDateTime, formatTime, localInputToIso, tailId } from '../lib/format';
import { isOneOf, reportStatusOptions, scamTypeOptions } from '../lib/intel-options';
import { formatMinor } from '../lib/money';
import { can, PERMISSIONS } from '../lib/permissions';
import { namedIndicators } from '../lib/report-form';
import { DateField } from '../components/DateField';

interface FormState {
  scamType: string | null;
  victimCountry: string | null;
  organisationId: string | null;
  status: string | null;
  from: string;
  to: string;
}

/** The filters the URL carries, so a filtered list can be bookmarked, shared and gone back to. */
const FILTER_PARAMS = ['scamType', 'victimCountry', 'organisationId', 'status', 'from', 'to'] as const;
/** The dates as the form's datetime-local fields write them, where the user is: YYYY-MM-DDTHH:mm. */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The form as the URL sets it; a value that is not one the form can hold is left out, not sent. */
function formFromParams(params: URLSearchParams): FormState {
  const date = (name: 'from' | 'to') => {
    const value = params.get(name) ?? '';
    return LOCAL_DATE_TIME.test(value) ? value : '';
  };
  const organisationId = params.get('organisationId');
  return {
    scamType: isOneOf(SCAM_TYPES, params.get('scamType')) ? params.get('scamType') : null,
    victimCountry: isOneOf(COUNTRY_CODES, params.get('victimCountry')) ? params.get('victimCountry') : null,
    organisationId: idSchema.safeParse(organisationId).success ? organisationId : null,
    status: isOneOf(REPORT_STATUSES, params.get('status')) ? params.get('status') : null,
    from: date('from'),
    to: date('to'),
  };
}

function filtersFromForm(form: FormState): ReportFilters {
  return {
    scamType: form.scamType ?? undefined,
    victimCountry: form.victimCountry ?? undefined,
    organisationId: form.organisationId ?? undefined,
    status: form.status ?? undefined,
    from: localInputToIso(form.from),
    to: localInputToIso(form.to),
  };
}

/**
 * What "List these reports" on an identifier's page filtered by: the identifier as people know it (its
 * type and value, as its page shows them), not the tail of its id, which is found nowhere else. The tail
 * stays while the identifier loads, or if it cannot be read.
 */
function IndicatorFilterNote({ indicatorId }: { indicatorId: string }) {
  const { t } = useTranslation();
  const indicator = useIndicator(indicatorId).data?.indicator;
  const type = indicator ? t(`indicatorTypes.${indicator.type}`) : undefined;
  return (
    <Text size="sm" data-testid="indicator-filter">
      {t('reports.filteredByIndicator')}{' '}
      <Anchor component={Link} to={`/indicators/${indicatorId}`}>
        <Code>{indicator ? indicator.display : tailId(indicatorId)}</Code>
      </Anchor>
      {type && ` (${type})`}
    </Text>
  );
}

export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const [searchParams, setSearchParams] = useSearchParams();
  const indicatorId = searchParams.get('indicatorId') ?? undefined;
  // A `community.widened` event links here: the reports marked for that sharing community.
  const communityId = searchParams.get('communityId') ?? undefined;
  const communities = useAllCommunities(communityId !== undefined);
  // The upload page links here: the reports one of this organisation's uploads stored.
  const uploadId = searchParams.get('uploadId') ?? undefined;
  const communityName = communityId ? communities.data?.find((c) => c.id === communityId)?.name : undefined;
  const applied = useMemo(() => formFromParams(searchParams), [searchParams]);
  const [form, setForm] = useState<FormState>(applied);
  // Back/forward and links change the URL: the form follows it.
  useEffect(() => setForm(applied), [applied]);
  // Dates the wrong way round (typed into the URL) filter nothing rather than everything out.
  const filters = useMemo(() => filtersFromForm(applied.from !== '' && applied.to !== '' && applied.to < applied.from ? { ...applied, from: '', to: '' } : applied), [applied]);
  const organisations = useAllOrganisations();
  const orgName = useMemo(() => new Map((organisations.data ?? []).map((o) => [o.id, o.name])), [organisations.data]);
  const orgOptions = useMemo(
    () => (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [organisations.data],
  );
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const list = useReports({ ...filters, indicatorId, communityId, uploadId });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  // datetime-local values compare as text: both are YYYY-MM-DDTHH:mm.
  const reversed = form.from !== '' && form.to !== '' && form.to < form.from;
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (reversed) return;
    // The indicator and community a link opened the list with stay; Reset drops them too.
    const next = new URLSearchParams(searchParams);
    for (const name of FILTER_PARAMS) {
      const value = form[name];
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setSearchParams(next);
  };
  const reset = () => setSearchParams({});

  return (
    <>
      <PageHeader
        title={t('reports.title')}
        description={t('reports.description')}
        actions={
          can(me, PERMISSIONS.reportsWrite) && (
            <>
              <Button component={Link} to="/reports/new">
                {t('nav.items.submitReport')}
              </Button>
              <Button component={Link} to="/reports/bulk" variant="default">
                {t('nav.items.bulkUpload')}
              </Button>
            </>
          )
        }
      />
      <Stack gap="md">
        <FilterPanel activeCount={Object.values(filters).filter((value) => value !== undefined).length + (indicatorId ? 1 : 0) + (communityId ? 1 : 0) + (uploadId ? 1 : 0)}>
          <form role="search" aria-label={t('reports.filters')} onSubmit={apply}>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
              <FilterSelect label={t('reports.scamType')} data={scamTypeOptions(t)} value={form.scamType} onChange={(v) => set('scamType', v)} />
              <FilterSelect
                label={t('reports.victimCountry')}
                data={countries}
                value={form.victimCountry}
                onChange={(v) => set('victimCountry', v)}
                searchable
              />
              <FilterSelect
                label={t('reports.organisation')}
                data={orgOptions}
                value={form.organisationId}
                onChange={(v) => set('organisationId', v)}
                searchable
              />
              <FilterSelect label={t('common.status')} data={reportStatusOptions(t)} value={form.status} onChange={(v) => set('status', v)} />
              <DateField kind="datetime-local" label={t('reports.from')} value={form.from} onChange={(value) => set('from', value)} />
              <DateField kind="datetime-local" label={t('reports.to')} value={form.to} onChange={(value) => set('to', value)} error={reversed ? t('reports.toBeforeFrom') : undefined} />
              <FilterActions onReset={reset} />
            </SimpleGrid>
          </form>
        </FilterPanel>
        {indicatorId && <IndicatorFilterNote indicatorId={indicatorId} />}
        {uploadId && (
          <Text size="sm" data-testid="upload-filter">
            {t('uploadReports.filtered')}{' '}
            <Anchor component={Link} to="/reports">
              {t('uploadReports.showAll')}
            </Anchor>
          </Text>
        )}
        {communityId && (
          <Text size="sm" data-testid="community-filter">
            {communityName ? t('reports.filteredByCommunity', { replace: { name: communityName }, nest: false }) : t('reports.filteredByCommunityId', { id: tailId(communityId) })}
          </Text>
        )}
        <ErrorAlert error={list.error} />
        {/* Ordered by when a report was received (the server pages so): said in that column, so that the
            first column, when the scam happened, is not read as an order it does not follow. Nine columns, a
            report's status and marking in one, fit a 1280-pixel screen beside the menu in English and Thai
            (narrow cell padding: the default ran 10 pixels over); a phone shows each report as a card. */}
        <ListTable
          label={t('reports.tableLabel')}
          minWidth={960}
          query={list}
          rows={rows.length}
          verticalSpacing="xs"
          horizontalSpacing={6}
          data-testid="reports-table"
          sorted={{ column: 7, order: 'descending' }}
          columns={[
            t('reports.occurredAt'),
            t('reports.scamType'),
            t('reports.channel'),
            t('reports.victimCountry'),
            t('reports.organisation'),
            t('reports.indicators'),
            t('reports.loss'),
            t('reports.receivedNewestFirst'),
            t('reports.statusAndMarking'),
          ]}
        >
          {rows.map((report) => (
            <Table.Tr key={report.id} data-testid="report-row">
              <Table.Td>
                <Anchor component={Link} to={`/reports/${report.id}`} fz="sm" aria-label={t('reports.openNamed', { date: formatDateTime(report.occurredAt, i18n.language) })}>
                  <DateThenTime value={report.occurredAt} />
                </Anchor>
              </Table.Td>
              {/* Wide enough for its heading in Thai ("ประเภทการหลอกลวง") in two lines, not four, and the channel for
                  "โซเชียลมีเดีย" whole (squeezed, it broke mid-word). */}
              <Table.Td miw={112}>{t(`scamTypes.${report.scamType}`)}</Table.Td>
              <Table.Td miw={96}>{t(`channels.${report.channel}`)}</Table.Td>
              <Table.Td>
                <abbr title={countryName(report.victimCountry, i18n.language)} style={{ textDecoration: 'none' }}>
                  {report.victimCountry}
                </abbr>
              </Table.Td>
              <Table.Td>{orgName.get(report.organisationId) ?? tailId(report.organisationId)}</Table.Td>
              {/* One identifier a line, the first ones: run together in a column that may break anywhere, the
                  table squeezed it to a few characters, cut numbers mid-digit and hid the second one. */}
              <Table.Td miw={IDENTIFIERS_MIN_WIDTH} data-testid="report-identifiers">
                <ReportIdentifiers indicators={namedIndicators(report.indicators)} />
              </Table.Td>
              <Table.Td className="nowrap">{report.loss ? formatMinor(report.loss.amount, report.loss.currency, i18n.language) : '—'}</Table.Td>
              <Table.Td>
                <DateThenTime value={report.createdAt} />
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <StateLabel label={t(`reportStatus.${report.status}`)} colour={report.status === 'active' ? 'green' : 'gray'} />
                  <TlpLabel tlp={report.marking.tlp} />
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </Stack>
    </>
  );
}

/**
 * A date and its time, each kept whole, the time under the date when the column is narrow: the two date
 * columns on one line each left the identifiers too little room on a 1366-pixel screen.
 */
function DateThenTime({ value }: { value: string }) {
  const { i18n } = useTranslation();
  return (
    <>
      <span className="nowrap">{formatDate(value, i18n.language)}</span> <span className="nowrap">{formatTime(value, i18n.language)}</span>
    </>
  );
}

/** Room for a phone number or a national account number ("5550001111 (004, TH)", 20 characters) on one line, padding included. */
const IDENTIFIERS_MIN_WIDTH = 184;
/** Identifiers a row shows; the others are counted. */
const IDENTIFIERS_SHOWN = 2;

function ReportIdentifiers({ indicators }: { indicators: { display: string }[] }) {
  const { t } = useTranslation();
  const shown = indicators.slice(0, IDENTIFIERS_SHOWN);
  const more = indicators.length - shown.length;
  return (
    <Stack gap={2}>
      {shown.map((indicator, index) => (
        <Text key={index} size="sm" ff="monospace" lineClamp={2} title={indicator.display} style={{ overflowWrap: 'anywhere' }}>
          {indicator.display}
        </Text>
      ))}
      {more > 0 && (
        <Text size="xs" c="gray.7" data-testid="report-identifiers-more">
          {t('reports.moreIdentifiers', { count: more })}
        </Text>
      )}
    </Stack>
  );
}
