import { createReportSchema } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { idempotencyFingerprint } from './idempotency.js';

const A = '0190a1b2-0000-7000-8000-00000000000a';
const B = '0190a1b2-0000-7000-8000-00000000000b';
const fingerprint = (marking: Record<string, unknown>) =>
  idempotencyFingerprint({
    input: createReportSchema.parse({ scamType: 'romance', channel: 'call', victimCountry: 'TH', occurredAt: '2026-11-01T00:00:00Z', marking, indicators: [{ value: '+66 81 234 5678' }] }),
    occurredAt: '2026-11-01T00:00:00.000Z',
    indicators: [{ key: 'phone\u0000+66812345678', role: 'contact' }],
  });

describe('a report’s idempotency fingerprint', () => {
  it('is the same for a marking naming the same recipients in another order, or one twice, as it is stored', () => {
    const sorted = fingerprint({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [A, B] });
    expect(fingerprint({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [B, A] })).toBe(sorted);
    expect(fingerprint({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [A, B, A] })).toBe(sorted);
  });

  it('differs for other recipients, or another level', () => {
    const sorted = fingerprint({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [A, B] });
    expect(fingerprint({ tlp: 'AMBER+STRICT', recipientOrganisationIds: [A] })).not.toBe(sorted);
    expect(fingerprint({ tlp: 'AMBER+STRICT' })).not.toBe(sorted);
    expect(fingerprint({ tlp: 'GREEN' })).not.toBe(fingerprint({ tlp: 'AMBER' }));
  });
});
