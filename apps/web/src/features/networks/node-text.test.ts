import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NetworkGraphNode } from '../../api/networks-queries';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { nodeListCaption, nodeListEmpty, nodeSearchText, nodeText } from './node-text';

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

// UX review, networks: a search that matched nothing emptied the list under "0 of 0 shown", though the
// network had 397 nodes, and the list said nothing.
describe('nodeListCaption', () => {
  it('counts the shown nodes of the network’s, unfiltered', async () => {
    await i18n.changeLanguage('en');
    expect(nodeListCaption(i18n.t, { shown: 30, matched: 397, total: 397, filtering: false })).toBe('Most connected first; 30 of 397 shown. Pick one to inspect it.');
    expect(nodeListCaption(i18n.t, { shown: 30, matched: 12, total: 12, filtering: false })).toBe('Most connected first; 12 of 12 shown. Pick one to inspect it.');
  });

  it('says how many of the network’s nodes match a search, and how many of those are shown', async () => {
    await i18n.changeLanguage('en');
    expect(nodeListCaption(i18n.t, { shown: 30, matched: 45, total: 1397, filtering: true })).toBe('45 of 1,397 nodes match; most connected first, 30 shown. Pick one to inspect it.');
    expect(nodeListCaption(i18n.t, { shown: 30, matched: 2, total: 397, filtering: true })).toBe('2 of 397 nodes match; most connected first, 2 shown. Pick one to inspect it.');
  });

  it('never says "0 of 0": a search that finds nothing is said against the network’s nodes, and in the list', async () => {
    await i18n.changeLanguage('en');
    const caption = nodeListCaption(i18n.t, { shown: 30, matched: 0, total: 397, filtering: true });
    expect(caption).toBe('No node of the 397 in this network matches.');
    expect(nodeListEmpty(i18n.t, '  zzzz-nothing ')).toBe('No node matches “zzzz-nothing”. Search by part of an identifier, a report reference, a type or a country.');
  });

  it('speaks Thai', async () => {
    await i18n.changeLanguage('th');
    expect(nodeListCaption(i18n.t, { shown: 30, matched: 0, total: 397, filtering: true })).toBe('ไม่มีโหนดใดจาก 397 โหนดในเครือข่ายนี้ที่ตรงกับการค้นหา');
    expect(nodeListCaption(i18n.t, { shown: 30, matched: 45, total: 397, filtering: true })).toMatch(/^ตรงกับการค้นหา 45 จาก 397 โหนด .* แสดง 30 รายการ/);
    expect(nodeListEmpty(i18n.t, 'zzzz-nothing')).toMatch(/^ไม่มีโหนดที่ตรงกับ “zzzz-nothing”/);
    await i18n.changeLanguage('en');
  });
});
