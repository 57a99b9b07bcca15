import type { Me } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { ownsReport } from './permissions';

const me = { organisation: { id: 'org-lotus' }, permissions: ['reports.write'], user: { role: 'platform_admin' } } as unknown as Me;

describe('ownsReport', () => {
  it('is the organisation that made the report, whatever the role', () => {
    expect(ownsReport(me, { organisationId: 'org-lotus' })).toBe(true);
    expect(ownsReport(me, { organisationId: 'org-kh-police' })).toBe(false);
  });

  it('is no one before the report or the session is known', () => {
    expect(ownsReport(me, undefined)).toBe(false);
    expect(ownsReport(null, { organisationId: 'org-lotus' })).toBe(false);
  });
});
