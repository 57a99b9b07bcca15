/**
 * STIX 2.1 exchange: exporting reports, indicators and networks as deterministic, schema-valid STIX
 * bundles (mappers live beside their modules as `*.stix.ts`; this module assembles and validates), and
 * importing STIX bundles into reports, indicators and sightings with provenance (the `stix_objects`
 * table). It owns the OASIS schemas it validates against and the GPOS extension-definitions
 * (docs/stix.md, docs/stix-extensions.md). Federation over TAXII builds on `importStixBundle` and the
 * export service.
 */
export { createStixService, type StixService } from './stix.service.js';
export { createStixExportService, type StixExportService } from './stix-export.service.js';
export { importStixBundle, type StixImportDeps, type StixImportHooks, type StixImportOptions, type StixImportServices } from './stix-import.js';
export { stixRoutes } from './stix.routes.js';
export { StixBundleBuilder, mergeCopies, GPOS_EXTENSION_DEFINITIONS, type StixBundle } from './stix-bundle.js';
export { validateStixObject } from './stix-validator.js';
export { GPOS_STIX_NAMESPACE, STIX_SCO_NAMESPACE, scoId, gposId, canonicalJson } from './stix-ids.js';

/** True when a parsed JSON document is a STIX bundle (how `gpos import` tells one from NDJSON or CSV). */
export const isStixBundle = (document: unknown): boolean =>
  typeof document === 'object' && document !== null && !Array.isArray(document) && (document as { type?: unknown }).type === 'bundle';
