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

export const NAV_SECTIONS: NavSection[] = [
  {
    key: 'intelligence',
    items: [
      { key: 'lookup', path: '/intelligence/lookup', placeholder: true },
      { key: 'reports', path: '/intelligence/reports', placeholder: true },
    ],
  },
  { key: 'networks', items: [{ key: 'networks', path: '/networks', placeholder: true }] },
  { key: 'cooperation', items: [{ key: 'cooperation', path: '/cooperation', placeholder: true }] },
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
      { key: 'communities', path: '/admin/communities', permission: PERMISSIONS.communitiesManage },
      { key: 'audit', path: '/admin/audit', permission: PERMISSIONS.auditRead },
    ],
  },
];

export const PLACEHOLDER_ITEMS = NAV_SECTIONS.flatMap((s) => s.items).filter((i) => i.placeholder);

export const sectionLabelKey = (key: NavSectionKey) => `nav.sections.${key}` as const;
export const itemLabelKey = (key: NavItemKey) => `nav.items.${key}` as const;
export const itemDescriptionKey = (key: NavItemKey) => `nav.descriptions.${key}` as const;
