import type { ApiKeyScope, UserRole } from '@gpos/contracts';
import type { Actor } from './actor.js';

/**
 * What each role may do, declared in one table. Routes name a permission; nothing else decides.
 * `*.any` permissions cross organisation boundaries and belong to the secretariat (platform_admin) only;
 * API keys can never hold them, whatever their scopes.
 */
export const PERMISSIONS = {
  'organisations.read': { scope: 'read', roles: 'all' },
  'organisations.manage': { scope: null, roles: ['platform_admin'] },
  'users.read': { scope: 'admin', roles: ['platform_admin', 'admin'] },
  'users.manage': { scope: 'admin', roles: ['platform_admin', 'admin'] },
  'users.manage.any': { scope: null, roles: ['platform_admin'] },
  'apikeys.manage': { scope: 'admin', roles: ['platform_admin', 'admin'] },
  'apikeys.manage.any': { scope: null, roles: ['platform_admin'] },
  'communities.read': { scope: 'read', roles: 'all' },
  'communities.manage': { scope: 'admin', roles: ['platform_admin', 'admin'] },
  'communities.manage.any': { scope: null, roles: ['platform_admin'] },
  'audit.read': { scope: 'admin', roles: ['platform_admin', 'admin'] },
  'audit.read.any': { scope: null, roles: ['platform_admin'] },
  'audit.verify': { scope: null, roles: ['platform_admin'] },
  'reports.read': { scope: 'read', roles: 'all' },
  'reports.write': { scope: 'write', roles: ['platform_admin', 'admin', 'analyst', 'investigator'] },
  'lookup': { scope: 'read', roles: 'all' },
  // Asking holders for access (and withdrawing the ask) speaks for the organisation: its name goes to the
  // holders. Every person may ask (the audit names them); an API key needs the write scope — a read-only
  // key is for looking things up, and may still see that a hit exists.
  'access_requests.create': { scope: 'write', roles: 'all' },
  // Reading and answering the access requests made to one's own organisation: deciding whether to share
  // its reports is the organisation's call, made by its admins and analysts (the answer changes no marking).
  'access_requests.answer': { scope: 'write', roles: ['platform_admin', 'admin', 'analyst'] },
  'indicators.dispute': { scope: 'write', roles: 'all' },
  'indicators.status': { scope: 'write', roles: ['platform_admin', 'admin', 'analyst', 'investigator'] },
  'warninglists.read': { scope: 'read', roles: 'all' },
  'warninglists.manage': { scope: null, roles: ['platform_admin'] },
  'watchlists.manage': { scope: 'write', roles: ['platform_admin', 'admin', 'analyst', 'investigator'] },
  'events.read': { scope: 'read', roles: 'all' },
  'fx.read': { scope: 'read', roles: 'all' },
  'fx.manage': { scope: null, roles: ['platform_admin'] },
  'networks.read': { scope: 'read', roles: 'all' },
  'networks.decide': { scope: 'write', roles: ['platform_admin', 'analyst', 'investigator'] },
  // Peers are node-wide (what the whole node imports, and the keys it holds): the secretariat's.
  'federation.manage': { scope: null, roles: ['platform_admin'] },
} as const satisfies Record<string, { scope: ApiKeyScope | null; roles: 'all' | readonly UserRole[] }>;

export type Permission = keyof typeof PERMISSIONS;

const SCOPE_IMPLIES: Record<ApiKeyScope, readonly ApiKeyScope[]> = {
  read: ['read'],
  write: ['read', 'write'],
  admin: ['read', 'write', 'admin'],
  // Grants no route: it says whose word a TAXII push is (the peer node's own), not what the key may do.
  node: [],
};

export function can(actor: Actor, permission: Permission): boolean {
  const rule = PERMISSIONS[permission];
  if (actor.kind === 'anonymous' || actor.kind === 'operator') return false;
  if (actor.kind === 'user') {
    return rule.roles === 'all' || (rule.roles as readonly UserRole[]).includes(actor.role);
  }
  if (rule.scope === null) return false;
  return actor.scopes.some((scope) => SCOPE_IMPLIES[scope].includes(rule.scope));
}

export function permissionsOf(actor: Actor): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(actor, permission));
}
