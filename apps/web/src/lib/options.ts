import type { TFunction } from 'i18next';
import {
  API_KEY_SCOPES,
  ORGANISATION_STATUSES,
  ORGANISATION_TYPES,
  USER_ROLES,
  USER_STATUSES,
  type OrganisationType,
  type UserRole,
} from '@gpos/contracts';

/** An organisation kind in the reader's language; a kind the app does not know yet is shown as sent. */
export const organisationTypeLabel = (t: TFunction, type: string): string => t(`orgTypes.${type}` as 'orgTypes.bank', { defaultValue: type });

export const organisationTypeOptions = (t: TFunction) =>
  ORGANISATION_TYPES.map((value) => ({ value, label: t(`orgTypes.${value}`) }));

export const organisationStatusOptions = (t: TFunction) =>
  ORGANISATION_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }));

export const userStatusOptions = (t: TFunction) => USER_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }));

export const roleOptions = (t: TFunction, roles: readonly UserRole[] = USER_ROLES) =>
  roles.map((value) => ({ value, label: t(`roles.${value}`) }));

export const scopeOptions = (t: TFunction) => API_KEY_SCOPES.map((value) => ({ value, label: t(`scopes.${value}`) }));

export function isOrganisationType(value: string | null): value is OrganisationType {
  return value !== null && (ORGANISATION_TYPES as readonly string[]).includes(value);
}
