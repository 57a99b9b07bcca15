import type { LinkSplitPreview } from '@gpos/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import th from '../../i18n/locales/th.json';
import { PIECES_LISTED, splitPreviewText } from './split-preview';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const id = '018f0000-0000-7000-8000-000000000001';
const piece = (keepsId: boolean, reports: number, top: string | null): LinkSplitPreview['networks'][number]['pieces'][number] => ({
  keepsId,
  reports,
  indicators: top ? 1 : 0,
  reportingOrganisations: 1,
  victimCountries: 2,
  lossUsdTotal: reports * 100_000,
  topIndicators: top ? [{ id, type: 'crypto_wallet', display: top, reports }] : [],
});
const preview = (networks: LinkSplitPreview['networks'], inForce = false): LinkSplitPreview => ({ indicatorId: id, decision: 'no_link', inForce, links: !inForce, networks });

describe('splitPreviewText', () => {
  it('says into how many networks the network would split, each piece as the list calls it, and which keeps its id', async () => {
    await i18n.changeLanguage('en');
    const text = splitPreviewText(i18n.t, preview([{ networkId: id, splits: true, into: 3, pieces: [piece(true, 3, '0xabc'), piece(false, 1, null)], otherPieces: 1 }]), 'en');
    expect(text.headline).toBe('This network would split into 3:');
    expect(text.pieces).toEqual([
      { label: 'Network around 0xabc', facts: '3 reports · 1 other identifier · 1 organisation · 2 countries · loss US$3,000', keepsId: true },
      { label: 'Network of 1 report', facts: '1 report · no other identifier · 1 organisation · 2 countries · loss US$1,000', keepsId: false },
    ]);
    expect(text.more).toBe('and 1 more: its reports are hidden from you, or it is smaller than those listed.');
    expect(text.note).toBe('The reports of each still name this identifier, but it would no longer link them: only the other identifiers are counted.');
  });

  // UX review, networks: a lone report that named only the Telegram account was previewed "1 report · 0
  // identifiers", as if it named none. The server's count is right (the identifiers that would link in the
  // piece, as its page will count them; the decided one no longer links anything): the words say "other".
  it('counts each piece’s identifiers besides the one decided on, as the network it becomes will count them', async () => {
    await i18n.changeLanguage('en');
    const many = { ...piece(true, 209, '0xabc'), indicators: 179 };
    const text = splitPreviewText(i18n.t, preview([{ networkId: id, splits: true, into: 2, pieces: [many, piece(false, 1, null)], otherPieces: 0 }]), 'en');
    expect(text.pieces.map((p) => p.facts.split(' · ')[1])).toEqual(['179 other identifiers', 'no other identifier']);
    expect(text.pieces.map((p) => p.facts).join()).not.toMatch(/\b0 identifiers\b/);
  });

  it('says nothing of other identifiers when nothing splits', async () => {
    await i18n.changeLanguage('en');
    expect(splitPreviewText(i18n.t, preview([{ networkId: id, splits: false, into: 1, pieces: [], otherPieces: 0 }]), 'en').note).toBeNull();
  });

  // Walkthrough, session 59: the preview called a piece after its URL, the network it became "of 1 report".
  it('calls a piece by an identifier only when it joins two of its reports, as the network it becomes is called', async () => {
    await i18n.changeLanguage('en');
    const text = splitPreviewText(i18n.t, preview([{ networkId: id, splits: true, into: 2, pieces: [piece(true, 2, '0xabc'), piece(false, 1, 'https://m.example.top/m/')], otherPieces: 0 }]), 'en');
    expect(text.pieces.map((p) => p.label)).toEqual(['Network around 0xabc', 'Network of 1 report']);
  });

  it('lists the first pieces and counts the rest, so that a hub of many lone reports keeps the dialog short', async () => {
    await i18n.changeLanguage('en');
    const pieces = [piece(true, 9, '0xabc'), ...Array.from({ length: 7 }, () => piece(false, 1, null))];
    const text = splitPreviewText(i18n.t, preview([{ networkId: id, splits: true, into: 10, pieces, otherPieces: 2 }]), 'en');
    expect(text.pieces).toHaveLength(PIECES_LISTED);
    expect(text.more).toBe(`and ${10 - PIECES_LISTED} more: their reports are hidden from you, or they are smaller than those listed.`);
  });

  it('says nothing would split when no network splits, or the decision is recorded already', async () => {
    await i18n.changeLanguage('en');
    expect(splitPreviewText(i18n.t, preview([{ networkId: id, splits: false, into: 1, pieces: [], otherPieces: 0 }]), 'en')).toEqual({ headline: expect.stringMatching(/^Nothing would split/), pieces: [], more: null, note: null });
    expect(splitPreviewText(i18n.t, { ...preview([]), links: false }, 'en').headline).toBe('Nothing would split: this identifier links no reports now.');
    expect(splitPreviewText(i18n.t, preview([], true), 'en').headline).toBe('This decision is recorded already: nothing would change.');
  });

  it('says it in Thai', async () => {
    await i18n.changeLanguage('th');
    const text = splitPreviewText(i18n.t, preview([{ networkId: id, splits: true, into: 2, pieces: [piece(true, 2, '0xabc'), piece(false, 1, null)], otherPieces: 0 }]), 'th');
    expect(text.headline).toBe('เครือข่ายนี้จะแยกออกเป็น 2 เครือข่าย:');
    expect(text.pieces[0]!.facts).toMatch(/^2 รายงาน · ตัวระบุอื่น 1 รายการ · 1 องค์กร · 2 ประเทศ · ความเสียหาย /);
    expect(text.pieces[1]!.facts).toMatch(/^1 รายงาน · ไม่มีตัวระบุอื่น · 1 องค์กร · 2 ประเทศ · ความเสียหาย /);
    expect(text.note).toMatch(/^รายงานของแต่ละเครือข่ายยังคงระบุตัวระบุนี้/);
    expect(splitPreviewText(i18n.t, preview([]), 'th').headline).toMatch(/^ไม่มีอะไรแยกออก: รายงาน/);
    expect(splitPreviewText(i18n.t, { ...preview([]), links: false }, 'th').headline).toMatch(/^ไม่มีอะไรแยกออก: ขณะนี้/);
    await i18n.changeLanguage('en');
  });
});
