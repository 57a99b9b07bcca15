import type en from '../i18n/locales/en.json';
import { PERMISSIONS, type Permission } from './permissions';

type Translations = typeof en;
export type NavSectionKey = keyof Translations['nav']['sections'];
export type NavItemKey = keyof Translations['nav']['items'];

export interface NavItem {
  key: NavItemKey;
  path: string;
  permission?: Permission;
  /** Capabilities still to come get a placeholder page until their module lands. */
  placeholder?: boolean;
}

export interface NavSection {
  key: NavSectionKey;
  items: NavItem[];
}

/** The sharing communities page (it was /admin/communities, for administrators only, which still leads here). */
export const COMMUNITIES_PATH = '/cooperation/communities';

export const NAV_SECTIONS: NavSection[] = [
  {
    key: 'intelligence',
    items: [
      { key: 'lookup', path: '/intelligence/lookup', permission: PERMISSIONS.lookup },
      { key: 'reports', path: '/reports', permission: PERMISSIONS.reportsRead },
      { key: 'submitReport', path: '/reports/new', permission: PERMISSIONS.reportsWrite },
      { key: 'bulkUpload', path: '/reports/bulk', permission: PERMISSIONS.reportsWrite },
      { key: 'import', path: '/import', permission: PERMISSIONS.reportsWrite },
      { key: 'watchlists', path: '/watchlists', permission: PERMISSIONS.watchlistsManage },
      { key: 'warninglists', path: '/warninglists', permission: PERMISSIONS.lookup },
    ],
  },
  { key: 'networks', items: [{ key: 'networks', path: '/networks' }] },
  {
    key: 'cooperation',
    items: [
      // Everyone who may look up may ask for access; admins and analysts also answer what is asked of them.
      { key: 'accessRequests', path: '/cooperation/access-requests', permission: PERMISSIONS.lookup },
      // Everyone reads the communities their organisation belongs to (a report's marking picks one);
      // administrators also create and change them there.
      { key: 'communities', path: COMMUNITIES_PATH, permission: PERMISSIONS.communitiesRead },
      { key: 'cooperation', path: '/cooperation', placeholder: true },
    ],
  },
  { key: 'victims', items: [{ key: 'victims', path: '/victim-protection', placeholder: true }] },
  { key: 'assets', items: [{ key: 'assets', path: '/assets', placeholder: true }] },
  { key: 'prevention', items: [{ key: 'prevention', path: '/prevention', placeholder: true }] },
  { key: 'partnership', items: [{ key: 'partnership', path: '/partnership', placeholder: true }] },
  {
    key: 'administration',
    items: [
      { key: 'organisations', path: '/admin/organisations' },
      { key: 'users', path: '/admin/users', permission: PERMISSIONS.usersManage },
      { key: 'apiKeys', path: '/admin/api-keys', permission: PERMISSIONS.apiKeysManage },
      { key: 'audit', path: '/admin/audit', permission: PERMISSIONS.auditRead },
      { key: 'federation', path: '/federation', permission: PERMISSIONS.federationManage },
    ],
  },
];

const ALL_ITEMS = NAV_SECTIONS.flatMap((s) => s.items);

/**
 * The navigation item a path belongs to: the one with the longest matching path, so `/reports/new` is
 * "Submit report" while `/reports/1234` stays under "Reports".
 */
export function activeItemPath(pathname: string): string | null {
  let best: string | null = null;
  for (const item of ALL_ITEMS) {
    if (pathname === item.path || pathname.startsWith(`${item.path}/`)) {
      if (!best || item.path.length > best.length) best = item.path;
    }
  }
  return best;
}

export const PLACEHOLDER_ITEMS = NAV_SECTIONS.flatMap((s) => s.items).filter((i) => i.placeholder);

export const sectionLabelKey = (key: NavSectionKey) => `nav.sections.${key}` as const;
export const itemLabelKey = (key: NavItemKey) => `nav.items.${key}` as const;
export const itemDescriptionKey = (key: NavItemKey) => `nav.descriptions.${key}` as const;
