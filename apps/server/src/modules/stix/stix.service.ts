import type { StixImportResult } from '@gpos/contracts';
import type { MemberActor } from '../../platform/auth/index.js';
import type { AuditContext } from '../../platform/audit/index.js';
import type { ServerDeps } from '../../platform/context.js';
import { viewerOf, visibleMarkingIds } from '../../platform/sharing/index.js';
import type { Submitter } from '../reports/index.js';
import { networkNotFound } from '../networks/network-successors.js';
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
      const viewer = await viewerOf(deps.db, actor);
      const members = await deps.db
        .selectFrom('report_networks')
        .select('report_id')
        .where('network_id', '=', networkId)
        .where('marking_id', 'in', visibleMarkingIds(deps.db, viewer))
        .orderBy('report_id')
        .limit(NETWORK_EXPORT_REPORTS)
        .execute();
      // Answered as the other network routes answer (networkNotFound): an id that does not exist and a
      // network the caller sees nothing of say the same, and a merged-away id names its successor only to
      // one who sees it. Before, the first said "not found" and the second "was not found", telling that a
      // network exists which the caller may not see.
      if (members.length === 0) throw await networkNotFound(deps.db, viewer, networkId);
      return exports.exportNetwork(actor, context, {
        id: networkId,
        name: `GPOS network ${networkId.slice(-8)}`,
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
