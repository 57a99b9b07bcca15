import { Anchor, Button, Group, NumberInput, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { INDICATOR_TYPES, SCAM_TYPES } from '@gpos/contracts';
import { useNetworks, type NetworkFilters } from '../../api/networks-queries';
import { useSession } from '../../auth/session';
import { FilterSelect } from '../../components/FilterSelect';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterActions, FilterPanel } from '../../components/FilterPanel';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { StateLabel } from '../../components/StatusBadge';
import { TableScroll } from '../../components/TableScroll';
import { TableState } from '../../components/TableState';
import { CountryFlags } from '../../features/networks/CountryFlags';
import { NetworkId } from '../../features/networks/NetworkId';
import { networkLabel } from '../../features/networks/network-label';
import { canNetworks } from '../../features/networks/permissions';
import { Sparkline } from '../../features/networks/Sparkline';
import { countryOptions } from '../../i18n/countries';
import { formatDate, parseDateInput } from '../../lib/format';
import { indicatorTypeOptions, isOneOf, scamTypeOptions } from '../../lib/intel-options';
import { formatLossUsd } from '../../lib/money';
import { wholeNumberParam } from '../../lib/url-params';
import { COUNTRY_CODES, MIN_REPORTS_MAX } from '@gpos/contracts';
import { DateField } from '../../components/DateField';

/** The filters as the URL carries them (`activeSince` as a plain date, the rest as the API wants them). */
interface FormState {
  country: string | null;
  scamType: string | null;
  indicatorType: string | null;
  minReports: number | '';
  activeSince: string;
  crossBorder: string | null;
}

function formFromParams(params: URLSearchParams): FormState {
  const since = params.get('activeSince') ?? '';
  return {
    country: isOneOf(COUNTRY_CODES, params.get('country')) ? params.get('country') : null,
    scamType: isOneOf(SCAM_TYPES, params.get('scamType')) ? params.get('scamType') : null,
    indicatorType: isOneOf(INDICATOR_TYPES, params.get('indicatorType')) ? params.get('indicatorType') : null,
    minReports: wholeNumberParam(params.get('minReports'), 1, MIN_REPORTS_MAX) ?? '',
    activeSince: /^\d{4}-\d{2}-\d{2}$/.test(since) ? since : '',
    crossBorder: isOneOf(['true', 'false'] as const, params.get('crossBorder')) ? params.get('crossBorder') : null,
  };
}

function filtersFromForm(form: FormState): NetworkFilters {
  return {
    country: form.country ?? undefined,
    scamType: form.scamType ?? undefined,
    indicatorType: form.indicatorType ?? undefined,
    minReports: form.minReports === '' ? undefined : form.minReports,
    // A day in the URL; for the API, the start of that day where the user is, as the other date filters read theirs.
    activeSince: form.activeSince ? parseDateInput(form.activeSince, 'date')?.toISOString() : undefined,
    crossBorder: form.crossBorder === 'true' || form.crossBorder === 'false' ? form.crossBorder : undefined,
  };
}

function paramsFromForm(form: FormState): Record<string, string> {
  const out: Record<string, string> = {};
  if (form.country) out.country = form.country;
  if (form.scamType) out.scamType = form.scamType;
  if (form.indicatorType) out.indicatorType = form.indicatorType;
  if (form.minReports !== '') out.minReports = String(form.minReports);
  if (form.activeSince) out.activeSince = form.activeSince;
  if (form.crossBorder) out.crossBorder = form.crossBorder;
  return out;
}

export function NetworksPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const applied = useMemo(() => formFromParams(params), [params]);
  const [form, setForm] = useState<FormState>(applied);
  // Back/forward and links change the URL: the form follows it.
  useEffect(() => setForm(applied), [applied]);
  const filters = useMemo(() => filtersFromForm(applied), [applied]);
  const list = useNetworks(filters);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setParams(paramsFromForm(form));
  };
  const reset = () => setParams({});
  const filtered = Object.keys(paramsFromForm(applied)).length > 0;

  return (
    <>
      <PageHeader
        title={t('networks.title')}
        description={t('networks.description')}
        actions={
          canNetworks(me, 'decide') && (
            <Button component={Link} to="/networks/review" variant="default">
              {t('networks.review.title')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        <FilterPanel activeCount={Object.keys(paramsFromForm(applied)).length}>
          <form role="search" aria-label={t('networks.filters')} onSubmit={apply}>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
              <FilterSelect
                label={t('networks.country')}
                data={countries}
                value={form.country}
                onChange={(v) => set('country', v)}
                searchable
              />
              <FilterSelect label={t('networks.scamType')} data={scamTypeOptions(t)} value={form.scamType} onChange={(v) => set('scamType', v)} />
              <FilterSelect
                label={t('networks.indicatorType')}
                data={indicatorTypeOptions(t)}
                value={form.indicatorType}
                onChange={(v) => set('indicatorType', v)}
              />
              <FilterSelect
                label={t('networks.crossBorder')}
                data={[
                  { value: 'true', label: t('networks.crossBorderOnly') },
                  { value: 'false', label: t('networks.domesticOnly') },
                ]}
                value={form.crossBorder}
                onChange={(v) => set('crossBorder', v)}
              />
              <NumberInput
                label={t('networks.minReports')}
                min={1}
                max={MIN_REPORTS_MAX}
                allowDecimal={false}
                allowNegative={false}
                value={form.minReports}
                onChange={(v) => set('minReports', typeof v === 'number' && v >= 1 ? v : '')}
              />
              <DateField kind="date" label={t('networks.activeSince')} value={form.activeSince} onChange={(value) => set('activeSince', value)} />
              <FilterActions onReset={reset} applyTestId="apply-network-filters" />
            </SimpleGrid>
          </form>
        </FilterPanel>
        <ErrorAlert error={list.error} />
        {/* Ten columns: narrower cell padding than Mantine's default lets them all fit beside the navigation at 1280 px. */}
        <TableScroll label={t('networks.tableLabel')} minWidth={960}>
          <Table
            striped
            highlightOnHover
            aria-busy={list.isFetching}
            style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            verticalSpacing="xs"
            horizontalSpacing={6}
            aria-label={t('networks.tableLabel')}
            data-testid="networks-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('networks.col.rank')}</Table.Th>
                <Table.Th scope="col">{t('networks.col.network')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('networks.col.score')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('networks.col.reports')}
                </Table.Th>
                <Table.Th scope="col">{t('networks.col.activity')}</Table.Th>
                <Table.Th scope="col">{t('networks.col.countries')}</Table.Th>
                <Table.Th scope="col">{t('networks.col.scamTypes')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('networks.col.loss')}
                </Table.Th>
                <Table.Th scope="col">{t('networks.col.lastActivity')}</Table.Th>
                <Table.Th scope="col">{t('networks.col.growth')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <TableState
                columns={10}
                query={list}
                rows={rows.length}
                empty={
                  // Not a bare "Nothing to show": whether the filters hide them, and the way back (on a phone the
                  // filters' own Reset is folded away).
                  filtered ? (
                    <Group gap="sm" role="status" data-testid="networks-empty">
                      <Text size="sm">{t('networks.noneMatch')}</Text>
                      <Button size="xs" variant="default" onClick={reset}>
                        {t('networks.resetFilters')}
                      </Button>
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed" role="status" data-testid="networks-empty">
                      {t('networks.noneYet')}
                    </Text>
                  )
                }
              />
              {rows.map((network, i) => (
                <Table.Tr key={network.id} data-testid="network-row" data-network-id={network.id}>
                  <Table.Td fw={700}>{i + 1}</Table.Td>
                  <Table.Td>
                    {/* Wide enough for the full id on one line (36 characters); its copy button goes under it. On a
                        phone's card the id wraps instead. */}
                    <Stack gap={2} align="flex-start" miw={{ base: 0, sm: 272 }}>
                      {/* A long identifier (a 42-character wallet) wraps, rather than widen the table past the screen. */}
                      <Anchor component={Link} to={`/networks/${network.id}`} fz="sm" className="break-all" data-testid="network-label">
                        {networkLabel(t, network)}
                      </Anchor>
                      <NetworkId id={network.id} />
                      {/* Where the table scrolls sideways (a tablet), what ranks it, on the first screen too: within the
                          screen's width beside the rank column, however wide the column grows (a long list of countries
                          wraps). A phone's card shows those columns, each labelled. */}
                      <Text size="xs" c="gray.7" visibleFrom="sm" hiddenFrom="lg" data-testid="network-row-summary" style={{ maxWidth: '55vw' }}>
                        {t('networks.rowSummary', {
                          count: network.reports,
                          countries: network.victimCountries.join(' ') || '—',
                          loss: formatLossUsd(network.lossUsdTotal, i18n.language),
                        })}
                      </Text>
                      {network.crossBorder && <StateLabel label={t('networks.crossBorderBadge')} colour="orange" testId="cross-border" />}
                    </Stack>
                  </Table.Td>
                  <Table.Td ta="right" data-testid="network-score">
                    {/* Always one decimal, as `gpos networks list` prints it: "13" above "12.7" read as a different kind of number. */}
                    {new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(network.score)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <span data-testid="network-reports">{network.reports}</span>
                    {network.hidden.holders.length > 0 && (
                      <Text size="xs" c="dimmed" data-testid="network-plus-hidden">
                        {t('networks.plusHidden', { count: network.hidden.reports })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {/* A little narrower than its default: with it, the table fits a 1366-pixel screen without scrolling. */}
                    <Sparkline values={network.activity} width={84} />
                  </Table.Td>
                  <Table.Td>
                    <CountryFlags codes={network.victimCountries} />
                  </Table.Td>
                  <Table.Td>
                    {/* One a line and never cut: clamped to two lines, Thai names ("หลอกลงทุน") were cut mid-word. */}
                    <Stack gap={0} miw={96} data-testid="network-scam-types">
                      {network.scamTypes.length === 0
                        ? '—'
                        : network.scamTypes.map((s) => (
                            <Text key={s} size="sm">
                              {t(`scamTypes.${s}`)}
                            </Text>
                          ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td ta="right" className="nowrap" data-testid="network-loss">
                    {formatLossUsd(network.lossUsdTotal, i18n.language)}
                  </Table.Td>
                  <Table.Td className="nowrap">{formatDate(network.lastActivity, i18n.language) || '—'}</Table.Td>
                  <Table.Td className="nowrap">
                    <Text size="sm">{t('networks.growthValue', { week: network.growth7d, month: network.growth30d })}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </Stack>
    </>
  );
}
