import crypto from 'node:crypto';

/**
 * RFC 9562 UUIDv5 (SHA-1 of namespace bytes + UTF-8 name), the same ids as `uuid`'s v5, made for the hot
 * path of STIX exports: every exported object needs one or more, and a TAXII page of 1000 objects asks
 * for ~2000. The `uuid` package re-validates and re-parses the namespace string, re-encodes the name
 * through encodeURIComponent and builds several typed arrays per call; here the namespace is parsed once
 * and the name is written into one reused buffer, so a call allocates little more than its result.
 */
export type UuidV5 = (name: string) => string;

// crypto.hash (one-shot, Node ≥ 20.12) skips the Hash object; older 20.x fall back to createHash.
const sha1Hex: (data: Buffer) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(algorithm: string, data: Buffer, encoding: 'hex'): string }).hash('sha1', data, 'hex')
    : (data) => crypto.createHash('sha1').update(data).digest('hex');

const VARIANT = '89ab';

/** A v5 generator under one namespace (a UUID string). */
export function uuidV5Under(namespace: string): UuidV5 {
  const hex = namespace.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a UUID namespace: ${namespace}`);
  let scratch = Buffer.alloc(256);
  scratch.write(hex, 0, 'hex');
  return (name) => {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (16 + name.length * 3 > scratch.length) {
      const grown = Buffer.alloc(16 + name.length * 3);
      scratch.copy(grown, 0, 0, 16);
      scratch = grown;
    }
    const length = 16 + scratch.write(name, 16, 'utf8');
    const h = sha1Hex(scratch.subarray(0, length));
    // Version nibble 5; variant bits 10xx on the first nibble of the fourth group.
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${VARIANT[parseInt(h[16]!, 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}
