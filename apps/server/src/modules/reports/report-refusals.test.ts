import { describe, expect, it } from 'vitest';
import { expectCatalogueInLocales } from '../../../test/helpers/locale-parity.js';
import { keyReusedError } from './idempotency.js';
import { REPORT_REFUSALS, reportRefusals } from './report-refusals.js';

describe('a report’s refusals beyond its schema', () => {
  it('carry a code and the params, the English rendered from them as before', () => {
    expect(reportRefusals.say('report.occurred_in_future', { value: '2031-01-05T10:00:00.000Z' })).toEqual({
      message: 'is in the future (2031-01-05T10:00:00.000Z)',
      code: 'report.occurred_in_future',
      params: { value: '2031-01-05T10:00:00.000Z' },
    });
    expect(keyReusedError('01a2')).toEqual({
      path: 'idempotencyKey',
      message: 'was used before by your organisation for a different report (report 01a2); nothing was stored. Send this report with a new key, or correct the earlier report',
      code: 'report.idempotency_key_reused',
      params: { reportId: '01a2' },
    });
  });

  it('have the same texts in the web locale files (English as sent, Thai with the same placeholders)', () => expectCatalogueInLocales('report', REPORT_REFUSALS));
});
