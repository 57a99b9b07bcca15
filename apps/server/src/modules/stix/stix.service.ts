import type { StixImportResult } from '@gpos/contracts';
import type { ServerDeps } from '../../platform/context.js';
import type { IngestService, Submitter } from '../reports/index.js';
import { createStixExportService } from './stix-export.service.js';
import { importStixBundle, type StixImportOptions } from './stix-import.js';

/** The STIX module's services as the routes, the CLI and (later) federation use them. */
export function createStixService(deps: Pick<ServerDeps, 'db' | 'engine' | 'config'>, intelligence: { ingest: IngestService }) {
  return {
    exports: createStixExportService(deps),
    importBundle: (submitter: Submitter, bundle: unknown, options: StixImportOptions = {}): Promise<StixImportResult> =>
      importStixBundle({ deps, ingest: intelligence.ingest }, submitter, bundle, options),
  };
}

export type StixService = ReturnType<typeof createStixService>;
