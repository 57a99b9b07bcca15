import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from '../../src/modules/indicators/normalise/index.js';
import {
  countryCodeOf,
  mapAttribute,
  mapObject,
  scamTypeFrom,
  victimCountryFromTags,
  type AttributeDecision,
  type ObjectAttributeInput,
} from '../../src/modules/misp/misp-mapping.js';
import { markingFromMisp, tlpOfTag } from '../../src/modules/misp/misp-marking.js';
import { MISP_OBJECT_TEMPLATES } from '../../src/modules/misp/misp-templates.js';

const SHARED = path.resolve(import.meta.dirname, '../../../../../shared/misp');
const BTC = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
const ETH = '0x52908400098527886E0F7030069857D2E4169EE7';
const XMR = '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A';

/** The canonical `type:value` keys a decision yields (primary and derived), as the ingest would store them. */
function canonical(decision: AttributeDecision, reporterCountry = 'TH'): string[] {
  if (decision.kind !== 'indicators') return [decision.kind];
  return decision.raws.flatMap((raw) => {
    const result = normaliseIndicator(raw, { reporterCountry });
    if (!result.ok) return [`invalid ${result.field}: ${result.reason}`];
    return [result.indicator, ...result.derived].map((i) => `${i.type}:${i.value}`);
  });
}
const obj = (...pairs: [relation: string, type: string, value: string][]): ObjectAttributeInput[] => pairs.map(([relation, type, value]) => ({ relation, type, value }));

describe('MISP attribute types → indicators', () => {
  it.each([
    ['phone-number', '+66 81 234 5678', ['phone:+66812345678']],
    ['phone-number', '081-234-5678', ['phone:+66812345678']],
    ['prtn', '+44 909 879 0000', ['phone:+449098790000']],
    ['whatsapp', '+66812345678', ['messaging_account:whatsapp:+66812345678', 'phone:+66812345678']],
    ['telegram', '@Scam_Helper', ['messaging_account:telegram:scam_helper']],
    ['iban', 'DE89 3704 0044 0532 0130 00', ['bank_account:IBAN:DE89370400440532013000']],
    ['bank-account-nr', 'DE89370400440532013000', ['bank_account:IBAN:DE89370400440532013000']],
    ['btc', BTC, [`crypto_wallet:BTC:${BTC}`]],
    ['url', 'https://Lotus-Bank-Verify.top/login', ['url:https://lotus-bank-verify.top/login', 'domain:lotus-bank-verify.top']],
    ['domain', 'lotus-bank-verify.top', ['domain:lotus-bank-verify.top']],
    ['hostname', 'secure.lotus-bank-verify.top', ['domain:secure.lotus-bank-verify.top', 'domain:lotus-bank-verify.top']],
    ['domain|ip', 'lotus-bank-verify.top|198.51.100.7', ['domain:lotus-bank-verify.top', 'ip:198.51.100.7']],
    ['email', 'Refund.Desk@lotus-bank-verify.top', ['email:refund.desk@lotus-bank-verify.top', 'domain:lotus-bank-verify.top']],
    ['email-src', 'refund@lotus-bank-verify.top', ['email:refund@lotus-bank-verify.top', 'domain:lotus-bank-verify.top']],
    ['ip-src', '8.8.4.4', ['ip:8.8.4.4']],
    ['ip-dst', '2001:DB8::1', ['ip:2001:db8::1']],
    ['ip-dst|port', '8.8.4.4|443', ['ip:8.8.4.4']],
    ['mobile-application-id', 'com.lotus.fake', ['app:android:com.lotus.fake']],
  ])('%s %s', (type, value, expected) => {
    expect(canonical(mapAttribute(type, value))).toEqual(expected);
  });

  it('needs the bank for a national account number given alone, and says so', () => {
    expect(canonical(mapAttribute('bank-account-nr', '123-4-56789-0'))[0]).toMatch(/^invalid bankCode: .*BIC\/SWIFT/);
  });

  it('keeps Monero and Dash addresses out, as chains the normaliser cannot validate', () => {
    for (const [type, value] of [['xmr', XMR], ['dash', 'XpESxaUmonkq8RaLLp46Brx2K39ggQe226']] as const) {
      const decision = mapAttribute(type, value);
      expect(decision.kind).toBe('unmodelled');
      expect(decision.kind === 'unmodelled' && decision.message).toMatch(/not a chain GPOS validates/);
      expect(decision).toMatchObject({ code: 'misp.chain_not_validated', params: { chain: type === 'xmr' ? 'XMR' : 'DASH' } });
    }
  });

  it('never takes a victim’s or a reference value as a scam identifier', () => {
    for (const type of ['email-dst', 'target-email', 'link', 'bic', 'text', 'md5', 'filename', 'whois-registrant-email']) {
      expect(mapAttribute(type, 'x@y.com').kind).toBe('unmodelled');
    }
  });

  it('reads a targeted location as the victim country', () => {
    expect(mapAttribute('target-location', 'Thailand')).toEqual({ kind: 'qualifier', country: 'TH' });
    expect(mapAttribute('target-location', 'Atlantis').kind).toBe('unmodelled');
  });
});

describe('MISP objects → indicators', () => {
  const keys = (name: string, attributes: ObjectAttributeInput[]) => {
    const mapping = mapObject(name, attributes);
    return { unmodelled: mapping.unmodelledObject, keys: mapping.decisions.map((d) => canonical(d)) };
  };

  it('bank-account: iban, account + swift, account + national code + country, account + ABA routing number', () => {
    expect(keys('bank-account', obj(['iban', 'iban', 'GB82 WEST 1234 5698 7654 32'])).keys).toEqual([['bank_account:IBAN:GB82WEST12345698765432']]);
    expect(keys('bank-account', obj(['account', 'bank-account-nr', '123-4-56789-0'], ['swift', 'bic', 'BKKBTHBKXXX'], ['account-name', 'text', 'Somchai'])).keys).toEqual([
      ['bank_account:TH:BKKBTHBK:1234567890'],
      ['qualifier'],
      ['unmodelled'],
    ]);
    expect(keys('bank-account', obj(['account', 'bank-account-nr', '1234567890'], ['institution-code', 'text', '004'], ['text', 'text', 'country:KH'])).keys).toEqual([
      ['bank_account:KH:004:1234567890'],
      ['qualifier'],
      ['qualifier'],
    ]);
    expect(keys('bank-account', obj(['account', 'bank-account-nr', '000123456789'], ['aba-rtn', 'aba-rtn', '021000021'])).keys).toEqual([['bank_account:US:021000021:000123456789'], ['qualifier']]);
    expect(keys('bank-account', obj(['swift', 'bic', 'BKKBTHBK'])).keys).toEqual([['unmodelled']]);
  });

  it('coin-address, btc-wallet, cryptocurrency-transaction: the chain from the symbol', () => {
    expect(keys('coin-address', obj(['address', 'btc', BTC], ['symbol', 'text', 'BTC'])).keys).toEqual([[`crypto_wallet:BTC:${BTC}`], ['qualifier']]);
    expect(keys('coin-address', obj(['address-crypto', 'text', ETH.toLowerCase()], ['symbol', 'text', 'ETH'])).keys).toEqual([[`crypto_wallet:EVM:${ETH}`], ['qualifier']]);
    expect(keys('coin-address', obj(['address-crypto', 'text', ETH], ['symbol', 'text', 'USDT'])).keys).toEqual([[`crypto_wallet:EVM:${ETH}`], ['qualifier']]);
    expect(keys('coin-address', obj(['address-xmr', 'xmr', XMR])).keys).toEqual([['unmodelled']]);
    expect(keys('coin-address', obj(['address-crypto', 'text', 'addr1xyz'], ['symbol', 'text', 'ADA'])).keys).toEqual([['unmodelled'], ['qualifier']]);
    expect(keys('btc-wallet', obj(['wallet-address', 'btc', BTC], ['balance_BTC', 'float', '1.5'])).keys).toEqual([[`crypto_wallet:BTC:${BTC}`], ['unmodelled']]);
    expect(keys('cryptocurrency-transaction', obj(['address', 'btc', BTC], ['transaction-number', 'text', 'abc'])).keys).toEqual([[`crypto_wallet:BTC:${BTC}`], ['unmodelled']]);
  });

  it('phone-number and phone: the number, its country, an MSISDN', () => {
    expect(keys('phone-number', obj(['phone-number', 'phone-number', '012 345 678'], ['country-code', 'text', 'KH'])).keys).toEqual([['phone:+85512345678'], ['qualifier']]);
    expect(keys('phone', obj(['msisdn', 'text', '66812345678'], ['imei', 'text', '490154203237518'])).keys).toEqual([['phone:+66812345678'], ['unmodelled']]);
  });

  it('url and domain-ip: the url and its host, not its components', () => {
    expect(keys('url', obj(['url', 'url', 'https://www.circl.lu/x'], ['scheme', 'text', 'https'], ['domain', 'domain', 'circl.lu'])).keys).toEqual([
      ['url:https://www.circl.lu/x', 'domain:circl.lu'],
      ['unmodelled'],
      ['domain:circl.lu'],
    ]);
    expect(keys('domain-ip', obj(['domain', 'domain', 'lotus-bank-verify.top'], ['ip', 'ip-dst', '8.8.4.4'], ['port', 'port', '443'])).keys).toEqual([
      ['domain:lotus-bank-verify.top'],
      ['ip:8.8.4.4'],
      ['unmodelled'],
    ]);
  });

  it('email: the sender, never the recipients', () => {
    expect(keys('email', obj(['from', 'email-src', 'refund@lotus-bank-verify.top'], ['to', 'email-dst', 'victim@gmail.com'], ['subject', 'email-subject', 'Your refund'])).keys).toEqual([
      ['email:refund@lotus-bank-verify.top', 'domain:lotus-bank-verify.top'],
      ['unmodelled'],
      ['unmodelled'],
    ]);
  });

  it('telegram, facebook, instagram, twitter and user accounts', () => {
    expect(keys('telegram-account', obj(['username', 'text', '@crypto_guru_88'], ['phone', 'text', '+66812345678'], ['id', 'text', '123456789'])).keys).toEqual([
      ['messaging_account:telegram:crypto_guru_88'],
      ['messaging_account:telegram:+66812345678', 'phone:+66812345678'],
      ['unmodelled'],
    ]);
    expect(keys('facebook-account', obj(['account-name', 'text', 'lotus.refund.desk'])).keys).toEqual([['social_account:facebook:lotusrefunddesk']]);
    expect(keys('instagram-account', obj(['account-name', 'text', '@lotus_refund'])).keys).toEqual([['social_account:instagram:lotus_refund']]);
    expect(keys('twitter-account', obj(['name', 'text', 'LotusRefund'], ['followers', 'text', '12'])).keys).toEqual([['social_account:x:lotusrefund'], ['unmodelled']]);
    expect(keys('user-account', obj(['username', 'text', '+66812345678'], ['account-type', 'text', 'WhatsApp'])).keys).toEqual([
      ['messaging_account:whatsapp:+66812345678', 'phone:+66812345678'],
      ['qualifier'],
    ]);
    expect(keys('user-account', obj(['username', 'text', 'root'], ['account-type', 'text', 'unix'])).keys).toEqual([['unmodelled'], ['unmodelled']]);
  });

  it('person: contact details only of a suspect; victim: only the country', () => {
    expect(keys('person', obj(['phone-number', 'phone-number', '+66812345678'], ['role', 'text', 'Suspect'])).keys).toEqual([['phone:+66812345678'], ['qualifier']]);
    expect(keys('person', obj(['phone-number', 'phone-number', '+66812345678'], ['role', 'text', 'Victim'])).keys).toEqual([['unmodelled'], ['unmodelled']]);
    const victim = mapObject('victim', obj(['regions', 'target-location', 'Thailand'], ['email', 'target-email', 'victim@gmail.com']));
    expect(victim.decisions).toEqual([{ kind: 'qualifier', country: 'TH' }, expect.objectContaining({ kind: 'unmodelled' })]);
  });

  it('impersonation: the impersonating account, never the impersonated one', () => {
    expect(keys('impersonation', obj(['account-url', 'url', 'https://t.me/lotus_bank_help'], ['impersonated-account-url', 'link', 'https://t.me/lotusbank'])).keys).toEqual([
      ['url:https://t.me/lotus_bank_help', 'domain:t.me', 'messaging_account:telegram:lotus_bank_help'],
      ['unmodelled'],
    ]);
  });

  it('lists an object GPOS does not model once, but still reads identifiers inside other objects by type', () => {
    expect(keys('file', obj(['md5', 'md5', 'd41d8cd98f00b204e9800998ecf8427e'], ['filename', 'filename', 'a.exe'])).unmodelled).toEqual({
      message: 'object file is not modelled by GPOS (2 attributes, none an identifier GPOS keeps)',
      code: 'misp.object_not_modelled',
      params: { object: 'file', attributes: 2 },
    });
    expect(keys('network-connection', obj(['ip-dst', 'ip-dst', '8.8.4.4'], ['dst-port', 'port', '443']))).toEqual({ unmodelled: undefined, keys: [['ip:8.8.4.4'], ['unmodelled']] });
  });

  it('uses relations that exist in MISP’s own templates, with their attribute types', () => {
    for (const [name, template] of Object.entries(MISP_OBJECT_TEMPLATES)) {
      const definition = JSON.parse(fs.readFileSync(path.join(SHARED, 'objects', name, 'definition.json'), 'utf8')) as {
        uuid: string;
        version: number;
        'meta-category': string;
        attributes: Record<string, { 'misp-attribute': string; disable_correlation?: boolean }>;
      };
      expect({ name, uuid: template.uuid, version: template.version, meta: template.metaCategory }).toEqual({ name, uuid: definition.uuid, version: definition.version, meta: definition['meta-category'] });
      expect(template.relations).toEqual(Object.fromEntries(Object.entries(definition.attributes).map(([relation, a]) => [relation, a['misp-attribute']])));
      expect([...template.uncorrelated]).toEqual(Object.entries(definition.attributes).filter(([, a]) => a.disable_correlation === true).map(([relation]) => relation).sort());
    }
  });
});

describe('MISP TLP tags and distribution → marking', () => {
  const importer = { organisationId: '018f0000-0000-7000-8000-000000000001', userId: '018f0000-0000-7000-8000-000000000002' };
  const tlpOf = (tags: string[], distributions: (number | undefined)[] = []) => markingFromMisp({ tags, distributions }, importer).tlp;

  it.each([
    ['tlp:clear', 'CLEAR'],
    ['tlp:white', 'CLEAR'],
    ['TLP:GREEN', 'GREEN'],
    // TLP:AMBER reaches the recipient organisation and its clients; a GPOS AMBER every member. As for STIX.
    ['tlp:amber', 'AMBER+STRICT'],
    ['TLP:Amber', 'AMBER+STRICT'],
    ['tlp:amber+strict', 'AMBER+STRICT'],
    ['tlp:red', 'RED'],
  ])('%s → %s', (tag, tlp) => {
    expect(tlpOf([tag])).toBe(tlp);
  });

  it('never makes tlp:amber a GPOS AMBER, whatever the distribution', () => {
    for (const distribution of [undefined, 0, 1, 2, 3, 4, 5, 9]) {
      const decision = markingFromMisp({ tags: ['tlp:amber'], distributions: [distribution, 3] }, importer);
      expect(decision.tlp, String(distribution)).toBe('AMBER+STRICT');
      expect(decision.marking).toEqual({ tlp: 'AMBER+STRICT' });
    }
  });

  it('defaults to AMBER without a TLP tag, saying so; distribution 0 or a sharing group narrows it', () => {
    const decision = markingFromMisp({ tags: ['foo', 'tlp:ex:chr'], distributions: [] }, importer);
    expect(decision.tlp).toBe('AMBER');
    expect(decision.said.map((s) => s.code)).toEqual(['misp.note_tlp_default']);
    for (const distribution of [undefined, 1, 2, 3, 5]) expect(tlpOf([], [distribution])).toBe('AMBER');
    expect(markingFromMisp({ tags: [], distributions: [0] }, importer).said.map((s) => s.code)).toEqual(['misp.note_tlp_default', 'misp.note_distribution_organisation']);
    expect(tlpOf([], [4])).toBe('AMBER+STRICT');
    expect(tlpOf([], [3, 0])).toBe('AMBER+STRICT');
  });

  it('takes the strictest of several TLP tags', () => {
    expect(tlpOf(['tlp:green', 'tlp:white'])).toBe('GREEN');
    expect(tlpOf(['tlp:green', 'tlp:amber', 'tlp:white'])).toBe('AMBER+STRICT');
    expect(tlpOf(['tlp:amber', 'tlp:red'])).toBe('RED');
    expect(tlpOf(['tlp:unheard-of'])).toBe('AMBER+STRICT');
  });

  it('never lets a distribution level widen sharing', () => {
    expect(tlpOf(['tlp:clear'], [3])).toBe('CLEAR');
    expect(tlpOf(['tlp:clear'], [1])).toBe('GREEN');
    expect(tlpOf(['tlp:white'], [2])).toBe('GREEN');
    expect(tlpOf(['tlp:green'], [0])).toBe('AMBER+STRICT');
    expect(tlpOf(['tlp:green'], [3, 4])).toBe('AMBER+STRICT');
    expect(tlpOf(['tlp:green'], [9])).toBe('AMBER+STRICT');
    expect(tlpOf(['tlp:red'], [3])).toBe('RED');
    expect(tlpOf(['tlp:green'], [5, undefined])).toBe('GREEN');
  });

  it('names the importing person — or, for a machine, organisation — as the only RED recipient', () => {
    expect(markingFromMisp({ tags: ['tlp:red'], distributions: [] }, importer).marking).toEqual({ tlp: 'RED', recipientUserIds: [importer.userId], redRecipientScope: 'users' });
    expect(markingFromMisp({ tags: ['tlp:red'], distributions: [] }, { ...importer, userId: null }).marking).toEqual({ tlp: 'RED', recipientOrganisationIds: [importer.organisationId], redRecipientScope: 'organisations' });
  });

  it('reads only tlp: tags as TLP levels', () => {
    expect(tlpOfTag('tlp:ex:chr')).toBeNull();
    expect(tlpOfTag('misp:tlp="red"')).toBeNull();
    expect(tlpOfTag('tlp:bogus')).toBe('unknown');
  });
});

describe('scam type and victim country from tags and galaxies', () => {
  it.each([
    [['gpos:scam-type="romance"', 'rsit:fraud="phishing"'], 'romance'],
    [['misp-galaxy:scam="Pig butchering"'], 'investment'],
    [['rsit:fraud="phishing"'], 'phishing'],
    [['ecsirt:fraud="masquerade"'], 'impersonation'],
    [['sextortion', 'phishing'], 'sextortion'],
    [['Tech support scam'], 'tech_support'],
    [['ecsirt:malicious-code="ransomware"', 'tlp:red'], 'other'],
  ])('%j → %s', (labels, type) => {
    expect(scamTypeFrom(labels)).toBe(type);
  });

  it('finds the victim country in GPOS, target-information and country tags', () => {
    expect(victimCountryFromTags(['tlp:green', 'gpos:victim-country="KH"'])).toBe('KH');
    expect(victimCountryFromTags(['misp-galaxy:target-information="Thailand"'])).toBe('TH');
    expect(victimCountryFromTags(['misp-galaxy:country="philippines"'])).toBe('PH');
    expect(victimCountryFromTags(['misp-galaxy:country="atlantis"'])).toBeNull();
    expect(countryCodeOf('tha')).toBe('TH');
    expect(countryCodeOf('Luxembourg')).toBe('LU');
  });
});
