import { domainToASCII } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { OASIS_SCHEMAS } from './oasis-schemas.js';
import bankAccountSchema from './schemas/gpos/gpos-bank-account.json' with { type: 'json' };
import cryptoWalletSchema from './schemas/gpos/gpos-crypto-wallet.json' with { type: 'json' };
import phoneSchema from './schemas/gpos/gpos-phone-number.json' with { type: 'json' };
import propertiesSchema from './schemas/gpos/gpos-scam-intelligence.json' with { type: 'json' };
import { schemaErrorSaid, type SchemaSaid } from './schema-error-text.js';
import { GPOS_EXTENSIONS } from './stix-ids.js';
import { timestampOrderErrors } from './timestamp-order.js';

/**
 * Run-time validation of STIX objects against the OASIS STIX 2.1 JSON schemas (draft 2020-12, compiled
 * once with Ajv's 2020 dialect) plus our own schemas for the GPOS SCO types and property extension.
 *
 * Objects are validated one by one against the schema of their type rather than through bundle.json:
 * the OASIS bundle schema's list of object schemas omits `extension-definition` (so any bundle carrying
 * one fails its custom-object branch, which matches both core and cyber-observable-core), and per-object
 * validation gives per-object errors, which is what an importer must report anyway.
 */
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

export const STIX_SDO_TYPES = [
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator', 'infrastructure', 'intrusion-set', 'location',
  'malware', 'malware-analysis', 'note', 'observed-data', 'opinion', 'report', 'threat-actor', 'tool', 'vulnerability',
] as const;
export const STIX_SRO_TYPES = ['relationship', 'sighting'] as const;
export const STIX_SCO_TYPES = [
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex',
  'network-traffic', 'process', 'software', 'url', 'user-account', 'windows-registry-key', 'x509-certificate',
] as const;
export const STIX_META_TYPES = ['marking-definition', 'extension-definition', 'language-content'] as const;
export const GPOS_SCO_TYPES = ['gpos-phone-number', 'gpos-bank-account', 'gpos-crypto-wallet'] as const;
/**
 * OpenCTI's custom observables for what GPOS keeps (pycti's CustomObservablePhoneNumber,
 * CustomObservableCryptocurrencyWallet, CustomObservableBankAccount), as its STIX exports and TAXII feeds
 * carry them: read as observables (indicator.stix.ts, scoToRawIndicator), checked against the
 * cyber-observable core as any custom object is (conformance review, session 58: they were unmapped).
 */
export const OPENCTI_SCO_TYPES = ['phone-number', 'cryptocurrency-wallet', 'bank-account'] as const;

const SDO_SET: ReadonlySet<string> = new Set([...STIX_SDO_TYPES, ...STIX_SRO_TYPES]);
const SCO_SET: ReadonlySet<string> = new Set([...STIX_SCO_TYPES, ...GPOS_SCO_TYPES, ...OPENCTI_SCO_TYPES]);

export const isScoType = (type: string): boolean => SCO_SET.has(type);
export const isKnownType = (type: string): boolean => SDO_SET.has(type) || SCO_SET.has(type) || (STIX_META_TYPES as readonly string[]).includes(type);

export interface SchemaError {
  path: string;
  message: string;
  /** The message's code and params (schema-error-text.ts), when it is one of the texts written there. */
  said?: Omit<SchemaSaid, 'message'>;
  /**
   * What the object holds at `path`, for the refusal to quote (withQuote, which quotes only text, numbers
   * and booleans); none for a property the schema does not know, whose value is never quoted (it may be a
   * credential under a name of the sender's own).
   */
  value?: unknown;
}

function schemaPathOf(type: string): string | null {
  if ((STIX_SDO_TYPES as readonly string[]).includes(type)) return `${BASE}sdos/${type}.json`;
  if ((STIX_SRO_TYPES as readonly string[]).includes(type)) return `${BASE}sros/${type}.json`;
  if ((STIX_SCO_TYPES as readonly string[]).includes(type)) return `${BASE}observables/${type}.json`;
  if ((STIX_META_TYPES as readonly string[]).includes(type)) return `${BASE}common/${type}.json`;
  if ((GPOS_SCO_TYPES as readonly string[]).includes(type)) return `https://gpos.example/stix/schemas/${type}.json`;
  return null;
}

/**
 * The OASIS type-name pattern `^([a-z][a-z0-9]*)+(-[a-z0-9]+)*…$` (on `type` and on extension keys) nests
 * one quantifier in another: on a long name that does not match, JavaScript's backtracking engine tries
 * exponentially many splits (a 30-letter key took seconds, and a bundle may hold thousands). `([a-z][a-z0-9]*)+`
 * matches exactly what `[a-z][a-z0-9]*` matches, so patterns are compiled with the one written that way.
 */
function linearPattern(pattern: string): string {
  return pattern.split('([a-z][a-z0-9]*)+').join('[a-z][a-z0-9]*');
}
const linearRegExp = Object.assign((pattern: string, flags: string) => new RegExp(linearPattern(pattern), flags), { code: 'linearRegExp' });

function createValidator() {
  // The OASIS patterns use `\-` inside character-less positions, which is an error under the `u` flag.
  const ajv = new Ajv2020({ strict: false, allErrors: false, unicodeRegExp: false, logger: false, code: { regExp: linearRegExp } });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
  ajv.addFormat('idn-hostname', (value: string) => value.length <= 253 && domainToASCII(value) !== '');
  for (const schema of OASIS_SCHEMAS) ajv.addSchema(schema);
  for (const schema of [phoneSchema, bankAccountSchema, cryptoWalletSchema, propertiesSchema]) ajv.addSchema(schema);
  const compiled = new Map<string, ValidateFunction>();
  const get = (id: string): ValidateFunction => {
    let fn = compiled.get(id);
    if (!fn) {
      fn = ajv.getSchema(id);
      if (!fn) throw new Error(`STIX schema ${id} is not loaded`);
      compiled.set(id, fn);
    }
    return fn;
  };
  return { get };
}

let validator: ReturnType<typeof createValidator> | null = null;
const validatorOf = () => (validator ??= createValidator());

/** The value at a JSON pointer (Ajv's `instancePath`) of `data`, own properties only. */
function valueAtPointer(data: unknown, pointer: string): unknown {
  let value = data;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    value = typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function errorsOf(fn: ValidateFunction, data: unknown, prefix = ''): SchemaError[] {
  return (fn.errors ?? []).slice(0, 5).map((e) => {
    const at = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    // A property the schema does not allow is named in the path (Ajv puts it in its params, not its path).
    const extra = e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string' ? String(e.params.additionalProperty).slice(0, 100) : null;
    const path = extra === null ? at : at ? `${at}.${extra}` : extra;
    const { message, code, params } = schemaErrorSaid(e, prefix === '' ? at : '');
    return {
      path: `${prefix}${path}` || 'object',
      message,
      ...(code === undefined ? {} : { said: { code, ...(params ? { params } : {}) } }),
      ...(extra === null ? { value: valueAtPointer(data, e.instancePath) } : {}),
    };
  });
}

/**
 * Errors of one STIX object against the schema of its type (empty when valid). Types STIX does not define
 * are checked against the common core rules a custom object must meet. The GPOS property extension is
 * checked against its own schema wherever it appears, and the order of timestamps the schemas cannot check
 * after the schema (timestamp-order.ts).
 */
export function validateStixObject(object: Record<string, unknown>): SchemaError[] {
  const type = typeof object.type === 'string' ? object.type : '';
  const { get } = validatorOf();
  const path = schemaPathOf(type);
  let errors: SchemaError[];
  if (path) {
    const fn = get(path);
    errors = fn(object) ? [] : errorsOf(fn, object);
  } else {
    const fn = get(`${BASE}common/${'created' in object ? 'core' : 'cyber-observable-core'}.json`);
    errors = fn(object) ? [] : errorsOf(fn, object);
  }
  const extension = (object.extensions as Record<string, unknown> | undefined)?.[GPOS_EXTENSIONS.properties];
  if (errors.length === 0 && extension !== undefined) {
    const fn = get('https://gpos.example/stix/schemas/gpos-scam-intelligence.json');
    if (!fn(extension)) errors = errorsOf(fn, extension, `extensions.${GPOS_EXTENSIONS.properties}.`);
  }
  return errors.length > 0 ? errors : timestampOrderErrors(object);
}
