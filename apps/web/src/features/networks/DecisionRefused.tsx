import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DECISION_REFUSALS } from '@gpos/contracts';

export type DecisionRefusal = (typeof DECISION_REFUSALS)[number];

/**
 * Why the server would refuse the viewer a link decision (or its undo) on an identifier, said where the
 * page would otherwise offer one (`decisionRefused`, DECISION_REFUSALS). `compact`: the short form, for a
 * table cell (`maw`: kept narrow there) or a line of the history; else the full explanation (a panel, the
 * indicator's page).
 */
export function DecisionRefusedNote({ refused, compact = false, maw, testId = 'decision-refused' }: { refused: DecisionRefusal; compact?: boolean; maw?: number; testId?: string }) {
  const { t } = useTranslation();
  const text = compact ? t(`networks.decisionRefused.${refused}`) : refused === 'hidden_reports' ? t('indicator.linking.needsAccess') : t('indicator.linking.reservedAddress');
  return (
    <Text size={compact ? 'xs' : 'sm'} c="dimmed" data-testid={testId} data-refused={refused} maw={maw}>
      {text}
    </Text>
  );
}

/**
 * Said where a page would offer link decisions to someone whose role may not make them (a viewer): the
 * buttons are not shown, and this says why and who can (the server's `networks.decide` permission).
 */
export function RoleCannotDecide({ mb }: { mb?: string }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" mb={mb} data-testid="role-cannot-decide">
      {t('networks.roleCannotDecide')}
    </Text>
  );
}
