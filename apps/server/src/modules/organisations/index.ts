/**
 * Organisations: the partnership's member directory (law enforcement, FIUs, regulators, banks, telcos,
 * platforms, international bodies, civil society), readable by every member and managed by the secretariat.
 */
export { createOrganisationService, type OrganisationHooks, type OrganisationService } from './organisation.service.js';
export { organisationRoutes } from './organisation.routes.js';
export { toOrganisation, findOrganisation } from './organisation.repository.js';
export { assertOrganisationNameFree, organisationNameKey } from './organisation-names.js';
export { requireActiveOrganisation } from './organisation-active.js';
