import { TLP_LEVELS, type Tlp } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { buildMispEvent } from '../../src/modules/misp/index.js';
import type { ExportIndicator, ExportReport } from '../../src/modules/misp/misp-export.js';
import { markingFromMisp } from '../../src/modules/misp/misp-marking.js';
import { mispImportableEventSchema } from './misp-event-format.js';

const report = (id: string, extra: Partial<ExportReport> = {}): ExportReport => ({
  id, tlp: 'GREEN', scamType: 'job', victimCountry: 'PH', occurredAt: '2026-03-04T05:06:07Z', updatedAt: '2026-03-05T00:00:00Z', narrative: null, ...extra,
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
    expect(buildMispEvent([report('r1', { tlp: 'GREEN' })], indicators).Event).toMatchObject({ distribution: '1', Tag: expect.arrayContaining([{ name: 'tlp:green' }]) });
    // TLP:AMBER allows the recipient organisation (and its clients), not the receiving MISP's whole community.
    expect(buildMispEvent([report('r1', { tlp: 'AMBER' })], indicators).Event).toMatchObject({ distribution: '0', Tag: expect.arrayContaining([{ name: 'tlp:amber' }]) });
    expect(buildMispEvent([report('r1', { tlp: 'RED' })], indicators).Event).toMatchObject({ distribution: '0', Tag: expect.arrayContaining([{ name: 'tlp:red' }]) });
  });

  it('never widens a GPOS TLP on a round trip GPOS → MISP → GPOS', () => {
    const rank = (tlp: Tlp) => TLP_LEVELS.indexOf(tlp);
    expect(TLP_LEVELS).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    const importer = { organisationId: '018f0000-0000-7000-8000-000000000001', userId: '018f0000-0000-7000-8000-000000000002' };
    const back = (tlps: Tlp[]) => {
      const { Event } = buildMispEvent(tlps.map((tlp, i) => report(`r${i}`, { tlp })), indicators);
      return markingFromMisp({ tags: Event.Tag.map((t) => t.name), distributions: [Number(Event.distribution)] }, importer).tlp;
    };
    // TLP:AMBER comes back AMBER+STRICT: a GPOS AMBER would reach every member, more than TLP:AMBER allows.
    expect(Object.fromEntries(TLP_LEVELS.map((tlp) => [tlp, back([tlp])]))).toEqual({ CLEAR: 'CLEAR', GREEN: 'GREEN', AMBER: 'AMBER+STRICT', 'AMBER+STRICT': 'AMBER+STRICT', RED: 'RED' });
    for (const a of TLP_LEVELS) for (const b of TLP_LEVELS) expect(rank(back([a, b])), `${a} + ${b}`).toBeGreaterThanOrEqual(Math.max(rank(a), rank(b)));
  });

  it('is deterministic, shapes objects on MISP templates, and keeps benign values out of detection', () => {
    const event = buildMispEvent([report('r1')], indicators);
    expect(buildMispEvent([report('r1')], [...indicators].reverse())).toEqual(event);
    expect(buildMispEvent([report('r2')], indicators).Event.uuid).not.toBe(event.Event.uuid);
    expect(mispImportableEventSchema.safeParse(event).success).toBe(true);
    expect(event.Event.Attribute).toEqual([
      expect.objectContaining({ type: 'domain', value: 'job-offer.top', to_ids: true, category: 'Network activity' }),
      // The report it was made from, which MISP keeps, so that importing it back here makes none again.
      expect.objectContaining({ type: 'text', value: 'gpos-report:r1', to_ids: false, category: 'Internal reference', disable_correlation: true }),
    ]);
    const byName = Object.fromEntries(event.Event.Object.map((o) => [o.name, o.Attribute.map((a) => [a.object_relation, a.value, a.to_ids])]));
    expect(byName).toEqual({
      url: [['url', 'https://www.facebook.com/', false]],
      'bank-account': [['account', '0012345678', true], ['swift', 'BOPIPHMM', false], ['text', 'country:PH', false]],
      'coin-address': [['address-crypto', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', false], ['symbol', 'TRX', false]],
    });
    expect(event.Event).toMatchObject({ date: '2026-03-04', timestamp: String(Date.parse('2026-03-05T00:00:00Z') / 1000), published: false, threat_level_id: '4' });
  });
});
