/** Warninglists: known-benign identifiers (shipped and admin-managed) that never flag and never link. */
export { createWarninglistService, reservedAddress, type WarninglistService } from './warninglist.service.js';
export { warninglistRoutes } from './warninglist.routes.js';
