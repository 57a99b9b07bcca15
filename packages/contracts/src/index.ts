/**
 * @gpos/contracts — the shapes and vocabularies the server, the web app and machine clients agree on:
 * enums (TLP, roles, organisation types), shared limits, and the zod schemas of every API body, query and
 * response. The server validates with these; the web app builds its forms from them.
 */
export * from './enums.js';
export * from './limits.js';
export * from './bulk-lines.js';
export * from './countries.js';
export * from './currencies.js';
export * from './indicator-types.js';
export * from './network-history.js';
export * from './schemas/common.js';
export * from './schemas/organisations.js';
export * from './schemas/users.js';
export * from './schemas/auth.js';
export * from './schemas/api-keys.js';
export * from './schemas/communities.js';
export * from './schemas/marking.js';
export * from './schemas/audit.js';
export * from './schemas/reports.js';
export * from './schemas/intelligence.js';
export * from './schemas/access-requests.js';
export * from './schemas/networks.js';
export * from './schemas/misp.js';
export * from './schemas/stix.js';
export * from './schemas/federation.js';
