import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mispSkippedSchema } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { mapAttribute, mapObject, markingFromMisp } from './misp-mapping.js';
import { isMispCode, MAX_MISP_PARAM, MISP_MESSAGES, say, sayInvalid, type MispCode } from './misp-messages.js';
import { renderText } from '../../platform/coded-text.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
/** The files where the importer says why it skips an attribute or object, notes its decisions and refuses an event. */
const IMPORTER_FILES = ['./misp-mapping.ts', './misp-import.ts'];
const source = (file: string) => readFileSync(here(file), 'utf8');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
const sampleParams = (template: string) => Object.fromEntries(placeholders(template).map((name, i) => [name, name === 'attributes' ? i + 2 : `<${name}>`]));

describe('MISP import messages', () => {
  it('has every code the importer emits in the catalogue, and emits every code of the catalogue', () => {
    const emitted = new Set<string>();
    for (const file of IMPORTER_FILES) for (const [, code] of source(file).matchAll(/'(misp\.[a-z0-9_]+)'/g)) emitted.add(code!);
    // A normaliser's refusal is said through sayInvalid (misp.invalid_identifier with the normaliser's code).
    if (/\bsayInvalid\(/.test(source('./misp-import.ts'))) emitted.add('misp.invalid_identifier');
    expect([...emitted].filter((code) => !isMispCode(code))).toEqual([]);
    expect(Object.keys(MISP_MESSAGES).filter((code) => !emitted.has(code))).toEqual([]);
    expect(emitted.size).toBeGreaterThan(30);
  });

  it('leaves no skipped attribute or object with a literal English message', () => {
    for (const file of IMPORTER_FILES) {
      const text = source(file);
      // Unmodelled decisions and skips take a said message (MispSaid), never a bare string: the compiler sees
      // to that; these catch a literal slipped back in through a looser type.
      expect(text.match(/\b(?:unmodelled|rest)\(\s*['"`]/g) ?? [], file).toEqual([]);
      expect(text.match(/\bskip\(\{[^;]*\bmessage:/g) ?? [], file).toEqual([]);
      expect(text.match(/\bskip\([^;]*,\s*['"`]/g) ?? [], file).toEqual([]);
      expect(text.match(/\bunmodelledObject:\s*['"`]/g) ?? [], file).toEqual([]);
    }
    // The chain choice (an event's own errors, such as its date, are not skipped attributes and keep their English).
    expect(source('./misp-mapping.ts').match(/\bok: false, message:/g) ?? []).toEqual([]);
  });

  it('leaves no event note or importer error with a literal English text', () => {
    for (const file of IMPORTER_FILES) {
      const text = source(file);
      // A note goes through addNote (its English and its code together), a marking note through say().
      expect(text.match(/\bnotes\.push\(/g) ?? [], file).toEqual(file === './misp-import.ts' ? ['notes.push('] : []);
      expect(text.match(/\bnotes\.push\((?!said\.message\))/g) ?? [], file).toEqual([]);
      expect(text.match(/\bnote\(\s*['"`]/g) ?? [], file).toEqual([]);
      expect(text.match(/\bsaid\.push\(\s*['"`]/g) ?? [], file).toEqual([]);
      // An event's own error is made by sayError from a said message, never from a literal.
      expect(text.match(/\berrors:\s*\[\s*\{\s*path:/g) ?? [], file).toEqual([]);
      // (Save a document that is no event: its English comes from extractEvents in misp-parse.ts, uncoded so far.)
      expect(text.match(/\berrors = \[\s*\{(?! path: extracted\.source\.slice\(0, LIMITS\.name\), message: extracted\.message \})/g) ?? [], file).toEqual([]);
      expect(text.match(/\bmessage:\s*`/g) ?? [], file).toEqual([]);
      expect(text.match(/\bsayError\([^;]*,\s*['"`]/g) ?? [], file).toEqual([]);
    }
    const importer = source('./misp-import.ts');
    expect(importer).toMatch(/function addNote\(result: MispEventResult, said: MispSaid\): void \{\n\s*result\.notes\.push\(said\.message\);\n\s*result\.noteCodes\.push\(\{ code: said\.code, params: said\.params \}\);/);
    const codes = (prefix: string) => Object.keys(MISP_MESSAGES).filter((code) => code.startsWith(prefix));
    expect(codes('misp.note_').length).toBeGreaterThanOrEqual(19);
    expect(codes('misp.error_').length).toBeGreaterThanOrEqual(6);
  });

  it('keeps the English of the marking notes exactly as before, each with its code', () => {
    const importer = { organisationId: 'org', userId: 'user' };
    const notesOf = (tags: string[], distributions: (number | undefined)[], who: { organisationId: string; userId: string | null } = importer) => {
      const decision = markingFromMisp({ tags, distributions }, who);
      expect(decision.notes).toEqual(decision.said.map((s) => s.message));
      return decision.said;
    };
    expect(notesOf([], [])).toEqual([{ message: 'no TLP tag: marked AMBER, the GPOS default', code: 'misp.note_tlp_default', params: { tlp: 'AMBER' } }]);
    expect(notesOf(['tlp:purple'], []).map((s) => s.message)).toEqual(['tag "tlp:purple" is not a TLP level GPOS knows: treated as AMBER+STRICT']);
    expect(notesOf(['tlp:clear'], [0, 1, 2, 4, 9]).map((s) => s.message)).toEqual([
      'MISP distribution 0 (your organisation only) allows only your organisation: marked AMBER+STRICT instead of CLEAR',
    ]);
    const floors = [0, 1, 2, 4, 9].map((d) => notesOf(['tlp:clear'], [d])[0]!);
    expect(floors.map((s) => s.message)).toEqual([
      'MISP distribution 0 (your organisation only) allows only your organisation: marked AMBER+STRICT instead of CLEAR',
      'MISP distribution 1 (this community only) is not public: marked GREEN instead of CLEAR',
      'MISP distribution 2 (connected communities) is not public: marked GREEN instead of CLEAR',
      'MISP distribution 4 (a sharing group) cannot be mapped onto GPOS communities, so only your organisation sees it: marked AMBER+STRICT instead of CLEAR',
      'MISP distribution 9 is not a level MISP defines, so only your organisation sees it: marked AMBER+STRICT instead of CLEAR',
    ]);
    expect(floors.map((s) => s.code)).toEqual([
      'misp.note_distribution_organisation',
      'misp.note_distribution_community',
      'misp.note_distribution_connected',
      'misp.note_distribution_sharing_group',
      'misp.note_distribution_unknown',
    ]);
    expect(floors[4]!.params).toEqual({ distribution: 9, tlp: 'AMBER+STRICT', previous: 'CLEAR' });
    expect(notesOf(['tlp:red'], []).map((s) => s.message)).toEqual(['TLP RED: you are its only named recipient; add others by correcting the report']);
    expect(notesOf(['tlp:red'], [], { ...importer, userId: null }).map((s) => s.message)).toEqual(['TLP RED imported by a machine: only your organisation is named as recipient']);
    expect(say('misp.note_duplicate', { key: 'misp:x' }).message).toBe('imported before (idempotency key misp:x): nothing changed');
    expect(say('misp.error_no_identifier', { attributes: 3 }).message).toBe('carries no identifier GPOS models (3 attributes, each listed as skipped with its reason)');
    expect(say('misp.error_not_a_date', { value: '"yesterday"' }).message).toBe('"yesterday" is not a date (YYYY-MM-DD)');
  });

  it('renders every entry with its params: no placeholder left', () => {
    for (const [code, template] of Object.entries(MISP_MESSAGES)) {
      expect(code).toMatch(/^misp\.[a-z0-9_]+$/);
      expect(code.length).toBeLessThanOrEqual(100);
      const params = sampleParams(template);
      const text = renderText(template, params);
      expect(text, code).not.toMatch(/\{\{|\}\}/);
      for (const value of Object.values(params)) expect(text, code).toContain(String(value));
      const said = (say as (code: MispCode, params?: Record<string, string | number>) => ReturnType<typeof say>)(code as MispCode, params);
      expect(said).toEqual({ message: text, code, params: placeholders(template).length > 0 ? params : {} });
    }
  });

  it('keeps the English of the importer exactly as before', () => {
    const unmodelled = (decision: ReturnType<typeof mapAttribute>) => (decision.kind === 'unmodelled' ? decision.message : null);
    expect(unmodelled(mapAttribute('md5', 'd41d8cd98f00b204e9800998ecf8427e'))).toBe('MISP type md5 is not an identifier GPOS models');
    expect(unmodelled(mapAttribute('email-dst', 'victim@gmail.com'))).toBe('a recipient address: in MISP e-mail events that is the victim’s, not the scammer’s');
    expect(unmodelled(mapAttribute('dash', 'XfooBar'))).toBe(
      'DASH addresses are not a chain GPOS validates (BTC, LTC, DOGE, EVM, ETH, BSC, POLYGON, ARBITRUM, OPTIMISM, BASE, AVAX, FANTOM, TRON, SOL, XRP), so they are not kept',
    );
    const account = mapObject('user-account', [{ relation: 'username', type: 'text', value: 'root' }, { relation: 'account-type', type: 'text', value: 'unix' }]);
    expect(account.decisions.map((d) => (d.kind === 'unmodelled' ? d.message : d.kind))).toEqual([
      'an account on a platform GPOS does not model (account-type "unix")',
      'account-type: a detail of the account GPOS does not keep',
    ]);
    const noType = mapObject('user-account', [{ relation: 'username', type: 'text', value: 'root' }]);
    expect(noType.decisions[0]).toMatchObject({ message: 'an account on a platform GPOS does not model (account-type "not given")', code: 'misp.account_platform_missing', params: {} });
    const wallet = mapObject('btc-wallet', [{ relation: 'wallet-address', type: 'btc', value: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT' }, { relation: 'balance_BTC', type: 'float', value: '1.5' }]);
    expect(wallet.decisions[1]).toEqual({ kind: 'unmodelled', message: 'balance_BTC: a detail of the btc-wallet GPOS does not keep', code: 'misp.wallet_detail', params: { relation: 'balance_BTC', object: 'btc-wallet' } });
    expect(mapObject('file', [{ relation: 'md5', type: 'md5', value: 'a' }]).unmodelledObject).toEqual({
      message: 'object file is not modelled by GPOS (1 attribute, none an identifier GPOS keeps)',
      code: 'misp.object_not_modelled_single',
      params: { object: 'file' },
    });
    expect(mapObject('file', [{ relation: 'md5', type: 'md5', value: 'a' }, { relation: 'filename', type: 'filename', value: 'b' }]).unmodelledObject).toEqual({
      message: 'object file is not modelled by GPOS (2 attributes, none an identifier GPOS keeps)',
      code: 'misp.object_not_modelled',
      params: { object: 'file', attributes: 2 },
    });
    expect(say('misp.object_deleted', { object: 'phone', attributes: 3 }).message).toBe('object phone is marked deleted in MISP (3 attributes)');
    expect(say('misp.malformed', { path: 'Event.Attribute[0].value', message: 'Invalid input' }).message).toBe('Event.Attribute[0].value: Invalid input');
  });

  it('carries a normaliser’s refusal whole: its English in the text, its own code and params beside it', () => {
    const said = sayInvalid('phone', { field: 'value', reason: '"12" is too short to be a phone number for TH.', code: 'phone.too_short_for_region', params: { value: '"12"', region: 'TH' } });
    expect(said).toEqual({
      message: 'not a valid phone (value): "12" is too short to be a phone number for TH.',
      code: 'misp.invalid_identifier',
      params: { type: 'phone', field: 'value', reason: '"12" is too short to be a phone number for TH.', reasonCode: 'phone.too_short_for_region', 'reason.value': '"12"', 'reason.region': 'TH' },
    });
    expect(sayInvalid('url', { field: 'value', reason: 'bad' }).params).toEqual({ type: 'url', field: 'value', reason: 'bad' });
  });

  it('keeps the English text whole but bounds each param, within the contract', () => {
    const long = `"${'x'.repeat(500)}"`;
    const said = sayInvalid('domain', { field: 'value', reason: `${long} is not a domain name.`, code: 'domain.invalid', params: { value: long } });
    expect(said.message).toBe(`not a valid domain (value): ${long} is not a domain name.`);
    expect(Array.from(String(said.params.reason))).toHaveLength(MAX_MISP_PARAM);
    expect(Array.from(String(said.params['reason.value']))).toHaveLength(MAX_MISP_PARAM);
    expect(String(said.params.reason).endsWith('…')).toBe(true);
    const entry = { path: 'Event.Attribute[0]', mispType: 'domain', objectName: null, relation: null, value: '"x"', reason: 'invalid', message: said.message, messageCode: said.code, messageParams: said.params };
    expect(mispSkippedSchema.safeParse(entry).success).toBe(true);
  });

  it('is said the same in the web app’s English, and in every other locale with the same params', () => {
    const locales = here('../../../../web/src/i18n/locales/');
    const en = JSON.parse(readFileSync(`${locales}en.json`, 'utf8')) as { misp: Record<string, string> };
    const th = JSON.parse(readFileSync(`${locales}th.json`, 'utf8')) as { misp: Record<string, string> };
    const catalogue = Object.fromEntries(Object.entries(MISP_MESSAGES).map(([code, text]) => [code.replace(/^misp\./, ''), text]));
    expect(en.misp).toEqual(catalogue);
    expect(Object.keys(th.misp).sort()).toEqual(Object.keys(catalogue).sort());
    for (const [name, text] of Object.entries(catalogue)) {
      expect(placeholders(th.misp[name]!), name).toEqual(placeholders(text));
      expect(th.misp[name], name).not.toBe(text);
    }
  });
});
