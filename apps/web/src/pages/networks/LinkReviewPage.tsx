import { Anchor, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { LINK_HOLD_REASONS } from '@gpos/contracts';
import { useLinkReview } from '../../api/networks-queries';
import { useSession } from '../../auth/session';
import { FilterSelect } from '../../components/FilterSelect';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { StateLabel } from '../../components/StatusBadge';
import { TableScroll } from '../../components/TableScroll';
import { TableState } from '../../components/TableState';
import { DecisionDialog, type DecisionTarget } from '../../features/networks/DecisionDialog';
import { DoesNotLinkButton } from '../../features/networks/DoesNotLinkButton';
import { DecisionRefusedNote, RoleCannotDecide } from '../../features/networks/DecisionRefused';
import { canNetworks } from '../../features/networks/permissions';
import { formatDateTime } from '../../lib/format';
import { isOneOf } from '../../lib/intel-options';

/** Indicators held back from linking (too many reports for their type, warninglisted, disputed…). */
export function LinkReviewPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const reasonParam = params.get('reason');
  const reason = isOneOf(LINK_HOLD_REASONS, reasonParam) ? reasonParam : undefined;
  const list = useLinkReview(reason);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const mayDecide = canNetworks(me, 'decide');
  const [decision, setDecision] = useState<DecisionTarget | null>(null);
  const columns = mayDecide ? 7 : 6;

  return (
    <>
      <PageHeader title={t('networks.review.title')} description={t('networks.review.description')} />
      <Stack gap="md">
        {!mayDecide && <RoleCannotDecide />}
        <Group align="flex-end" gap="sm">
          <FilterSelect
            label={t('networks.review.reason')}
            data={LINK_HOLD_REASONS.map((value) => ({ value, label: t(`networks.review.reasons.${value}`) }))}
            value={reason ?? null}
            onChange={(v) => setParams(v ? { reason: v } : {})}
            w={280}
          />
        </Group>
        <ErrorAlert error={list.error} />
        <TableScroll label={t('networks.review.tableLabel')} minWidth={900}>
          <Table striped verticalSpacing="xs" horizontalSpacing={6} aria-busy={list.isFetching} aria-label={t('networks.review.tableLabel')} data-testid="review-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('networks.review.indicator')}</Table.Th>
                <Table.Th scope="col">{t('networks.keyIndicators.type')}</Table.Th>
                <Table.Th scope="col">{t('networks.review.reason')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('networks.review.degree')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('networks.review.threshold')}
                </Table.Th>
                <Table.Th scope="col">{t('networks.review.decided')}</Table.Th>
                {mayDecide && <Table.Th scope="col">{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <TableState
                columns={columns}
                query={list}
                rows={rows.length}
                empty={
                  // Whether the filter hides them, and the way back: not a bare "Nothing to show."
                  <Text size="sm" role="status" data-testid="review-empty">
                    {reason ? t('networks.review.emptyForReason') : t('networks.review.empty')}{' '}
                    {reason && (
                      <Anchor component="button" type="button" fz="sm" onClick={() => setParams({})} data-testid="review-all-reasons">
                        {t('networks.review.allReasons')}
                      </Anchor>
                    )}
                  </Text>
                }
              />
              {rows.map((item) => (
                <Table.Tr key={item.indicatorId} data-testid="review-row" data-indicator-id={item.indicatorId}>
                  {/* Wide enough that a short identifier (an IP address, a domain) stays on one line. */}
                  <Table.Td className="break-all" miw={176} data-testid="review-identifier">
                    <Anchor component={Link} to={`/indicators/${item.indicatorId}`} fz="sm">
                      <Code>{item.display}</Code>
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`indicatorTypes.${item.type}`)}</Table.Td>
                  {/* The reasons are short sentences: two lines rather than a table wider than the page. */}
                  <Table.Td maw={260}>
                    <StateLabel label={t(`networks.review.reasons.${item.reason}`)} colour={item.reason === 'high_degree' ? 'orange' : 'gray'} wraps />
                  </Table.Td>
                  <Table.Td ta="right" fw={item.degree > item.threshold ? 700 : undefined}>
                    {item.degree}
                  </Table.Td>
                  <Table.Td ta="right">{item.threshold}</Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {item.decidedAt ? t('networks.review.decidedBy', { who: item.decidedBy ?? '—', when: formatDateTime(item.decidedAt, i18n.language) }) : '—'}
                    </Text>
                  </Table.Td>
                  {mayDecide && item.decisionRefused && (
                    <Table.Td>
                      <DecisionRefusedNote refused={item.decisionRefused} compact maw={260} />
                    </Table.Td>
                  )}
                  {mayDecide && !item.decisionRefused && (
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('networks.confirmLinkNamed', { value: item.display })}
                          onClick={() => setDecision({ kind: 'confirm_link', indicatorId: item.indicatorId, display: item.display, impact: { reports: item.degree, reason: item.reason } })}
                          data-testid="review-confirm"
                        >
                          {t('networks.confirmLink')}
                        </Button>
                        {/* Not on one marked so already: the server refuses the same decision twice (it could not be undone). */}
                        {item.reason !== 'no_link' && (
                          <DoesNotLinkButton display={item.display} onClick={() => setDecision({ kind: 'no_link', indicatorId: item.indicatorId, display: item.display })} testId="review-no-link" />
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </Stack>
      {decision && <DecisionDialog target={decision} onClose={() => setDecision(null)} />}
    </>
  );
}
