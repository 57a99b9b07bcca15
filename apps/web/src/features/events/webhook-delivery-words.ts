import type { TFunction } from 'i18next';
import { LIMITS } from '@gpos/contracts';
import type { Webhook } from '../../api/intel-types';

type Deliveries = Webhook['deliveries'];
/** The dot beside the headline: given up red, a failed attempt orange, waiting blue, sent green, nothing grey. */
type DeliveryColour = 'red' | 'orange' | 'blue' | 'green' | 'gray';

/**
 * The headline of a webhook's deliveries: given up, waiting, all delivered, or nothing sent yet. "All
 * delivered" is not said of a webhook some of whose deliveries were withdrawn (never sent): its receiver
 * got fewer events than the stream showed, which withdrawnLine then says, with why.
 */
export function deliveryHeadline(t: TFunction, { pending, failed, withdrawn, lastDeliveredAt, lastFailure }: Deliveries): { label: string; colour: DeliveryColour } {
  const colour: DeliveryColour = failed > 0 ? 'red' : lastFailure ? 'orange' : pending > 0 ? 'blue' : lastDeliveredAt ? 'green' : 'gray';
  if (failed > 0) return { label: t('webhooks.failed', { count: failed, attempts: LIMITS.webhookDeliveryAttempts }), colour };
  if (pending > 0) return { label: t('webhooks.pending', { count: pending }), colour };
  if (!lastDeliveredAt) return { label: t('webhooks.deliveryNone'), colour };
  return { label: withdrawn > 0 ? t('webhooks.deliveryNothingWaiting') : t('webhooks.deliveryOk'), colour };
}

/**
 * How many deliveries were withdrawn, and why they were not sent; null when none. The server counts them
 * up to LIMITS.webhookWithdrawnCounted, so that many reads "or more".
 */
export function withdrawnLine(t: TFunction, withdrawn: number): string | null {
  if (withdrawn <= 0) return null;
  return withdrawn >= LIMITS.webhookWithdrawnCounted ? t('webhooks.withdrawnMany', { count: withdrawn }) : t('webhooks.withdrawn', { count: withdrawn });
}
