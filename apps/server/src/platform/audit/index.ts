/**
 * The audit chain: append-only, hash-chained events written in the same transaction as the change they
 * record, and the verifier that finds the first broken link. Listing lives in modules/audit.
 */
export { appendAudit, verifyAuditChain, eventHash, type AuditContext, type AuditEntry, type VerifyResult } from './audit-chain.js';
