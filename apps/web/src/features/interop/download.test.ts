import { describe, expect, it } from 'vitest';
import { defaultExportName, filenameFromDisposition } from './download';
import { parseCollectionIds } from './PeerFormModal';

describe('filenameFromDisposition', () => {
  it('reads quoted, bare and RFC 5987 names, preferring filename*', () => {
    expect(filenameFromDisposition('attachment; filename="network-1.json"')).toBe('network-1.json');
    expect(filenameFromDisposition('attachment; filename=report.stix.json')).toBe('report.stix.json');
    expect(filenameFromDisposition(`attachment; filename="fallback.json"; filename*=UTF-8''r%C3%A9seau.json`)).toBe('réseau.json');
    expect(filenameFromDisposition('attachment; filename="a \\"b\\".json"')).toBe('a "b".json');
  });

  it('keeps a name a name, and answers null when there is none', () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('.._.._etc_passwd');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
    expect(filenameFromDisposition('attachment; filename=""')).toBeNull();
  });

  it('falls back to gpos-<kind>-<id>.<format>.json', () => {
    expect(defaultExportName('report', 'abc', 'stix')).toBe('gpos-report-abc.stix.json');
    expect(defaultExportName('network', 'n1', 'misp')).toBe('gpos-network-n1.misp.json');
  });
});

describe('parseCollectionIds', () => {
  it('takes one id per line or comma, trimmed, blank lines and repeats dropped', () => {
    expect(parseCollectionIds(' a \n\nb, c\na ')).toEqual(['a', 'b', 'c']);
    expect(parseCollectionIds('   ')).toEqual([]);
  });
});
