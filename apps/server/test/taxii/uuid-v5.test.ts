import { v5 as referenceV5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { GPOS_STIX_NAMESPACE, STIX_SCO_NAMESPACE } from '../../src/modules/stix/index.js';
import { uuidV5Under } from '../../src/modules/stix/uuid-v5.js';

/**
 * The TAXII feed names ~2 objects per served object with UUIDv5 through the STIX module's own generator
 * (the hot path of a page); every id must stay exactly what the `uuid` package gives, or every STIX id
 * GPOS ever published would change.
 */
describe('UUIDv5 of the STIX ids', () => {
  const names = [
    '',
    'report:0190b1f0-0000-7000-8000-000000000001',
    'indicator:0190b1f0-0000-7000-8000-000000000001:0190b1f0-0000-7000-8000-000000000002',
    '{"value":"+66812345678"}',
    '{"value":"bücher.example"}',
    'Ñandú 中文 😀 "quoted" \\ back',
    'x'.repeat(5000),
    '中'.repeat(2000),
  ];

  it('gives the same ids as the uuid package, in both namespaces, for ASCII, multi-byte and long names', () => {
    for (const namespace of [GPOS_STIX_NAMESPACE, STIX_SCO_NAMESPACE]) {
      const v5 = uuidV5Under(namespace);
      for (const name of names) expect(v5(name), name.slice(0, 40)).toBe(referenceV5(name, namespace));
    }
  });

  it('matches the STIX 2.1 specification example after a long name grew its buffer', () => {
    const v5 = uuidV5Under(STIX_SCO_NAMESPACE);
    v5('y'.repeat(10_000));
    expect(`domain-name--${v5('{"value":"example.com"}')}`).toBe('domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7');
  });
});
