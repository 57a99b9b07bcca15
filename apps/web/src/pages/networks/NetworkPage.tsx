import type { TFunction } from 'i18next';
import { Anchor, Button, Card, Code, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { networkExportHref, useNetwork, usePrefetchNetworkExplorer, type NetworkDetail } from '../../api/networks-queries';
import { useOrganisation } from '../../api/admin-queries';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { StateLabel } from '../../components/StatusBadge';
import { TableScroll } from '../../components/TableScroll';
import { CountryFlags } from '../../features/networks/CountryFlags';
import { DecisionDialog, type DecisionTarget } from '../../features/networks/DecisionDialog';
import { DoesNotLinkButton } from '../../features/networks/DoesNotLinkButton';
import { DecisionRefusedNote, RoleCannotDecide } from '../../features/networks/DecisionRefused';
import { HiddenHint } from '../../features/networks/HiddenHint';
import { NetworkId } from '../../features/networks/NetworkId';
import { networkLabel } from '../../features/networks/network-label';
import { historyEntries } from '../../features/networks/history';
import { historySentence, sentenceText, undoneBySentence, undoRefusedSentence, type Reader, type SentencePart } from '../../features/networks/history-words';
import { canNetworks } from '../../features/networks/permissions';
import { Sparkline } from '../../features/networks/Sparkline';
import { useFollowReport } from '../../features/networks/use-follow-report';
import { formatDate, formatDateTime, tailId } from '../../lib/format';
import { formatLossUsd } from '../../lib/money';
import { ExportMenu } from '../../features/interop/ExportMenu';
import { UserText } from '../../components/UserText';

// Sigma, graphology and the world atlas are big; they load only when a network page is opened.
const loadExplorer = () => import('../../features/networks/NetworkExplorer');
const NetworkExplorer = lazy(loadExplorer);
const WorldMap = lazy(() => import('../../features/networks/WorldMap'));

const EXPORT_FORMATS = ['json', 'graphml', 'gexf'] as const;

function Counter({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <Card withBorder radius="md" padding="sm">
      <Text size="xs" fw={700} tt="uppercase" c="gray.7">
        {label}
      </Text>
      <Text fz="lg" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function Loading() {
  const { t } = useTranslation();
  return (
    <Group gap="xs" role="status">
      <Loader size="xs" />
      <Text size="sm">{t('app.loading')}</Text>
    </Group>
  );
}

/**
 * The header's line under the network's name (its key identifier, by which analysts tend to know a
 * network: see networkLabel): its size and reach, and what kind of identifier the one in the name is.
 */
function networkSubtitle(t: TFunction, network: NetworkDetail): string {
  // Each number with its own plural: "1 report with victims in 1 country" (it read "1 reports … 1 countries").
  const values = { count: network.reports, victims: t('networks.network.victimsIn', { count: network.victimCountries.length }) };
  const top = network.keyIndicators[0];
  return top ? t('networks.network.subtitleAround', { ...values, type: t(`indicatorTypes.${top.type}`) }) : t('networks.network.subtitle', values);
}

export function NetworkPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const me = useSession();
  const navigate = useNavigate();
  const detail = useNetwork(id);
  usePrefetchNetworkExplorer(id, loadExplorer);
  const network = detail.data;
  const mayDecide = canNetworks(me, 'decide');
  const [decision, setDecision] = useState<DecisionTarget | null>(null);
  const [contextReport, setContextReport] = useState<string | null>(null);
  const follow = useFollowReport();
  const ownOrganisation = useOrganisation(me.organisation.id).data;
  const reader: Reader = { organisations: [me.organisation.name, ...(ownOrganisation?.shortName ? [ownOrganisation.shortName] : [])] };
  /**
   * An undo the server refused (the decision was undone or replaced meanwhile): said from the event as the
   * page now knows it — the refusal reloads the network (useUndoLinkDecision) — by its indicator and the
   * organisation that undid it, not by the ids the server's text names.
   */
  const undoRefused = (error: unknown): SentencePart[] | null => {
    if (decision?.kind !== 'undo' || !(error instanceof ApiError) || error.status !== 409) return null;
    const event = network?.history.find((e) => e.id === decision.eventId);
    return event ? undoRefusedSentence(t, event, error.detailCode, reader) : null;
  };

  const afterDecision = (answer: unknown) => {
    if (!id) return;
    // A "does not link" may split the network: stay with the report the analyst was looking at.
    void follow(id, contextReport, answer).then(({ id: next, lost }) => {
      if (lost) notifications.show({ color: 'yellow', message: t('networks.network.reportLeft') });
      if (next && next !== id) {
        if (!lost) notifications.show({ color: 'blue', message: t('networks.network.moved') });
        navigate(`/networks/${next}`);
      } else if (!next) navigate('/networks');
    });
  };

  const missing = detail.error instanceof ApiError && detail.error.status === 404 ? detail.error : null;
  // A merge retires the absorbed network's id; the server names the network that holds its reports now.
  const successorId = missing?.successorId;
  const notFound = missing !== null && !successorId;
  useEffect(() => {
    if (!successorId) return;
    notifications.show({ color: 'blue', message: t('networks.network.mergedInto') });
    navigate(`/networks/${successorId}`, { replace: true });
  }, [successorId, navigate, t]);

  return (
    <>
      <PageHeader
        title={network ? networkLabel(t, network) : t('networks.network.titleLoading')}
        description={network ? networkSubtitle(t, network) : undefined}
        meta={
          network && (
            <Group gap={6} wrap="nowrap" align="center" data-testid="network-id-line">
              <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                {t('networks.networkId.label')}:
              </Text>
              <NetworkId id={network.id} />
            </Group>
          )
        }
        actions={
          network && (
            <>
              <ExportMenu
                kind="network"
                id={network.id}
                links={{
                  label: t('networks.export.graphGroup'),
                  items: EXPORT_FORMATS.map((format) => ({
                    key: format,
                    label: t(`networks.export.${format}`),
                    href: networkExportHref(network.id, format),
                    testId: `export-${format}`,
                  })),
                }}
              />
              <Button component={Link} to="/networks" variant="subtle">
                {t('networks.network.back')}
              </Button>
            </>
          )
        }
      />
      {successorId ? null : notFound ? (
        // A split gives pieces new ids, so an old link may land here: the way on is the list.
        <Stack gap="sm" align="flex-start">
          <ErrorAlert error={new ApiError({ status: 404, code: 'not_found', title: t('networks.network.notFound'), detail: t('networks.network.notFound') })} />
          <Button component={Link} to="/networks" variant="default" data-testid="network-gone-back">
            {t('networks.network.back')}
          </Button>
        </Stack>
      ) : (
        <ErrorAlert error={detail.error} />
      )}
      {detail.isPending && <Loader aria-label={t('app.loading')} />}
      {network && (
        <Stack gap="xl" data-testid="network-detail" data-network-id={network.id}>
          <Metrics network={network} />
          <HiddenHint key={network.id} hidden={network.hidden} networkId={network.id} />

          <section aria-labelledby="network-explorer-title">
            <Title order={2} size="h4" id="network-explorer-title" mb="xs">
              {t('networks.explorer.title')}
            </Title>
            <Suspense fallback={<Loading />}>
              <NetworkExplorer
                key={network.id}
                networkId={network.id}
                canDecide={mayDecide}
                onDoesNotLink={(indicator, report) => {
                  setContextReport(report);
                  setDecision({ kind: 'no_link', indicatorId: indicator.id, display: indicator.display });
                }}
              />
            </Suspense>
          </section>

          <KeyIndicators
            network={network}
            mayDecide={mayDecide}
            onDecide={(target) => {
              setContextReport(null);
              setDecision(target);
            }}
          />

          <section aria-labelledby="network-map-title">
            <Title order={2} size="h4" id="network-map-title" mb="xs">
              {t('networks.map.title')}
            </Title>
            <Suspense fallback={<Loading />}>
              <WorldMap counts={network.countryCounts} />
            </Suspense>
          </section>

          <History network={network} mayDecide={mayDecide} reader={reader} onUndo={(target) => setDecision(target)} />
          <Text size="xs" c="dimmed">
            {t('networks.network.activity', { first: formatDate(network.firstActivity, i18n.language) || '—', last: formatDate(network.lastActivity, i18n.language) || '—' })}
          </Text>
        </Stack>
      )}
      {decision && (
        <DecisionDialog
          target={decision}
          onClose={() => setDecision(null)}
          onDone={afterDecision}
          refusal={(error) => {
            const parts = undoRefused(error);
            return parts && <Sentence parts={parts} />;
          }}
        />
      )}
    </>
  );
}

function Metrics({ network }: { network: NetworkDetail }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        <Counter label={t('networks.metrics.score')} value={number.format(network.score)} testId="metric-score" />
        <Counter label={t('networks.metrics.reports')} value={network.reports} testId="metric-reports" />
        <Counter label={t('networks.metrics.indicators')} value={network.indicators} testId="metric-indicators" />
        <Counter label={t('networks.metrics.victimCountries')} value={network.victimCountries.length} testId="metric-countries" />
        <Counter label={t('networks.metrics.organisations')} value={network.reportingOrganisations} />
        <Counter label={t('networks.metrics.lossTotal')} value={formatLossUsd(network.lossUsdTotal, i18n.language)} testId="metric-loss" />
        <Counter label={t('networks.metrics.lossMedian')} value={formatLossUsd(network.lossUsdMedian, i18n.language)} />
        <Counter label={t('networks.metrics.growth7d')} value={`+${network.growth7d}`} />
        <Counter label={t('networks.metrics.growth30d')} value={`+${network.growth30d}`} />
        <Counter label={t('networks.metrics.lastActivity')} value={formatDate(network.lastActivity, i18n.language) || '—'} />
      </SimpleGrid>
      <Group gap="lg" wrap="wrap" align="center">
        {network.crossBorder && <StateLabel label={t('networks.crossBorderBadge')} colour="orange" />}
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {t('networks.metrics.victimCountries')}:
          </Text>
          <CountryFlags codes={network.victimCountries} max={20} />
        </Group>
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {t('networks.metrics.reportingCountries')}:
          </Text>
          <CountryFlags codes={network.reportingCountries} max={20} />
        </Group>
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {t('networks.col.activity')}:
          </Text>
          <Sparkline values={network.activity} width={160} height={28} />
        </Group>
      </Group>
    </Stack>
  );
}

function KeyIndicators({ network, mayDecide, onDecide }: { network: NetworkDetail; mayDecide: boolean; onDecide: (target: DecisionTarget) => void }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="key-indicators-title">
      <Title order={2} size="h4" id="key-indicators-title" mb={4}>
        {t('networks.keyIndicators.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('networks.keyIndicators.hint')}
      </Text>
      {!mayDecide && <RoleCannotDecide mb="xs" />}
      <TableScroll label={t('networks.keyIndicators.tableLabel')} minWidth={760}>
        <Table striped verticalSpacing="xs" aria-label={t('networks.keyIndicators.title')} data-testid="key-indicators">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('networks.keyIndicators.type')}</Table.Th>
              <Table.Th scope="col">{t('networks.keyIndicators.value')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('networks.keyIndicators.reports')}
              </Table.Th>
              <Table.Th scope="col">{t('networks.keyIndicators.countries')}</Table.Th>
              {mayDecide && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {network.keyIndicators.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={mayDecide ? 5 : 4}>
                  <Text size="sm" c="dimmed">
                    {t('common.noResults')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {network.keyIndicators.map((k) => (
              <Table.Tr key={k.id} data-testid="key-indicator-row" data-indicator-id={k.id}>
                <Table.Td>{t(`indicatorTypes.${k.type}`)}</Table.Td>
                <Table.Td className="break-all">
                  <Anchor component={Link} to={`/indicators/${k.id}`} fz="sm">
                    <Code>{k.display}</Code>
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{k.reports}</Table.Td>
                <Table.Td>
                  <CountryFlags codes={k.countries} />
                </Table.Td>
                {mayDecide && (
                  <Table.Td>
                    {/* A decision the server would refuse (partners' hidden reports) is not offered: why is said instead. */}
                    {k.decisionRefused ? (
                      <DecisionRefusedNote refused={k.decisionRefused} compact maw={260} />
                    ) : (
                      <Group gap={6} wrap="nowrap">
                        <DoesNotLinkButton display={k.display} onClick={() => onDecide({ kind: 'no_link', indicatorId: k.id, display: k.display })} testId="does-not-link" />
                      </Group>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </section>
  );
}

/** Lines of history shown before "show all" (a run of like splits or merges is one line). */
const HISTORY_SHOWN = 12;

const HISTORY_CAUSES = new Set(['shared_indicator', 'decision_undone', 'link_confirmed', 'report_removed', 'organisation_country', 'warninglist', 'false_positive', 'high_degree', 'no_link']);

/**
 * Why an event happened: a person's own words (quoted), or the platform's cause said in the page's
 * language. An unknown cause falls back to the server's (English) reason.
 */
function historyCause(t: TFunction, event: Pick<NetworkDetail['history'][number], 'cause' | 'reason'>): { text: string; quoted: boolean } | null {
  if (event.cause === null || event.cause === 'analyst') return event.reason ? { text: event.reason, quoted: true } : null;
  if (HISTORY_CAUSES.has(event.cause)) return { text: t(`networks.history.causes.${event.cause}` as 'networks.history.causes.shared_indicator'), quoted: false };
  return event.reason ? { text: event.reason, quoted: false } : null;
}

/** A sentence's parts on the page: the indicator links to its page, what a person typed is their own run of text. */
function Sentence({ parts }: { parts: readonly SentencePart[] }) {
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'indicator' ? (
          <Anchor key={i} component={Link} to={`/indicators/${part.id}`} fz="sm" className="break-all">
            <Code>{part.text}</Code>
          </Anchor>
        ) : part.kind === 'user' ? (
          <UserText key={i}>{part.text}</UserText>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

/** A labelled value of a history line ("Split into: 9 networks"), so a number never stands alone. */
function HistoryField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm" component="div">
      <Text span size="sm" fw={600}>
        {label}:
      </Text>{' '}
      {children}
    </Text>
  );
}

function History({ network, mayDecide, reader, onUndo }: { network: NetworkDetail; mayDecide: boolean; reader: Reader; onUndo: (target: DecisionTarget) => void }) {
  const { t, i18n } = useTranslation();
  const [all, setAll] = useState(false);
  const entries = historyEntries(network.history);
  const shown = all ? entries : entries.slice(0, HISTORY_SHOWN);
  return (
    <section aria-labelledby="network-history-title">
      <Title order={2} size="h4" id="network-history-title" mb="xs">
        {t('networks.history.title')}
      </Title>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('networks.history.empty')}
        </Text>
      ) : (
        <ol style={{ margin: 0, paddingInlineStart: '2em' }} data-testid="network-history">
          {shown.map(({ event, count, merged }) => {
            const sentence = historySentence(t, event, reader);
            const undoneBy = undoneBySentence(t, event.undoneBy, reader);
            const cause = historyCause(t, event);
            // The server's word, judged by the rule its undo route applies: never an Undo it would refuse. Only
            // on the decision itself: the server also takes back a split through the decision that caused it,
            // and a second button there would undo the same decision.
            const undoable = mayDecide && event.undoable && (event.kind === 'no_link' || event.kind === 'confirm_link');
            // A decision standing on an identifier the reader may not decide on (partners' hidden reports): why no Undo.
            const refused = mayDecide && !event.undone && (event.kind === 'no_link' || event.kind === 'confirm_link') ? event.decisionRefused : null;
            return (
              <li key={event.id} style={{ marginBottom: 10 }} data-testid="history-event" data-kind={event.kind} data-undone={event.undone} data-count={count}>
                <Group gap={8} wrap="wrap" align="baseline">
                  <Text size="sm" c="dimmed" className="nowrap">
                    {formatDateTime(event.at, i18n.language)}
                  </Text>
                  <Text size="sm" fw={500} data-testid="history-sentence">
                    <Sentence parts={sentence} />
                  </Text>
                  {merged === null && count > 1 && <Text size="sm">{t('networks.history.times', { n: count })}</Text>}
                  {event.undone && <StateLabel label={t('networks.history.undone')} colour="gray" />}
                  {refused && <DecisionRefusedNote refused={refused} compact />}
                  {undoable && (
                    <Button size="xs" variant="default" onClick={() => onUndo({ kind: 'undo', eventId: event.id, display: sentenceText(sentence) })} data-testid="undo-event">
                      {t('networks.history.undo')}
                    </Button>
                  )}
                </Group>
                {cause && (
                  <Text size="sm" c="dimmed" data-testid="history-cause">
                    {cause.quoted ? (
                      <>
                        “<UserText>{cause.text}</UserText>”
                      </>
                    ) : (
                      cause.text
                    )}
                  </Text>
                )}
                {event.kind === 'split' && event.pieces !== null && (
                  <HistoryField label={t('networkReview.fields.pieces')}>
                    <span data-testid="history-split-pieces">{t('networkReview.fields.piecesValue', { n: event.pieces })}</span>
                  </HistoryField>
                )}
                {merged !== null && merged > 2 && (
                  <HistoryField label={t('networkReview.fields.merged')}>
                    <span data-testid="history-merged">{t('networks.history.mergedPieces', { n: merged })}</span>
                  </HistoryField>
                )}
                {/* Where the reports that left went: each other piece the reader may see a report of. */}
                {event.splitInto.length > 0 && (
                  <HistoryField label={t('networkReview.fields.splitInto')}>
                    <Group component="span" gap={8} display="inline-flex" wrap="wrap">
                      {event.splitInto.map((id) => (
                        <Anchor key={id} component={Link} to={`/networks/${id}`} fz="sm" data-testid="history-split-into">
                          {t('networkReview.fields.network', { id: tailId(id) })}
                        </Anchor>
                      ))}
                    </Group>
                  </HistoryField>
                )}
                {undoneBy && (
                  <Text size="sm" data-testid="history-undone-by">
                    <Sentence parts={undoneBy} />
                  </Text>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {entries.length > HISTORY_SHOWN && (
        <Button variant="subtle" size="xs" mt={4} onClick={() => setAll((v) => !v)} aria-expanded={all}>
          {/* As many as the button then shows: lines, not the events folded into them ("Show all 32" showed 18). */}
          {all ? t('networks.history.showFewer') : t('networks.history.showAll', { count: entries.length })}
        </Button>
      )}
    </section>
  );
}
