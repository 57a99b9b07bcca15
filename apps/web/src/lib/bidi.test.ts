import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/locales/en.json';
import th from '../i18n/locales/th.json';
import { INTERPOLATION } from '../i18n/interpolation';
import { UserText } from '../components/UserText';
import { balanceBidi, escapeBidiControls, isolateBidi, needsBidiIsolation } from './bidi';

const RLO = '\u202e';
const LRE = '\u202a';
const PDF = '\u202c';
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';

describe('balanceBidi', () => {
  it('leaves text without embedding, override or isolate controls as it is (marks included)', () => {
    for (const text of ['Lotus Bank', 'ธนาคารโลตัส', 'בנק לוטוס', 'بنك\u200f 2', '']) expect(balanceBidi(text)).toBe(text);
  });

  it('closes an override the text leaves open', () => {
    expect(balanceBidi(`Lotus${RLO}knab`)).toBe(`Lotus${RLO}knab${PDF}`);
    expect(balanceBidi(`a${RLI}b`)).toBe(`a${RLI}b${PDI}`);
  });

  it('closes nested controls innermost first', () => {
    expect(balanceBidi(`${RLI}a${RLO}b`)).toBe(`${RLI}a${RLO}b${PDF}${PDI}`);
    expect(balanceBidi(`${RLO}a${FSI}b`)).toBe(`${RLO}a${FSI}b${PDI}${PDF}`);
  });

  it('keeps balanced controls as they are', () => {
    const text = `a ${RLO}b${PDF} ${FSI}c${PDI} d`;
    expect(balanceBidi(text)).toBe(text);
  });

  it('drops a closer that closes nothing the text opened, so it cannot end the isolate around it', () => {
    expect(balanceBidi(`x${PDI}${RLO}evil`)).toBe(`x${RLO}evil${PDF}`);
    expect(balanceBidi(`${PDF}a`)).toBe('a');
    // A PDF does not close across an isolate (UBA X7)…
    expect(balanceBidi(`${LRE}${RLI}a${PDF}b`)).toBe(`${LRE}${RLI}ab${PDI}${PDF}`);
    // …but a PDI closes the embeddings opened inside its isolate (X6a).
    expect(balanceBidi(`${RLI}${RLO}a${PDI}b`)).toBe(`${RLI}${RLO}a${PDI}b`);
  });

  it('closes what is open before each line break', () => {
    expect(balanceBidi(`a${RLO}b\nc${PDF}d`)).toBe(`a${RLO}b${PDF}\ncd`);
  });
});

describe('isolateBidi', () => {
  it('returns Latin, Thai and numeric text unchanged', () => {
    for (const text of ['Lotus Bank', 'ธนาคารโลตัส', '42', '2026-11-28', 'a <b@c.d>']) {
      expect(needsBidiIsolation(text)).toBe(false);
      expect(isolateBidi(text)).toBe(text);
    }
  });

  it('wraps right-to-left text and any bidi control in FSI … PDI, balanced', () => {
    expect(isolateBidi('בנק לוטוס')).toBe(`${FSI}בנק לוטוס${PDI}`);
    expect(isolateBidi('بنك')).toBe(`${FSI}بنك${PDI}`);
    expect(isolateBidi('a\u200fb')).toBe(`${FSI}a\u200fb${PDI}`);
    expect(isolateBidi(`Lotus${RLO}knab`)).toBe(`${FSI}Lotus${RLO}knab${PDF}${PDI}`);
  });
});

describe('escapeBidiControls', () => {
  it('writes the controls and marks out as JSON escapes, which parse back to the same text', () => {
    const json = JSON.stringify({ name: `Lotus${RLO}knab\u200e` });
    const shown = escapeBidiControls(json);
    expect(shown).toBe('{"name":"Lotus\\u202eknab\\u200e"}');
    expect(JSON.parse(shown)).toEqual(JSON.parse(json));
  });
});

describe('UserText', () => {
  const html = (text: string | null) => renderToStaticMarkup(createElement(UserText, null, text));

  it('renders the text in a <bdi>, its open controls closed', () => {
    expect(html('Lotus Bank')).toBe('<bdi>Lotus Bank</bdi>');
    expect(html(`Lotus${RLO}knab`)).toBe(`<bdi>Lotus${RLO}knab${PDF}</bdi>`);
  });

  it('shows a dash for no value', () => {
    expect(html(null)).toBe('—');
    expect(html('')).toBe('—');
  });
});

describe('translated sentences (i18n INTERPOLATION)', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({ resources: { en: { translation: en }, th: { translation: th } }, lng: 'en', fallbackLng: 'en', interpolation: INTERPOLATION });
  });

  it('isolates a name with an open override, so the sentence after it keeps its order', () => {
    expect(i18n.t('organisations.created', { name: `Lotus${RLO}knab` })).toBe(`${FSI}Lotus${RLO}knab${PDF}${PDI} was created.`);
  });

  it('leaves plain names, numbers and HTML-looking text exactly as they were (React escapes HTML)', () => {
    expect(i18n.t('organisations.created', { name: 'A & B <x>' })).toBe('A & B <x> was created.');
    expect(i18n.t('communities.memberCount', { count: 3 })).toBe('3 organisations');
    expect(i18n.t('organisations.created', { name: 'ธนาคาร', lng: 'th' })).not.toMatch(/[\u2068\u2069]/);
  });
});
