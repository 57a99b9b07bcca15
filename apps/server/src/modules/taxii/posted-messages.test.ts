import { describe, expect, it } from 'vitest';
import { postedObjectMessage } from './posted-messages.js';

describe('postedObjectMessage', () => {
  const base = { localType: null, localId: null, reason: null, reasonCode: null } as const;

  it('says a consumed object was stored within its report only when that report was stored', () => {
    expect(postedObjectMessage({ ...base, status: 'consumed', reason: 'part of report report--x', reasonCode: 'stix.part_of' })).toMatch(/^consumed: stored within the GPOS report/);
    expect(postedObjectMessage({ ...base, status: 'consumed', reason: 'its report was not imported', reasonCode: 'stix.group_not_imported' })).toBe('consumed: its report was not imported');
    expect(postedObjectMessage({ ...base, status: 'consumed', reason: 'not imported: the bundle was not applied', reasonCode: 'stix.bundle_not_applied' })).toBe('consumed: not imported: the bundle was not applied');
  });

  it('names the report a stored report is served as, and says why a failure failed', () => {
    expect(postedObjectMessage({ ...base, status: 'created', localType: 'report', localId: '01a24fd5-0010-755a-b694-9c9ff6616e51' })).toMatch(/^created: stored as GPOS report 01a24fd5-0010-755a-b694-9c9ff6616e51 .*served as report--/);
    expect(postedObjectMessage({ ...base, status: 'rejected', reason: 'x'.repeat(5000) })).toHaveLength(2000);
  });
});
