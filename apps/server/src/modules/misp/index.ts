/**
 * MISP interchange: importing MISP events (JSON exports, REST answers, feed directories) as GPOS reports
 * through the ingest path, and exporting reports as MISP events built on MISP's own object templates.
 * The module owns the mapping between MISP's vocabulary (attribute types, object relations, TLP tags,
 * distribution levels) and GPOS's (indicator types, markings); it stores nothing of its own.
 */
export { createMispImportService, type MispDocument, type MispImportService } from './misp-import.js';
export { buildMispEvent, createMispExportService, GPOS_MISP_NAMESPACE, type MispExportService } from './misp-export.js';
export { readMispSource, type MispSource } from './misp-feed.js';
export { createOwnReportLookup } from './misp-provenance.js';
export { mispRoutes } from './misp.routes.js';
