/**
 * The explorer's side panels: the picked node (its facts and actions: set as "from"/"to", "does not
 * link") and the chain of shared identifiers between the two picked reports, as text.
 */
import { Anchor, Button, Card, Code, Group, Loader, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useIndicatorLinking, type NetworkGraphNode } from '../../api/networks-queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countryName } from '../../i18n/countries';
import { formatDate, tailId } from '../../lib/format';
import { isIndicatorTypeKey } from './colours';
import { DecisionRefusedNote } from './DecisionRefused';
import { UserText } from '../../components/UserText';
import { DoesNotLinkButton } from './DoesNotLinkButton';
import { cellName, type NetworkGraphCell } from './cell-name';

export function NodePanel({
  node,
  cell,
  from,
  to,
  canDecide,
  onClose,
  onFrom,
  onTo,
  onDoesNotLink,
}: {
  node: NetworkGraphNode | undefined;
  /** The node's cell (from the graph's cells), named as the cells list names it. */
  cell?: NetworkGraphCell;
  from: string | null;
  to: string | null;
  canDecide: boolean;
  onClose: () => void;
  onFrom: (id: string) => void;
  onTo: (id: string) => void;
  onDoesNotLink: (node: NetworkGraphNode) => void;
}) {
  const { t, i18n } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const nodeId = node?.id;
  // Whether the server would refuse the viewer a decision on the identifier (partners' hidden reports):
  // asked only of an identifier one may decide on, and the button waits for the answer (no audit entry).
  const linking = useIndicatorLinking(canDecide && node?.kind === 'indicator' ? node.id : undefined);
  // The query keeps the previous identifier's answer while the next one's comes: that is not this one's.
  const known = linking.data !== undefined && !linking.isPlaceholderData;
  const refused = known ? (linking.data?.decisionRefused ?? null) : null;
  // Offered once known not refused; a failed question leaves it offered (the server still decides).
  const offerDecision = canDecide && node?.kind === 'indicator' && !refused && (known || linking.isError);
  // Move focus to the panel when a node is picked, so keyboard users land on its actions.
  useEffect(() => {
    if (nodeId) headingRef.current?.focus();
  }, [nodeId]);
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby="node-panel-title" data-testid="node-panel">
      <Title order={3} size="h5" id="node-panel-title" ref={headingRef} tabIndex={-1} mb={6} style={{ outline: 'none' }}>
        {node ? (node.kind === 'report' ? t('networks.explorer.report') : t('networks.explorer.indicator')) : t('networks.explorer.panelTitle')}
      </Title>
      {!node && (
        <Text size="sm" c="dimmed">
          {t('networks.explorer.panelEmpty')}
        </Text>
      )}
      {node && (
        <Stack gap={6}>
          <dl className="node-facts" style={{ margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '2px 10px', fontSize: 'var(--mantine-font-size-sm)' }}>
            {node.kind === 'report' ? (
              <>
                <dt>{t('networks.explorer.id')}</dt>
                <dd style={{ margin: 0 }}>
                  <Code>{tailId(node.id)}</Code>
                </dd>
                <dt>{t('networks.explorer.scamType')}</dt>
                <dd style={{ margin: 0 }}>{t(`scamTypes.${node.type}` as 'scamTypes.other', { defaultValue: node.type })}</dd>
                <dt>{t('networks.explorer.country')}</dt>
                <dd style={{ margin: 0 }} data-testid="node-country">
                  {node.country ? countryName(node.country, i18n.language) : '—'}
                </dd>
                <dt>{t('networks.explorer.date')}</dt>
                <dd style={{ margin: 0 }}>{formatDate(node.occurredAt, i18n.language) || '—'}</dd>
              </>
            ) : (
              <>
                <dt>{t('networks.explorer.type')}</dt>
                <dd style={{ margin: 0 }}>{isIndicatorTypeKey(node.type) ? t(`indicatorTypes.${node.type}`) : node.type}</dd>
                <dt>{t('networks.explorer.value')}</dt>
                <dd style={{ margin: 0 }} className="break-all">
                  <Code>
                    <UserText>{node.label}</UserText>
                  </Code>
                </dd>
              </>
            )}
            <dt>{t('networks.explorer.degree')}</dt>
            <dd style={{ margin: 0 }} data-testid="node-degree">
              {node.degree}
            </dd>
            {node.cell !== null && (
              <>
                <dt>{t('networks.explorer.cell')}</dt>
                {/* By the name the cells list and the legend give it: its bare number was found nowhere else. */}
                <dd style={{ margin: 0 }} className="break-all" data-testid="node-cell">
                  {cell?.label ? <UserText>{cell.label}</UserText> : cellName(t, { id: node.cell, label: null })}
                </dd>
              </>
            )}
          </dl>
          {canDecide && node.kind === 'indicator' && refused && <DecisionRefusedNote refused={refused} testId="node-decision-refused" />}
          <Group gap={6} wrap="wrap">
            {node.kind === 'report' ? (
              <>
                <Button size="xs" variant={from === node.id ? 'filled' : 'default'} onClick={() => onFrom(node.id)} data-testid="set-from">
                  {t('networks.explorer.setFrom')}
                </Button>
                <Button size="xs" variant={to === node.id ? 'filled' : 'default'} onClick={() => onTo(node.id)} data-testid="set-to">
                  {t('networks.explorer.setTo')}
                </Button>
                <Anchor component={Link} to={`/reports/${node.id}`} size="sm">
                  {t('networks.explorer.openReport')}
                </Anchor>
              </>
            ) : (
              <>
                {offerDecision && (
                  <DoesNotLinkButton display={node.label} onClick={() => onDoesNotLink(node)} testId="node-does-not-link" />
                )}
                <Anchor component={Link} to={`/indicators/${node.id}`} size="sm">
                  {t('networks.explorer.openIndicator')}
                </Anchor>
              </>
            )}
            <Button size="xs" variant="subtle" onClick={onClose}>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

export function PathPanel({
  from,
  to,
  loading,
  error,
  path,
  onSelect,
  onClear,
}: {
  from: NetworkGraphNode | undefined;
  to: NetworkGraphNode | undefined;
  loading: boolean;
  error: unknown;
  path: { found: boolean; steps: { kind: string; id: string; label: string; detail: string }[] } | undefined;
  onSelect: (id: string) => void;
  onClear: () => void;
}) {
  const { t, i18n } = useTranslation();
  const describe = (n: NetworkGraphNode | undefined) => (n ? `${tailId(n.id)}${n.country ? ` (${n.country})` : ''}` : '—');
  const stepText = (s: { kind: string; id: string; label: string; detail: string }) => {
    if (s.kind === 'report') {
      const country = s.detail && /^[A-Z]{2}$/.test(s.detail) ? countryName(s.detail, i18n.language) : s.detail;
      return t('networks.explorer.pathReport', { id: tailId(s.id), country });
    }
    const type = isIndicatorTypeKey(s.detail) ? t(`indicatorTypes.${s.detail}`) : s.detail;
    return t('networks.explorer.pathIndicator', { type, value: s.label });
  };
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby="path-title" data-testid="path-panel">
      <Title order={3} size="h5" id="path-title" mb={6}>
        {t('networks.explorer.pathTitle')}
      </Title>
      <Text size="sm">
        <strong>{t('networks.explorer.from')}:</strong> <span data-testid="path-from">{describe(from)}</span> · <strong>{t('networks.explorer.to')}:</strong>{' '}
        <span data-testid="path-to">{describe(to)}</span>
      </Text>
      <div aria-live="polite">
        {!from || !to ? (
          <Text size="sm" c="dimmed" mt={4}>
            {t('networks.explorer.pathPick')}
          </Text>
        ) : loading ? (
          <Group gap="xs" mt={4}>
            <Loader size="xs" />
            <Text size="sm">{t('app.loading')}</Text>
          </Group>
        ) : error ? (
          <ErrorAlert error={error} />
        ) : path && !path.found ? (
          <Text size="sm" mt={4} data-testid="path-none">
            {t('networks.explorer.pathNone')}
          </Text>
        ) : path ? (
          <>
            <Text size="sm" mt={4} data-testid="path-summary">
              {t('networks.explorer.pathSummary', { count: path.steps.filter((s) => s.kind === 'indicator').length })}
            </Text>
            <ol style={{ margin: '4px 0 0', paddingInlineStart: '1.4em' }} data-testid="path-steps">
              {path.steps.map((s) => (
                <li key={s.id} data-kind={s.kind} data-testid="path-step">
                  {/* An inline-block sits on its last line's baseline, and the list number with it: "2." ended up after a wrapped wallet address. */}
                  <UnstyledButton
                    onClick={() => onSelect(s.id)}
                    fz="sm"
                    className="break-all"
                    style={{ verticalAlign: 'top', textDecoration: 'underline', textDecorationColor: 'var(--mantine-color-gray-4)' }}
                  >
                    {stepText(s)}
                  </UnstyledButton>
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </div>
      {(from || to) && (
        <Button size="xs" variant="subtle" mt={6} onClick={onClear}>
          {t('networks.explorer.clearPath')}
        </Button>
      )}
    </Card>
  );
}
