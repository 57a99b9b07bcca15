import type { Me } from '@gpos/contracts';

export const PERMISSIONS = {
  organisationsManage: 'organisations.manage',
  usersManage: 'users.manage',
  apiKeysManage: 'apikeys.manage',
  auditRead: 'audit.read',
  communitiesRead: 'communities.read',
  communitiesManage: 'communities.manage',
  /** The `.any` permissions cross organisation boundaries (the secretariat only). */
  usersManageAny: 'users.manage.any',
  apiKeysManageAny: 'apikeys.manage.any',
  communitiesManageAny: 'communities.manage.any',
  auditVerify: 'audit.verify',
  reportsRead: 'reports.read',
  reportsWrite: 'reports.write',
  lookup: 'lookup',
  /** Any status of an indicator; every member may still dispute one. */
  indicatorsStatus: 'indicators.status',
  warninglistsManage: 'warninglists.manage',
  watchlistsManage: 'watchlists.manage',
  /** TAXII peers of the node (the secretariat only). */
  federationManage: 'federation.manage',
} as const;

export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

export function can(me: Me | null | undefined, permission: Permission): boolean {
  return Boolean(me?.permissions.includes(permission));
}

/** Cross-organisation powers: granted by the server's permission list, or implied by the platform admin role. */
export function canAcrossOrganisations(me: Me | null | undefined, permission: Permission): boolean {
  return can(me, permission) || isPlatformAdmin(me);
}

export function isPlatformAdmin(me: Me | null | undefined): boolean {
  return me?.user?.role === 'platform_admin';
}

/** Only the organisation that made a report corrects or retracts it (the server refuses anyone else, admins too). */
export function ownsReport(me: Me | null | undefined, report: { organisationId: string } | null | undefined): boolean {
  return Boolean(me && report && report.organisationId === me.organisation.id);
}
