import type { StixImportResult } from '@gpos/contracts';
import type { MemberActor } from '../../platform/auth/index.js';
import type { AuditContext } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors.js';
import type { ServerDeps } from '../../platform/context.js';
import { viewerOf, visibleMarkingIds } from '../../platform/sharing/index.js';
import type { Submitter } from '../reports/index.js';
import { createStixExportService, NETWORK_EXPORT_REPORTS } from './stix-export.service.js';
import { importStixBundle, type StixImportOptions, type StixImportServices } from './stix-import.js';

/**
 * The STIX module's services as the routes use them. `stixImport` is the ingest service and what an imported
 * retraction triggers (app.ts passes `intelligence.stixImport`: the network linker's hooks, as the report
 * service's retraction gets them); imported creations and corrections go through `ingest` and its hooks.
 */
export function createStixService(deps: Pick<ServerDeps, 'db' | 'engine' | 'config'>, stixImport: StixImportServices) {
  const exports = createStixExportService(deps);
  return {
    exports,
    /**
     * A network as an intrusion-set with its visible reports. Membership comes from the networks module's
     * `report_networks`; the export keeps only the reports the caller may see (404 when none), and the
     * activity dates and the intrusion-set's own times come from those reports, so hidden ones reveal nothing.
     * The first NETWORK_EXPORT_REPORTS of those the caller may see, by id: capped before the sharing check, a
     * network's later reports were never exported, and a caller who may see only those was answered 404.
     */
    async exportNetwork(actor: MemberActor, context: AuditContext, networkId: string) {
      const network = await deps.db.selectFrom('networks').select('id').where('id', '=', networkId).executeTakeFirst();
      if (!network) throw new AppError('not_found', `Network ${networkId} not found`);
      const viewer = await viewerOf(deps.db, actor);
      const members = await deps.db
        .selectFrom('report_networks')
        .select('report_id')
        .where('network_id', '=', networkId)
        .where('marking_id', 'in', visibleMarkingIds(deps.db, viewer))
        .orderBy('report_id')
        .limit(NETWORK_EXPORT_REPORTS)
        .execute();
      return exports.exportNetwork(actor, context, {
        id: network.id,
        name: `GPOS network ${network.id.slice(-8)}`,
        summary: null,
        firstActivity: null,
        lastActivity: null,
        reportIds: members.map((m) => m.report_id),
      });
    },
    importBundle: (submitter: Submitter, bundle: unknown, options: StixImportOptions = {}): Promise<StixImportResult> =>
      importStixBundle({ deps, ...stixImport }, submitter, bundle, options),
  };
}

export type StixService = ReturnType<typeof createStixService>;
