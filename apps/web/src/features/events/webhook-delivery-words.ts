import type { i18n as I18n, TFunction } from 'i18next';
import { LIMITS } from '@gpos/contracts';
import type { Webhook } from '../../api/intel-types';
import { importerCodeMessage } from '../../lib/importer-codes';

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

/**
 * Why the last attempt failed, in the reader's language, by its code; null when this client has no words
 * for it (an attempt made before the codes were stored), and the server's English alone is shown. The
 * receiver's status is `httpStatus`, stored as data; read from the English only for older rows (statusInEnglish).
 */
export function failureText(i18n: I18n, failure: NonNullable<Deliveries['lastFailure']>): string | null {
  if (failure.errorCode === null) return null;
  const status = failure.httpStatus ?? statusInEnglish(failure.error);
  return importerCodeMessage(i18n, 'webhook', failure.errorCode, status === null ? {} : { status });
}

/**
 * The receiver's status read out of the server's English (`HTTP 500`, at its end when the attempt was
 * counted unsent), only for attempts stored after the codes (migration 035) but before their status
 * (migration 036): those have a code and no `httpStatus`. Attempts since always carry `httpStatus` when a
 * receiver answered. A given-up delivery keeps its last attempt until it is retried, so such rows may
 * stay on a server long after it upgraded: this stays too.
 */
function statusInEnglish(error: string): number | null {
  const status = /HTTP (\d{3})\)?$/.exec(error)?.[1];
  return status === undefined ? null : Number(status);
}
