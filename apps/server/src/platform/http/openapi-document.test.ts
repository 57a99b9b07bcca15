import { describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission } from '../auth/permissions.js';
import { accessLine, operationAccess, operationIdOf, securityOf } from './openapi-document.js';

describe('OpenAPI shaping', () => {
  it('names operations after their method and path', () => {
    expect(operationIdOf('GET', '/api/v1/reports/:id/stix', '/api/v1')).toBe('getReportsByIdStix');
    expect(operationIdOf('POST', '/api/v1/networks/events/:eventId/undo', '/api/v1')).toBe('postNetworksEventsByEventIdUndo');
    expect(operationIdOf('GET', '/api/v1/audit-events/verify', '/api/v1')).toBe('getAuditEventsVerify');
    expect(operationIdOf('GET', '/healthz', '/api/v1')).toBe('getHealthz');
  });

  it('asks public operations for nothing, and any member for a key or a session', () => {
    expect(securityOf(operationAccess('public'), 'POST')).toEqual([]);
    expect(securityOf(operationAccess('authenticated'), 'GET')).toEqual([{ apiKey: [] }, { sessionCookie: [] }]);
    expect(securityOf(operationAccess('authenticated'), 'PATCH')).toEqual([{ apiKey: [] }, { sessionCookie: [], csrfToken: [] }]);
    expect(securityOf(operationAccess('authenticated', 'session'), 'POST')).toEqual([{ sessionCookie: [], csrfToken: [] }]);
    expect(() => operationAccess('metrics')).toThrow(/hide the route/);
  });

  it('takes the scope and roles of each permission from the permission table', () => {
    for (const [permission, rule] of Object.entries(PERMISSIONS) as [Permission, (typeof PERMISSIONS)[Permission]][]) {
      const security = securityOf(operationAccess({ permission }), 'GET');
      const roles = rule.roles === 'all' ? [] : [...rule.roles];
      expect(security).toEqual(rule.scope === null ? [{ sessionCookie: roles }] : [{ apiKey: [rule.scope] }, { sessionCookie: roles }]);
    }
  });

  it('says who may call, in words', () => {
    expect(accessLine(operationAccess({ permission: 'reports.write' }), 'POST')).toBe(
      '**Access:** permission `reports.write` — signed-in users with role `platform_admin`, `admin`, `analyst` or `investigator`; API keys with scope `write` or `admin`. With the session cookie, send the CSRF token in `x-csrf-token`.',
    );
    expect(accessLine(operationAccess({ permission: 'audit.verify' }), 'GET')).toBe(
      '**Access:** permission `audit.verify` — signed-in users with role `platform_admin`; not API keys, whatever their scopes (403).',
    );
    expect(accessLine(operationAccess('authenticated', 'session'), 'PATCH')).toBe('**Access:** authenticated — signed-in users of any role; not API keys (400). With the session cookie, send the CSRF token in `x-csrf-token`.');
    expect(accessLine(operationAccess('public'), 'GET')).toBe('**Access:** public — no credentials needed.');
  });
});
