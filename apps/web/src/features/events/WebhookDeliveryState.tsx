import { Button, Code, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gpos/contracts';
import type { Webhook } from '../../api/intel-types';
import { useRetryWebhook } from '../../api/watch-queries';
import { StateLabel } from '../../components/StatusBadge';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { deliveryHeadline, failureText, withdrawnLine } from './webhook-delivery-words';

/**
 * How a webhook's deliveries stand, in its row of the webhooks table: waiting (and why the last attempt
 * failed, when the next is), given up (with a button to try them again), or all delivered; and how many
 * were withdrawn, never sent, and why. A receiver
 * answering 500 for hours had looked "Active" while every event waited, then was given up unsaid.
 */
export function WebhookDeliveryState({ webhook }: { webhook: Webhook }) {
  const { t, i18n } = useTranslation();
  const retry = useRetryWebhook();
  const { pending, failed, withdrawn, lastDeliveredAt, lastFailure } = webhook.deliveries;
  const at = (value: string) => formatDateTime(value, i18n.language);
  const headline = deliveryHeadline(t, webhook.deliveries);
  const notSent = withdrawnLine(t, withdrawn);
  const failureReason = lastFailure && failureText(i18n, lastFailure);
  return (
    <Stack gap={4} data-testid="webhook-deliveries">
      <StateLabel label={headline.label} colour={headline.colour} />
      {failed > 0 && pending > 0 && <Text size="sm">{t('webhooks.pending', { count: pending })}</Text>}
      {lastFailure && (
        <Text size="sm">
          {lastFailure.at
            ? t('webhooks.lastFailure', { at: at(lastFailure.at), attempts: lastFailure.attempts, max: LIMITS.webhookDeliveryAttempts })
            : t('webhooks.lastFailureUndated', { attempts: lastFailure.attempts, max: LIMITS.webhookDeliveryAttempts })}{' '}
          {failureReason && <>{failureReason} </>}
          <Code className="break-all">{lastFailure.error}</Code>
          {lastFailure.nextAttemptAt && <> {t('webhooks.nextAttempt', { at: at(lastFailure.nextAttemptAt) })}</>}
        </Text>
      )}
      {lastDeliveredAt && (
        <Text size="sm" c="dimmed">
          {t('webhooks.lastDelivered', { at: at(lastDeliveredAt) })}
        </Text>
      )}
      {notSent && (
        <Text size="sm" c="dimmed" data-testid="webhook-withdrawn">
          {notSent}
        </Text>
      )}
      {failed > 0 && (
        <Button
          size="xs"
          variant="default"
          w="fit-content"
          loading={retry.isPending}
          aria-label={t('webhooks.retryNamed', { url: webhook.url })}
          onClick={() =>
            retry.mutate(webhook.id, {
              // A paused webhook's deliveries are made due again but wait until it is resumed: said so.
              onSuccess: () => notifications.show({ color: 'green', message: t(webhook.status === 'paused' ? 'webhooks.retriedPaused' : 'webhooks.retried', { url: webhook.url }) }),
              onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
            })
          }
          data-testid="webhook-retry"
        >
          {t('webhooks.retry')}
        </Button>
      )}
    </Stack>
  );
}
