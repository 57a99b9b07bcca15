import type { LinkMergePreview } from '@gpos/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { mergePreviewText, NETWORKS_LISTED } from './merge-preview';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const id = (n: number) => `018f0000-0000-7000-8000-00000000000${n}`;
const nothing: LinkMergePreview = { indicatorId: id(0), decision: 'confirm_link', inForce: false, links: false, merges: false, networkCount: 0, merged: null, mergedNetworks: [], otherMergedNetworks: 0 };
const merging = (networks: number[], otherMergedNetworks = 0, top: string | null = '+66 81 900 0040'): LinkMergePreview => ({
  ...nothing,
  merges: true,
  networkCount: networks.length + otherMergedNetworks,
  merged: {
    networkId: id(1),
    reports: 6,
    indicators: 3,
    reportingOrganisations: 2,
    victimCountries: 2,
    lossUsdTotal: 1_000_000,
    topIndicators: top ? [{ id: id(9), type: 'phone', display: top, reports: 3 }] : [],
  },
  mergedNetworks: networks.map((reports, i) => ({ networkId: id(i + 1), reports })),
  otherMergedNetworks,
});

describe('mergePreviewText', () => {
  it('says how many networks would become one, that network as the list calls it with its figures, and the networks merged', async () => {
    await i18n.changeLanguage('en');
    const text = mergePreviewText(i18n.t, merging([3, 2, 1]), 'en');
    expect(text.headline).toBe('Confirming would merge 3 networks into one:');
    expect(text.merged).toEqual({ label: 'Network around +66 81 900 0040', facts: '6 reports · 3 identifiers · 2 organisations · 2 countries · loss US$10,000' });
    expect(text.networks).toEqual([
      { label: 'A network of 3 reports you see', keepsId: true },
      { label: 'A network of 2 reports you see', keepsId: false },
      { label: 'A network of 1 report you see', keepsId: false },
    ]);
    expect(text.more).toBeNull();
  });

  it('lists the first networks merged and counts the rest, those the reviewer sees nothing of included', async () => {
    await i18n.changeLanguage('en');
    const text = mergePreviewText(i18n.t, merging([9, 8, 7, 6, 5, 4, 3], 2, null), 'en');
    expect(text.merged!.label).toBe('Network of 6 reports');
    expect(text.networks).toHaveLength(NETWORKS_LISTED);
    expect(text.more).toBe(`and ${9 - NETWORKS_LISTED} more networks: their reports are hidden from you, or they are smaller than those listed.`);
  });

  it('says why nothing would merge: the confirmation is recorded already, the identifier links already, or its reports are in one network', async () => {
    await i18n.changeLanguage('en');
    expect(mergePreviewText(i18n.t, { ...nothing, inForce: true, links: true }, 'en')).toEqual({ headline: 'This decision is recorded already: nothing would change.', merged: null, networks: [], more: null });
    expect(mergePreviewText(i18n.t, { ...nothing, links: true }, 'en').headline).toBe('Nothing would merge: this identifier links its reports already.');
    expect(mergePreviewText(i18n.t, nothing, 'en').headline).toBe('Nothing would merge: the reports naming this identifier are in one network already.');
  });

  it('says it in Thai', async () => {
    await i18n.changeLanguage('th');
    const text = mergePreviewText(i18n.t, merging([3, 2, 1], 1), 'th');
    expect(text.headline).toBe('การยืนยันจะรวม 4 เครือข่ายเป็นเครือข่ายเดียว:');
    expect(text.merged!.facts).toMatch(/^6 รายงาน · 3 ตัวระบุ · 2 องค์กร · 2 ประเทศ · ความเสียหาย /);
    expect(text.networks[0]).toEqual({ label: 'เครือข่ายที่มีรายงานที่คุณเห็น 3 ฉบับ', keepsId: true });
    expect(text.more).toBe('และอีก 1 เครือข่าย: รายงานของเครือข่ายเหล่านั้นถูกซ่อนจากคุณ หรือเล็กกว่าที่แสดงไว้');
    expect(mergePreviewText(i18n.t, { ...nothing, links: true }, 'th').headline).toMatch(/^ไม่มีอะไรรวมกัน: ตัวระบุนี้/);
    await i18n.changeLanguage('en');
  });

  it('writes large counts grouped as the reader’s language does', () => {
    const big = merging([1066, 1200]);
    const text = mergePreviewText(i18n.t, { ...big, merged: { ...big.merged!, reports: 2266, indicators: 1923 } }, 'en');
    expect(text.merged!.facts).toMatch(/^2,266 reports · 1,923 identifiers · /);
    expect(text.networks[0]!.label).toContain('1,066');
  });
});
