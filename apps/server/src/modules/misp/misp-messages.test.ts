import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mispSkippedSchema } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { mapAttribute, mapObject } from './misp-mapping.js';
import { markingFromMisp } from './misp-marking.js';
import { isMispCode, MAX_MISP_PARAM, MISP_MESSAGES, say, sayInvalid, type MispCode } from './misp-messages.js';
import { extractEvents } from './misp-parse.js';
import { renderText } from '../../platform/coded-text.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
/** The files where the importer says why it skips an attribute or object, notes its decisions and refuses an event. */
const IMPORTER_FILES = ['./misp-mapping.ts', './misp-marking.ts', './misp-import.ts'];
/** The files that say why a document holds no event (extractEvents) or why a feed file cannot be read. */
const DOCUMENT_FILES = ['./misp-parse.ts', './misp-feed.ts'];
const source = (file: string) => readFileSync(here(file), 'utf8');
/** The source of extractEvents alone (the rest of misp-parse.ts is zod schemas, whose English is zod's). */
const extractEventsSource = () => {
  const text = source('./misp-parse.ts');
  const start = text.indexOf('export function extractEvents(');
  expect(start).toBeGreaterThan(0);
  return text.slice(start, text.indexOf('\n}\n', start) + 2);
};
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
const sampleParams = (template: string) => Object.fromEntries(placeholders(template).map((name, i) => [name, name === 'attributes' ? i + 2 : `<${name}>`]));

describe('MISP import messages', () => {
  it('has every code the importer emits in the catalogue, and emits every code of the catalogue', () => {
    const emitted = new Set<string>();
    for (const file of [...IMPORTER_FILES, ...DOCUMENT_FILES]) for (const [, code] of source(file).matchAll(/'(misp\.[a-z0-9_]+)'/g)) emitted.add(code!);
    // A normaliser's refusal is said through sayInvalid (misp.invalid_identifier with the normaliser's code).
    if (/\bsayInvalid\(/.test(source('./misp-import.ts'))) emitted.add('misp.invalid_identifier');
    // A problem of an attribute's or object's schema is said through sayMalformed (misp.malformed with zod's code).
    if (/\bsayMalformed\(/.test(source('./misp-import.ts'))) emitted.add('misp.malformed');
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
      expect(text.match(/\berrors = \[\s*\{/g) ?? [], file).toEqual([]);
      expect(text.match(/\bmessage:\s*`/g) ?? [], file).toEqual([]);
      expect(text.match(/\bsayError\([^;]*,\s*['"`]/g) ?? [], file).toEqual([]);
    }
    const importer = source('./misp-import.ts');
    // A document that holds no event, or could not be read, becomes its event's error with the code it was said with.
    expect(importer).toContain('result.errors = [sayError(cutToUtf16Units(extracted.source, LIMITS.name), extracted.said)];');
    expect(importer).toMatch(/\berror\?: MispSaid;/);
    expect(importer).toMatch(/function addNote\(result: MispEventResult, said: MispSaid\): void \{\n\s*result\.notes\.push\(said\.message\);\n\s*result\.noteCodes\.push\(\{ code: said\.code, params: said\.params \}\);/);
    const codes = (prefix: string) => Object.keys(MISP_MESSAGES).filter((code) => code.startsWith(prefix));
    expect(codes('misp.note_').length).toBeGreaterThanOrEqual(19);
    expect(codes('misp.error_').length).toBeGreaterThanOrEqual(6);
  });

  it('says why a document holds no event, and why a feed file cannot be read, only through the catalogue', () => {
    const extract = extractEventsSource();
    const notEvents = extract.match(/\bkind: 'not_event'/g) ?? [];
    expect(notEvents.length).toBeGreaterThanOrEqual(6);
    // Each entry carries a said message (`said`), never a `message` of its own; its English is the catalogue's.
    expect(extract.match(/\bkind: 'not_event',[^;]*\bsaid\b/g) ?? []).toHaveLength(notEvents.length);
    expect(extract.match(/\bmessage\b/g) ?? []).toEqual([]);
    expect(extract.match(/['"`][^'"`\n]*\b(?:MISP event|not a|must be|holds|is an?)\b[^'"`\n]*['"`]/g) ?? []).toEqual([]);
    const feed = source('./misp-feed.ts');
    // Every unreadable file's error is said (a code with its English and params); only the feed's own refusals,
    // thrown for the command line before any event is read, keep their English.
    const errors = feed.match(/\berror:\s*[^\s]/g) ?? [];
    expect(errors.length).toBeGreaterThanOrEqual(5);
    expect(feed.match(/\berror:(?!\s*say\()/g) ?? []).toEqual([]);
    expect(feed.match(/\bjson: null, error: ['"`]/g) ?? []).toEqual([]);
    expect(feed.replace(/throw new Error\(`[^`]*`\)/g, '').match(/['"`][^'"`\n]*\b(?:is not|is missing|larger than|not valid)\b[^'"`\n]*['"`]/g) ?? []).toEqual([]);
  });

  it('keeps the English of a document that holds no event exactly as before, each with its code', () => {
    const said = (document: unknown) => extractEvents(document, 'body').flatMap((e) => (e.kind === 'not_event' ? [{ source: e.source, status: e.status, ...e.said }] : []));
    expect(said([[], null, 'x', { Event: [] }, { Event: 'not an object' }, { response: 7 }])).toEqual([
      { source: 'body[0]', status: 'skipped', message: 'is an empty list: it holds no MISP event', code: 'misp.error_empty_list', params: {} },
      { source: 'body[1]', status: 'rejected', message: 'is null, not a MISP event (an object with "Event", "response" or the fields of an event)', code: 'misp.error_null', params: {} },
      {
        source: 'body[2]',
        status: 'rejected',
        message: 'is a string, not a MISP event (an object with "Event", "response" or the fields of an event) (got "x")',
        code: 'misp.error_not_an_object',
        params: { type: 'string', value: '"x"' },
      },
      { source: 'body[3].Event', status: 'rejected', message: 'must be an object (the event), not a list', code: 'misp.error_event_is_list', params: {} },
      { source: 'body[4].Event', status: 'rejected', message: 'must be an object (the event), not a string (got "not an object")', code: 'misp.error_event_not_object', params: { type: 'string', value: '"not an object"' } },
      { source: 'body[5].response', status: 'rejected', message: 'must be a list of events', code: 'misp.error_response_not_list', params: {} },
    ]);
    // A null Event has its own code: nothing to quote, and a client can say plainly that the event is missing.
    expect(said({ Event: null })[0]).toEqual({ source: 'body.Event', status: 'rejected', message: 'is null: it must be an object (the event, with its fields: "info", "Attribute", "Object"…)', code: 'misp.error_event_null', params: {} });
    expect(said({ Event: 7 })[0]).toMatchObject({ message: 'must be an object (the event), not a number (got 7)', params: { type: 'number', value: '7' } });
    expect(said({ value: '1.2.3.4', type: 'ip-dst' })[0]).toMatchObject({
      message: 'holds a MISP sighting or a lone attribute (type, value), not an event: sightings are not modelled, and a lone attribute has no event to become a report',
      code: 'misp.error_sighting_or_attribute',
    });
    expect(said({})[0]).toMatchObject({ message: 'is an empty object: it holds no MISP event', code: 'misp.error_empty_object' });
    expect(said({ foo: 1, 'a"b': 2 })[0]).toMatchObject({
      message: 'holds no MISP event (no "Event", "response", "info", "Attribute" or "Object"; found "foo", "a\\"b")',
      code: 'misp.error_no_event_fields',
      params: { keys: '"foo", "a\\"b"' },
    });
    // Keys quoted as every refusal quotes: an invisible or bidi character is shown, a long key cut.
    expect(said({ 'a\u202Eb': 1, ['k'.repeat(40)]: 2 })[0]!.params).toEqual({ keys: `"a\\u202Eb", "${'k'.repeat(29)}…"` });
    expect(say('misp.error_invalid_json', { message: 'Unexpected end of JSON input' }).message).toBe('is not valid JSON (Unexpected end of JSON input)');
    expect(say('misp.error_file_too_large', { max: 268435456 }).message).toBe('is larger than 268435456 bytes');
    expect(say('misp.error_file_missing').message).toBe('is missing');
  });

  it('keeps the English of the marking notes exactly as before, each with its code', () => {
    const importer = { organisationId: 'org', userId: 'user' };
    const notesOf = (tags: string[], distributions: (number | undefined)[], who: { organisationId: string; userId: string | null } = importer) => {
      const decision = markingFromMisp({ tags, distributions }, who);
      expect(decision.notes).toEqual(decision.said.map((s) => s.message));
      return decision.said;
    };
    expect(notesOf([], [])).toEqual([{ message: 'no TLP tag: marked AMBER, the GPOS default', code: 'misp.note_tlp_default', params: { tlp: 'AMBER' } }]);
    // tlp:amber becomes AMBER+STRICT, and the result says why.
    expect(notesOf(['tlp:amber'], [1]).map((s) => s.code)).toEqual(['misp.note_tlp_amber']);
    expect(notesOf(['tlp:green'], [1])).toEqual([]);
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
