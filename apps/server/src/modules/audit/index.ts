/** The audit trail's read side: filtered listing for admins and chain verification for the secretariat. */
export { createAuditService, type AuditService } from './audit.service.js';
export { auditRoutes } from './audit.routes.js';
