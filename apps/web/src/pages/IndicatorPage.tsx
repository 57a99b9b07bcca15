import { Anchor, Button, Card, Code, Group, Loader, Pagination, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { INDICATOR_STATUSES, INDICATOR_TYPES, LIMITS, type IndicatorStatus } from '@gpos/contracts';
import type { IndicatorType } from '@gpos/contracts';
import type { Sighting, StatusChange } from '../api/intel-types';
import { useIndicatorLinking } from '../api/networks-queries';
import { useAllOrganisations } from '../api/admin-queries';
import { useIndicator, useSetIndicatorStatus } from '../api/intel-queries';
import { useSession } from '../auth/session';
import { AppModal } from '../components/AppModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { BenignTag, HiddenHitNotice, IndicatorStatusLabel, Tag, TlpLabel, WidelySharedTag } from '../components/intel';
import { PageHeader } from '../components/PageHeader';
import { ExportMenu } from '../features/interop/ExportMenu';
import { DecisionDialog, type DecisionTarget } from '../features/networks/DecisionDialog';
import { DoesNotLinkButton } from '../features/networks/DoesNotLinkButton';
import { DecisionRefusedNote } from '../features/networks/DecisionRefused';
import { canNetworks } from '../features/networks/permissions';
import { NetworkId } from '../features/networks/NetworkId';
import { StateLabel } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import { countryWithCode } from '../i18n/countries';
import { fieldError } from '../lib/errors';
import { formatDate, formatDateTime, formatMonth, monthParts, tailId } from '../lib/format';
import { indicatorStatusOptions, isOneOf } from '../lib/intel-options';
import { formatLossUsd, formatUsdCents } from '../lib/money';
import { can, PERMISSIONS } from '../lib/permissions';
import { pageOf, truncationNote } from '../lib/sightings-paging';
import { monthlyCounts } from '../lib/timeline';
import { UserText } from '../components/UserText';

/**
 * A dispute is a doubt about a live lead: not offered once disputed, nor over an analyst's false positive
 * or takedown, which it would raise again (the server refuses it to whoever may only dispute).
 */
const DISPUTABLE: ReadonlySet<IndicatorStatus> = new Set<IndicatorStatus>(['active', 'expired']);

function Counter({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
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

export function IndicatorPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const me = useSession();
  const detail = useIndicator(id);
  const organisations = useAllOrganisations();
  const orgName = useMemo(() => new Map((organisations.data ?? []).map((o) => [o.id, o.name])), [organisations.data]);
  const [changing, setChanging] = useState<IndicatorStatus | 'choose' | null>(null);
  const data = detail.data;
  const indicator = data?.indicator;
  const mayChangeStatus = can(me, PERMISSIONS.indicatorsStatus);
  const sightings = useMemo(() => [...(data?.sightings ?? [])].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)), [data?.sightings]);
  // The table is paged in the browser; the page is remembered per indicator, so another indicator starts on page 1.
  const [paging, setPaging] = useState<{ id: string | undefined; page: number }>({ id, page: 1 });
  const shown = pageOf(sightings, paging.id === id ? paging.page : 1);
  const capped = indicator ? truncationNote(indicator.reports, sightings.length) : null;

  return (
    <>
      <PageHeader
        title={indicator ? indicator.display : t('indicator.title')}
        description={indicator ? t('indicator.subtitle', { type: t(`indicatorTypes.${indicator.type}`) }) : undefined}
        actions={
          indicator && (
            <>
              <ExportMenu kind="indicator" id={indicator.id} />
              {/* The status is the partnership's: not changed by whoever cannot see every report of it (the server refuses). */}
              {DISPUTABLE.has(indicator.status) && !data?.hiddenHit && (
                <Button variant="default" onClick={() => setChanging('disputed')} data-testid="dispute">
                  {t('indicator.dispute')}
                </Button>
              )}
              {mayChangeStatus && !data?.hiddenHit && (
                <Button variant="default" onClick={() => setChanging('choose')}>
                  {t('indicator.changeStatus')}
                </Button>
              )}
            </>
          )
        }
      />
      <ErrorAlert error={detail.error} />
      {detail.isPending && <Loader aria-label={t('app.loading')} />}
      {data && indicator && (
        <Stack gap="lg" data-testid="indicator-detail">
          <Group gap="lg" wrap="wrap">
            <Group gap={6}>
              <Text size="sm" fw={700}>
                {t('common.status')}:
              </Text>
              <IndicatorStatusLabel status={indicator.status} benign={indicator.benign} testId="indicator-status" />
            </Group>
            <Text size="sm">
              <strong>{t('lookup.score')}:</strong> <span data-testid="indicator-score">{indicator.score}</span> / 100
            </Text>
            <Text size="sm" className="break-all">
              <strong>{t('indicator.canonical')}:</strong> <Code data-testid="indicator-canonical">{indicator.value}</Code>
            </Text>
            {indicator.benign && <BenignTag testId="indicator-benign" />}
            {indicator.widelyShared && <WidelySharedTag testId="indicator-widely-shared" />}
          </Group>
          {/* What "benign" means here, said where it is read (the tag's tooltip needs a mouse). */}
          {indicator.benign && (
            <Text size="sm" data-testid="indicator-benign-hint">
              {t('reportForm.benignHint')}
            </Text>
          )}
          {data.hiddenHit && (
            <Text size="sm" c="gray.7" mt={-12} data-testid="status-needs-access">
              {t('indicator.statusNeedsAccess')}
            </Text>
          )}

          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
            <Counter label={t('lookup.reports')} value={indicator.reports} testId="indicator-reports" />
            <Counter label={t('lookup.organisations')} value={indicator.organisations} testId="indicator-organisations" />
            <Counter label={t('lookup.countries')} value={indicator.countries.length} />
            <Counter label={t('lookup.loss')} value={formatLossUsd(indicator.lossUsd, i18n.language)} />
            <Counter label={t('lookup.firstSeen')} value={formatDate(indicator.firstSeen, i18n.language) || '—'} />
            <Counter label={t('lookup.lastSeen')} value={formatDate(indicator.lastSeen, i18n.language) || '—'} />
          </SimpleGrid>

          {data.hiddenHit && <HiddenHitNotice key={data.hiddenHit.accessRequest.href} hit={data.hiddenHit} />}

          {canNetworks(me, 'read') && <LinkingSection indicatorId={indicator.id} display={indicator.display} type={indicator.type} status={indicator.status} />}

          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
            <div>
              <Title order={2} size="h5" mb={6}>
                {t('lookup.countries')}
              </Title>
              <Text size="sm" component="div">
                {indicator.countries.length > 0 ? indicator.countries.map((c) => countryWithCode(c, i18n.language)).join(', ') : '—'}
              </Text>
            </div>
            <div>
              <Title order={2} size="h5" mb={6}>
                {t('indicator.scamTypes')}
              </Title>
              <Group gap={4}>
                {indicator.scamTypes.length > 0
                  ? indicator.scamTypes.map((s) => (
                      <Tag key={s} colour="gray">
                        {t(`scamTypes.${s}`)}
                      </Tag>
                    ))
                  : '—'}
              </Group>
            </div>
            <div>
              <Title order={2} size="h5" mb={6}>
                {t('indicator.roles')}
              </Title>
              <Group gap={4}>
                {indicator.roles.length > 0
                  ? indicator.roles.map((r) => (
                      <Tag key={r} colour="gray">
                        {t(`sightingRoles.${r}`)}
                      </Tag>
                    ))
                  : '—'}
              </Group>
            </div>
          </SimpleGrid>

          <section>
            <Title order={2} size="h4" id="indicator-timeline" mb="xs">
              {t('indicator.timeline')}
            </Title>
            {capped && (
              <Text size="sm" mb="xs" data-testid="sightings-capped">
                {t('indicator.newestListed', { listed: capped.listed, reports: capped.reports })}
              </Text>
            )}
            <TimelineChart sightings={sightings} />
            <TableScroll label={t('indicator.sightings')} minWidth={860}>
              <Table verticalSpacing="xs" striped aria-label={t('indicator.sightings')} data-testid="sightings-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('reports.occurredAt')}</Table.Th>
                    <Table.Th scope="col">{t('reports.report')}</Table.Th>
                    <Table.Th scope="col">{t('reports.organisation')}</Table.Th>
                    <Table.Th scope="col">{t('reports.scamType')}</Table.Th>
                    <Table.Th scope="col">{t('reports.channel')}</Table.Th>
                    <Table.Th scope="col">{t('reports.victimCountry')}</Table.Th>
                    <Table.Th scope="col">{t('reportForm.role')}</Table.Th>
                    <Table.Th scope="col">{t('lookup.loss')}</Table.Th>
                    <Table.Th scope="col">{t('reports.marking')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sightings.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={9}>
                        <Text size="sm" c="dimmed">
                          {t('indicator.noSightings')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {shown.rows.map((s, i) => (
                    <Table.Tr key={`${s.reportId}-${s.role}-${shown.from + i}`} data-testid="sighting-row">
                      <Table.Td className="nowrap">{formatDateTime(s.occurredAt, i18n.language)}</Table.Td>
                      <Table.Td className="nowrap">
                        <Anchor component={Link} to={`/reports/${s.reportId}`} fz="sm" aria-label={t('indicator.openReport', { id: tailId(s.reportId) })}>
                          <Code>{tailId(s.reportId)}</Code>
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{orgName.get(s.organisationId) ?? tailId(s.organisationId)}</Table.Td>
                      <Table.Td>{t(`scamTypes.${s.scamType}`)}</Table.Td>
                      <Table.Td miw={90}>{s.channel ? t(`channels.${s.channel}`) : '—'}</Table.Td>
                      <Table.Td data-testid="sighting-country">{countryWithCode(s.victimCountry, i18n.language)}</Table.Td>
                      <Table.Td>{t(`sightingRoles.${s.role}`)}</Table.Td>
                      <Table.Td className="nowrap">{s.lossUsd !== null ? formatUsdCents(s.lossUsd, i18n.language) : '—'}</Table.Td>
                      <Table.Td>
                        <TlpLabel tlp={s.tlp} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
            {shown.pages > 1 && (
              <Group justify="space-between" gap="sm" mt="xs" wrap="wrap">
                <Text size="sm" c="gray.7" aria-live="polite" data-testid="sightings-range">
                  {t('indicator.sightingsRange', { from: shown.from, to: shown.to, total: sightings.length })}
                </Text>
                <nav aria-label={t('indicator.sightingsPages')}>
                  <Pagination
                    total={shown.pages}
                    value={shown.page}
                    onChange={(page) => setPaging({ id, page })}
                    size="sm"
                    getItemProps={(page) => ({ 'aria-label': t('indicator.sightingsPage', { page }) })}
                    getControlProps={(control) =>
                      control === 'previous'
                        ? { 'aria-label': t('indicator.previousPage') }
                        : control === 'next'
                          ? { 'aria-label': t('indicator.nextPage') }
                          : {}
                    }
                    data-testid="sightings-pagination"
                  />
                </nav>
              </Group>
            )}
            {indicator.reports > 0 && (
              <Anchor component={Link} to={`/reports?indicatorId=${indicator.id}`} size="sm" mt="xs" display="inline-block">
                {t('indicator.allReports')}
              </Anchor>
            )}
          </section>

          <section>
            <Title order={2} size="h4" id="indicator-history" mb="xs">
              {t('indicator.statusHistory')}
            </Title>
            {data.statusHistory.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('indicator.noHistory')}
              </Text>
            ) : (
              <ol style={{ margin: 0, paddingInlineStart: '1.2em' }} data-testid="status-history">
                {/* Newest first: the answer is oldest first, and changes of one instant (an expiry and the
                    report that revived it) keep their order, reversed — a sort by time alone left them as they came. */}
                {data.statusHistory
                  .map((change, order) => ({ change, order }))
                  .sort((a, b) => b.change.at.localeCompare(a.change.at) || b.order - a.order)
                  .map(({ change }, i) => (
                    <li key={`${change.at}-${i}`} style={{ marginBottom: 6 }}>
                      <Group gap={6} wrap="wrap">
                        <Text size="sm">{formatDateTime(change.at, i18n.language)}</Text>
                        <IndicatorStatusLabel status={change.status} />
                        {change.actorOrganisationId && <Text size="sm">— {orgName.get(change.actorOrganisationId) ?? tailId(change.actorOrganisationId)}</Text>}
                      </Group>
                      {change.reasonCode ? (
                        // The platform's own reason, said in the reader's language.
                        <Text size="sm" c="dimmed">
                          {platformReasonText(t, change)}
                        </Text>
                      ) : (
                        change.reason && (
                          <Text size="sm" c="dimmed">
                            “<UserText>{change.reason}</UserText>”
                          </Text>
                        )
                      )}
                    </li>
                  ))}
              </ol>
            )}
          </section>
        </Stack>
      )}
      {changing && indicator && (
        <StatusDialog
          id={indicator.id}
          initial={changing === 'choose' ? null : changing}
          current={indicator.status}
          allowChoice={mayChangeStatus && changing === 'choose'}
          onClose={() => setChanging(null)}
        />
      )}
    </>
  );
}

/**
 * Whether the identifier links its reports into a network (with a way there), or why it is held back
 * (the review queue's reasons) and who decided; analysts may decide here as on the review page.
 */
function LinkingSection({ indicatorId, display, type, status }: { indicatorId: string; display: string; type: IndicatorType; status: string }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const linking = useIndicatorLinking(indicatorId, status);
  const mayDecide = canNetworks(me, 'decide');
  const [decision, setDecision] = useState<DecisionTarget | null>(null);
  const data = linking.data;
  if (!data && !linking.error) return null;
  const hold = data?.hold ?? null;
  const decided = data?.decision ?? null;
  // Why the server would refuse a decision (partners' hidden reports; a reserved address, which never links): none is offered then.
  const refused = data?.decisionRefused ?? null;
  const holdText = (h: NonNullable<typeof hold>) => {
    if (h.reason !== 'high_degree') return t(`indicator.linking.held.${h.reason}`);
    // The server says this hold only to a viewer whose own reports are over the threshold (holdShownTo).
    return t('indicator.linking.held.high_degree', { degree: h.degree, threshold: h.threshold, type: t(`indicatorTypes.${type}`) });
  };
  return (
    <section aria-labelledby="indicator-linking">
      <Card withBorder radius="md" padding="sm" data-testid="indicator-linking">
        <Title order={2} size="h5" id="indicator-linking" mb={6}>
          {t('indicator.linking.title')}
        </Title>
        <ErrorAlert error={linking.error} />
        {data && (
          <Stack gap={6}>
            {data.links ? (
              <Text size="sm" component="div" data-testid="linking-state">
                {data.networkId ? (
                  <>
                    {t('indicator.linking.links')}{' '}
                    {/* The full id, linked and to copy: a fragment of it is ambiguous and cannot be searched. */}
                    <NetworkId id={data.networkId} link testId="linking-network" />
                  </>
                ) : (
                  t('indicator.linking.linksUnseen')
                )}
              </Text>
            ) : hold ? (
              <Group gap="xs" wrap="wrap" align="baseline">
                <StateLabel label={t(`networks.review.reasons.${hold.reason}`)} colour={hold.reason === 'high_degree' ? 'orange' : 'gray'} testId="linking-reason" />
                <Text size="sm" data-testid="linking-state">
                  {holdText(hold)}
                  {!decided && refused !== 'reserved_address' && ` ${t('indicator.linking.analystDecides')}`}
                </Text>
              </Group>
            ) : (
              <Text size="sm" data-testid="linking-state">
                {t('indicator.linking.notYet')}
              </Text>
            )}
            {decided && (
              <Text size="sm" c="gray.7" data-testid="linking-decision">
                {/* `replace` and `nest: false`: an organisation's name is shown as typed, never read as i18next syntax. */}
                {t(decided.decision === 'no_link' ? 'indicator.linking.decidedNoLink' : 'indicator.linking.decidedConfirm', {
                  replace: { who: decided.decidedBy ?? '—', when: formatDateTime(decided.decidedAt, i18n.language) },
                  nest: false,
                })}
              </Text>
            )}
            {mayDecide && (hold || data.links) && refused && <DecisionRefusedNote refused={refused} testId={refused === 'hidden_reports' ? 'linking-needs-access' : 'linking-reserved'} />}
            {mayDecide && (hold || data.links) && !refused && (
              <Group gap={6}>
                {hold && (
                  <Button size="xs" variant="default" onClick={() => setDecision({ kind: 'confirm_link', indicatorId, display, impact: { reports: hold.degree, reason: hold.reason } })} data-testid="linking-confirm">
                    {t('networks.confirmLink')}
                  </Button>
                )}
                {hold?.reason !== 'no_link' && (
                  <DoesNotLinkButton display={display} onClick={() => setDecision({ kind: 'no_link', indicatorId, display })} testId="linking-no-link" />
                )}
              </Group>
            )}
          </Stack>
        )}
      </Card>
      {/* The dialog's mutation refreshes every `networks` query, this one included. */}
      {decision && <DecisionDialog target={decision} onClose={() => setDecision(null)} />}
    </section>
  );
}

/**
 * Sightings per month as plain SVG bars, with a text summary for screen readers. Each bar is named by its
 * month, and the year is said under the first bar and each January: "Nov 26" under a bar read as a day.
 */
function TimelineChart({ sightings }: { sightings: Sighting[] }) {
  const { t, i18n } = useTranslation();
  const months = monthlyCounts(sightings.map((s) => s.occurredAt));
  if (months.length === 0) return null;
  const max = Math.max(...months.map((m) => m.count), 1);
  const barWidth = 28;
  const gap = 6;
  const height = 110;
  const pad = 14;
  const width = months.length * (barWidth + gap) + pad * 2;
  const yearMonth = (key: string) => key.split('-').map(Number) as [number, number];
  const summary = months
    .filter((m) => m.count > 0)
    .map((m) => t('indicator.chartMonth', { month: formatMonth(...yearMonth(m.month), i18n.language), count: m.count }))
    .join(', ');
  return (
    <div style={{ overflowX: 'auto', marginBottom: 12 }}>
      <svg width={width} height={height + 36} role="img" aria-label={t('indicator.chartLabel', { summary })} data-testid="timeline-chart">
        {months.map((m, i) => {
          const h = Math.round((m.count / max) * (height - 16));
          const x = pad + i * (barWidth + gap);
          const [year, month] = yearMonth(m.month);
          const label = monthParts(year, month, i18n.language);
          return (
            <g key={m.month}>
              <rect x={x} y={height - h} width={barWidth} height={h} fill="var(--mantine-color-blue-7)" rx={2} />
              {m.count > 0 && (
                <text x={x + barWidth / 2} y={height - h - 3} textAnchor="middle" fontSize="11" fill="var(--mantine-color-gray-9)">
                  {m.count}
                </text>
              )}
              <text x={x + barWidth / 2} y={height + 16} textAnchor="middle" fontSize="10" fill="var(--mantine-color-gray-8)" data-testid="timeline-month">
                {label.month}
              </text>
              {(i === 0 || month === 1) && (
                <text x={x} y={height + 30} textAnchor="start" fontSize="10" fill="var(--mantine-color-gray-8)" data-testid="timeline-year">
                  {label.year}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function StatusDialog({
  id,
  initial,
  current,
  allowChoice,
  onClose,
}: {
  id: string;
  initial: IndicatorStatus | null;
  current: IndicatorStatus;
  allowChoice: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const setStatus = useSetIndicatorStatus(id);
  const [status, setStatusValue] = useState<IndicatorStatus | null>(initial ?? null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ status?: string; reason?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { status: status ? undefined : t('validation.required'), reason: reason.trim().length < 3 ? t('validation.reasonMin') : undefined };
    setErrors(next);
    if (!status || next.reason) return;
    setStatus.mutate(
      { status, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('indicator.statusChanged', { status: t(`indicatorStatus.${status}`) }) });
          onClose();
        },
      },
    );
  };
  return (
    <AppModal opened onClose={onClose} title={allowChoice ? t('indicator.changeStatus') : t('indicator.disputeTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{allowChoice ? t('indicator.changeStatusExplain') : t('indicator.disputeExplain')}</Text>
          <ErrorAlert error={setStatus.error} inlineFields={['status', 'reason']} />
          {allowChoice && (
            <Select
              label={t('indicator.newStatus')}
              required
              data={indicatorStatusOptions(t).filter((o) => o.value !== current)}
              value={status}
              onChange={(v) => setStatusValue(isOneOf(INDICATOR_STATUSES, v) ? v : null)}
              error={errors.status ?? fieldError(setStatus.error, 'status')}
              allowDeselect={false}
              // The first field takes the focus: from the reason, a keyboard went on to the buttons, past the status.
              data-autofocus
            />
          )}
          <Textarea
            label={t('indicator.reason')}
            required
            autosize
            minRows={3}
            maxLength={LIMITS.description}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason ?? fieldError(setStatus.error, 'reason')}
            data-autofocus={!allowChoice || undefined}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={setStatus.isPending}>
              {allowChoice ? t('common.save') : t('indicator.dispute')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

/** A reason the platform wrote in a status history (its code and params), in the reader's language. */
function platformReasonText(t: TFunction, change: StatusChange): string {
  if (change.reasonCode !== 'decay.expired') return t('indicator.platformReasons.revived');
  const type = String(change.reasonParams?.type ?? '');
  return t('indicator.platformReasons.expired', { days: change.reasonParams?.days, type: isOneOf(INDICATOR_TYPES, type) ? t(`indicatorTypes.${type}`) : type });
}
