/**
 * Reports: submission (single and bulk), reading through the sharing policy, correction and retraction,
 * and the ingest path every write of scam intelligence goes through.
 */
export { createIngestService, INGEST_BATCH, type IngestService, type CommittedBatch, type Submitter } from './ingest.service.js';
export { createReportService, submitterOf, type ReportService } from './report.service.js';
export { reportRoutes } from './report.routes.js';
export { runBulkIngest, CSV_COLUMNS, ENCODING_MARK_BYTES, notUtf8File, type BulkSummary, type KeylessLineOptions } from './bulk-ingest.js';
export { lineKey, LINE_KEY_PREFIX } from './line-keys.js';
export { submitterViewer, visibleReportIds } from './report.repository.js';
export { KEY_REUSED_CODE } from './idempotency.js';
