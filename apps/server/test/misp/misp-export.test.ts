import { describe, expect, it } from 'vitest';
import { buildMispEvent } from '../../src/modules/misp/index.js';
import type { ExportIndicator, ExportReport } from '../../src/modules/misp/misp-export.js';
import { mispImportableEventSchema } from './misp-event-format.js';

const report = (id: string, extra: Partial<ExportReport> = {}): ExportReport => ({
  id, tlp: 'GREEN', communityId: null, scamType: 'job', victimCountry: 'PH', occurredAt: '2026-03-04T05:06:07Z', updatedAt: '2026-03-05T00:00:00Z', narrative: null, ...extra,
});
const indicator = (id: string, type: ExportIndicator['type'], value: string, extra: Partial<ExportIndicator> = {}): ExportIndicator => ({ id, type, value, attributes: {}, benign: false, reportIds: ['r1'], ...extra });

describe('MISP event export (pure)', () => {
  const indicators = [
    indicator('i1', 'domain', 'job-offer.top'),
    indicator('i2', 'url', 'https://www.facebook.com/', { benign: true }),
    indicator('i3', 'bank_account', 'PH:BOPIPHMM:0012345678', { attributes: { bankCodeType: 'bic', country: 'PH' } }),
    indicator('i4', 'crypto_wallet', 'TRON:TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', { attributes: { chain: 'TRON' } }),
  ];

  it('maps TLP to a tag and a distribution that never widens it', () => {
    expect(buildMispEvent([report('r1', { tlp: 'CLEAR' })], indicators).Event).toMatchObject({ distribution: '3', Tag: [{ name: 'tlp:clear' }, { name: 'gpos:scam-type="job"' }, { name: 'gpos:victim-country="PH"' }] });
    expect(buildMispEvent([report('r1', { tlp: 'CLEAR' }), report('r2', { tlp: 'AMBER+STRICT' })], indicators).Event).toMatchObject({ distribution: '0', Tag: expect.arrayContaining([{ name: 'tlp:amber+strict' }]) });
    expect(buildMispEvent([report('r1', { tlp: 'AMBER' })], indicators).Event.distribution).toBe('1');
    // An AMBER report limited to a GPOS community: MISP cannot name the community, so the organisation only.
    expect(buildMispEvent([report('r1', { tlp: 'AMBER', communityId: '018f0000-0000-7000-8000-000000000009' })], indicators).Event.distribution).toBe('0');
  });

  it('is deterministic, shapes objects on MISP templates, and keeps benign values out of detection', () => {
    const event = buildMispEvent([report('r1')], indicators);
    expect(buildMispEvent([report('r1')], [...indicators].reverse())).toEqual(event);
    expect(buildMispEvent([report('r2')], indicators).Event.uuid).not.toBe(event.Event.uuid);
    expect(mispImportableEventSchema.safeParse(event).success).toBe(true);
    expect(event.Event.Attribute).toEqual([expect.objectContaining({ type: 'domain', value: 'job-offer.top', to_ids: true, category: 'Network activity' })]);
    const byName = Object.fromEntries(event.Event.Object.map((o) => [o.name, o.Attribute.map((a) => [a.object_relation, a.value, a.to_ids])]));
    expect(byName).toEqual({
      url: [['url', 'https://www.facebook.com/', false]],
      'bank-account': [['account', '0012345678', true], ['swift', 'BOPIPHMM', false], ['text', 'country:PH', false]],
      'coin-address': [['address-crypto', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', false], ['symbol', 'TRX', false]],
    });
    expect(event.Event).toMatchObject({ date: '2026-03-04', timestamp: String(Date.parse('2026-03-05T00:00:00Z') / 1000), published: false, threat_level_id: '4' });
  });
});
