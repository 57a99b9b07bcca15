import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NetworkGraphNode } from '../../api/networks-queries';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { nodeSearchText, nodeText } from './node-text';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const report: NetworkGraphNode = {
  id: '01a22fae-2451-70c9-b54e-a196b0360dc5',
  kind: 'report',
  label: 'investment · SG · 2025-05-15',
  type: 'investment',
  country: 'SG',
  degree: 2,
  cell: null,
  occurredAt: '2025-05-15T08:35:33.000Z',
};
const account: NetworkGraphNode = {
  id: '01a22fae-2463-73e9-8ce6-4d124c0c4e5a',
  kind: 'indicator',
  label: '1428883490 (MRLNSGSG, SG)',
  type: 'bank_account',
  country: null,
  degree: 35,
  cell: null,
  occurredAt: null,
};

function finds(needle: string, node: NetworkGraphNode, locale = 'en'): boolean {
  return nodeSearchText(i18n.t, node, locale).includes(needle.toLocaleLowerCase(locale));
}

describe('nodeSearchText', () => {
  it('finds what the node list shows: the translated type, "Report", the country name', async () => {
    await i18n.changeLanguage('en');
    expect(nodeText(i18n.t, account, 'en')).toContain('Bank account');
    expect(finds('Bank account', account)).toBe(true);
    expect(finds('Report', report)).toBe(true);
    expect(finds('Singapore', report)).toBe(true);
    expect(finds('Investment', report)).toBe(true);
  });

  it('still finds the raw codes and whole ids', async () => {
    await i18n.changeLanguage('en');
    expect(finds('bank_account', account)).toBe(true);
    expect(finds('sg', report)).toBe(true);
    expect(finds(report.id, report)).toBe(true);
    expect(finds('MRLNSGSG', account)).toBe(true);
  });

  it('does not find an identifier by the "reports" of its link count', async () => {
    await i18n.changeLanguage('en');
    expect(nodeText(i18n.t, account, 'en')).toContain('reports');
    expect(finds('Report', account)).toBe(false);
  });

  it('speaks the UI language', async () => {
    await i18n.changeLanguage('th');
    expect(finds('สิงคโปร์', report, 'th')).toBe(true);
    expect(finds(th.indicatorTypes.bank_account, account, 'th')).toBe(true);
    expect(finds(th.networks.explorer.report, report, 'th')).toBe(true);
  });
});
