import i18n from 'i18next';
import { LIMITS } from '@gpos/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { deliveryHeadline, failureText, withdrawnLine } from './webhook-delivery-words';

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const state = (over: Partial<Parameters<typeof deliveryHeadline>[1]> = {}) => ({ pending: 0, failed: 0, withdrawn: 0, lastDeliveredAt: null, lastFailure: null, ...over });

describe('a webhook’s withdrawn deliveries: counted, and why they were not sent', () => {
  it('says how many were not sent and why, grouped, in English and Thai; nothing when none', async () => {
    await i18n.changeLanguage('en');
    expect(withdrawnLine(i18n.t, 0)).toBeNull();
    expect(withdrawnLine(i18n.t, 1)).toBe('1 not sent: its event’s reports are no longer shared with you, or its watch was deleted.');
    expect(withdrawnLine(i18n.t, 999)).toBe('999 not sent: their events’ reports are no longer shared with you, or their watch was deleted.');
    await i18n.changeLanguage('th');
    expect(withdrawnLine(i18n.t, 3)).toBe('ไม่ได้ส่ง 3 รายการ: รายงานของเหตุการณ์ไม่ได้แบ่งปันให้คุณแล้ว หรือรายการเฝ้าระวังที่ตรงกันถูกลบไปแล้ว');
  });

  it('reads the count at the server’s cap as that many or more', async () => {
    await i18n.changeLanguage('en');
    expect(LIMITS.webhookWithdrawnCounted).toBe(1000);
    expect(withdrawnLine(i18n.t, LIMITS.webhookWithdrawnCounted)).toBe('1,000 or more not sent: their events’ reports are no longer shared with you, or their watch was deleted.');
    await i18n.changeLanguage('th');
    expect(withdrawnLine(i18n.t, LIMITS.webhookWithdrawnCounted)).toMatch(/^ไม่ได้ส่ง 1,000 รายการขึ้นไป: /);
  });

  it('does not say “All delivered” of a webhook some of whose deliveries were withdrawn', async () => {
    await i18n.changeLanguage('en');
    const delivered = '2026-03-01T00:00:00.000Z';
    expect(deliveryHeadline(i18n.t, state({ lastDeliveredAt: delivered }))).toEqual({ label: 'All delivered.', colour: 'green' });
    expect(deliveryHeadline(i18n.t, state({ lastDeliveredAt: delivered, withdrawn: 2 }))).toEqual({ label: 'Nothing waiting to be sent.', colour: 'green' });
    expect(deliveryHeadline(i18n.t, state({ withdrawn: 2 }))).toEqual({ label: 'Nothing sent yet.', colour: 'gray' });
    // Waiting and given-up ones still lead.
    expect(deliveryHeadline(i18n.t, state({ pending: 1200, withdrawn: 2 })).label).toBe('1,200 waiting to be sent.');
    expect(deliveryHeadline(i18n.t, state({ failed: 1, pending: 1, withdrawn: 2 }))).toEqual({ label: `1 given up after ${LIMITS.webhookDeliveryAttempts} attempts.`, colour: 'red' });
  });
});

describe('why a webhook’s last attempt failed, in the reader’s language', () => {
  type Failure = Parameters<typeof failureText>[1];
  const failure = (error: string, errorCode: Failure['errorCode'], httpStatus: Failure['httpStatus'] = null): Failure => ({ eventId: 'e', error, errorCode, httpStatus, attempts: 1, at: null, nextAttemptAt: null });

  it('says the code with the receiver’s status as the server stored it, not as its English words it', async () => {
    await i18n.changeLanguage('th');
    const said = failureText(i18n, failure('HTTP 503', 'webhook.delivery_http_status', 503));
    expect(said).toBe('ผู้รับตอบกลับ HTTP 503 ซึ่งไม่ใช่ 2xx');
    // The status comes from httpStatus: English that no longer ends in "HTTP nnn" changes nothing.
    expect(failureText(i18n, failure('the receiver answered 503', 'webhook.delivery_http_status', 503))).toBe(said);
    expect(failureText(i18n, failure('not sent: an earlier delivery to this webhook failed just before (HTTP 503)', 'webhook.delivery_http_status', 503))).toBe(said);
    await i18n.changeLanguage('en');
    expect(failureText(i18n, failure('HTTP 429', 'webhook.delivery_http_status', 429))).toBe('the receiver answered HTTP 429, not a 2xx');
  });

  it('says a connection error by its code alone (no status: no receiver answered)', async () => {
    await i18n.changeLanguage('th');
    expect(failureText(i18n, failure('getaddrinfo ENOTFOUND hooks.example.org', 'webhook.delivery_host_not_found'))).toBe(i18n.t('webhook.delivery_host_not_found'));
    await i18n.changeLanguage('en');
    expect(failureText(i18n, failure('connect ECONNREFUSED 203.0.113.9:443', 'webhook.delivery_refused'))).toMatch(/refused the connection/);
  });

  it('reads the status from the English of an attempt stored with its code but before its status (migrations 035–036)', async () => {
    await i18n.changeLanguage('th');
    const said = failureText(i18n, failure('HTTP 503', 'webhook.delivery_http_status'));
    expect(said).toBe('ผู้รับตอบกลับ HTTP 503 ซึ่งไม่ใช่ 2xx');
    expect(failureText(i18n, failure('not sent: an earlier delivery to this webhook failed just before (HTTP 503)', 'webhook.delivery_http_status'))).toBe(said);
  });

  it('says nothing of its own for an attempt stored before the codes (the English alone is shown)', () => {
    expect(failureText(i18n, failure('HTTP 500', null))).toBeNull();
  });
});
