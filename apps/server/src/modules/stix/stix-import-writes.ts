import { stampShown } from './timestamp-order.js';
import { LIMITS } from '@gpos/contracts';
import type { StixObjectsTable } from '../../db/schema.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { cutToUtf16Units } from '../../platform/cut-text.js';
import { AppError, coded } from '../../platform/errors.js';
import { refusals } from '../../platform/refusals.js';
import { INGEST_BATCH, type Submitter } from '../reports/index.js';
import { claimIfUnchanged, recordChanges, retractSightings } from '../reports/report.repository.js';
import { extensionOf, PROVENANCE, reject, str, type Group } from './stix-import-model.js';
import type { StixImportDeps } from './stix-import.js';
import { provenanceOf, recordProvenance } from './stix-provenance.repository.js';
import { say, setReason, stixError } from './stix-reasons.js';

/**
 * Applies what the importer decided for each ready group, and records where each report came from:
 * creations through the ingest path in batches (keyed by the STIX id, so an interrupted import completes
 * when repeated), corrections as new versions through the same path, retractions in a transaction of
 * their own that also runs the retraction hooks (the network linker's queue). Each group's result says
 * what happened to it.
 */
export async function writeDecisions(
  { deps, ingest, hooks }: StixImportDeps,
  { submitter, context, sourceNode, speaksForSourceNode, now }: { submitter: Submitter; context: AuditContext; sourceNode: string | null; speaksForSourceNode: boolean; now: string },
  ready: readonly Group[],
): Promise<void> {
  const { db, engine } = deps;
  // The reports an import writes record the node in their own transaction (Submitter.sourceNode): a report
  // that was already there under the object's key (a duplicate) was not written from this object, and keeps
  // its own; a correction without a node keeps its report's. Whether the import may set any marking on the
  // node's reports is the caller's word (StixImportOptions.speaksForSourceNode), never the node's name alone.
  const writer: Submitter = { ...submitter, sourceNode, speaksForSourceNode };
  const provenance: StixObjectsTable[] = [];
  const known: StixObjectsTable[] = [];
  const row = (group: Group, localId: string): StixObjectsTable => ({
    organisation_id: submitter.organisationId,
    stix_id: group.root.id!,
    stix_type: group.root.type!,
    local_type: 'report',
    local_id: localId,
    modified: group.modified || null,
    revoked: !group.revoked ? PROVENANCE.live : group.withdrawn ? PROVENANCE.withdrawn : PROVENANCE.revoked,
    // Without one, the node recorded stays (recordProvenance).
    source_node: sourceNode,
    created_by_ref: group.createdByRef,
    imported_at: group.existing?.imported_at ?? now,
    updated_at: now,
  });
  const creates = ready.filter((g) => g.decision === 'create');
  for (let i = 0; i < creates.length; i += INGEST_BATCH) {
    const chunk = creates.slice(i, i + INGEST_BATCH);
    // The key is the object's id: another version of it imported at the same moment is a duplicate of that import.
    const outcomes = await ingest.ingestBatch(writer, context, chunk.map((g) => g.input!), 'stix.import', undefined, { sameKeyOtherContent: 'duplicate' });
    outcomes.forEach((outcome, k) => {
      const group = chunk[k]!;
      if (outcome.status === 'rejected') {
        // The ingest path's errors keep their codes (a normaliser's, a marking's), for the reader's language.
        reject(group.root, outcome.errors.map((e) => ({ ...e, path: `gpos.${e.path}` })));
        return;
      }
      group.root.result.status = outcome.status === 'accepted' ? 'created' : 'duplicate';
      if (outcome.status === 'duplicate') setReason(group.root.result, say('stix.same_stix_id'));
      else if (group.existing?.revoked === PROVENANCE.withdrawn) setReason(group.root.result, say('stix.shared_again', { id: group.existing.local_id }));
      group.root.result.localType = 'report';
      // A duplicate of a report the submitter may not see (a colleague's RED one) is not named: its id
      // would say when it was made and how to address it (see report.service.ts, create).
      group.root.result.localId = outcome.status === 'duplicate' && !outcome.visible ? null : outcome.reportId;
      // A duplicate was not written from this object: the report is another import's (of this object, or
      // of another version of it imported at the same moment). Its version is that import's to record:
      // this one only maps the object to the report if nothing does yet, claiming no version.
      if (outcome.status === 'duplicate') known.push({ ...row(group, outcome.reportId), modified: null });
      else provenance.push(row(group, outcome.reportId));
    });
    await db.transaction().execute(async (trx) => {
      await recordProvenance(trx, known.splice(0), { ifAbsent: true });
      await recordProvenance(trx, provenance.splice(0));
    });
  }
  for (const group of ready.filter((g) => g.decision === 'correct')) {
    const before = await db.selectFrom('reports').selectAll().where('id', '=', group.existing!.local_id).where('organisation_id', '=', submitter.organisationId).executeTakeFirst();
    if (!before || before.status === 'retracted') {
      group.root.result.status = 'duplicate';
      setReason(group.root.result, before ? say('stix.retracted_here') : say('stix.local_report_gone'));
      continue;
    }
    let outcome: Awaited<ReturnType<typeof ingest.ingestBatch>>[number] | undefined;
    try {
      // The provenance is recorded with the correction, under its claim on the report.
      const within = async (trx: typeof db) => {
        // Under the correction's claim on the report: an import of this version (or a newer one) that read
        // the report after another had corrected it would claim that newer version and apply it again.
        const stored = (await provenanceOf(trx, submitter.organisationId, [group.root.id!])).get(group.root.id!);
        if (stored?.modified && group.modified && stored.modified >= group.modified) {
          throw coded('conflict', refusals.say('refusal.stix_imported_meanwhile', { object: group.root.id! }));
        }
        await recordProvenance(trx, [row(group, before.id)]);
      };
      [outcome] = await ingest.ingestBatch(writer, context, [{ ...group.input!, idempotencyKey: undefined }], 'stix.correct', { report: before, within });
    } catch (error) {
      // The report changed since it was read: another import of this same version (or a newer one) got
      // there first. That one's version stands; this one is a duplicate of it, not a failure of the bundle.
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      const stored = (await provenanceOf(db, submitter.organisationId, [group.root.id!])).get(group.root.id!);
      if (!stored?.modified || !group.modified || stored.modified < group.modified) throw error;
      group.root.result.status = 'duplicate';
      setReason(group.root.result, stored.modified === group.modified ? say('stix.same_modified') : say('stix.older_version', { modified: stampShown(stored.modified) }));
      continue;
    }
    if (!outcome || outcome.status === 'rejected') {
      // At the field of the report it would become (`gpos.loss.amount`), as a creation's errors are.
      reject(group.root, outcome?.status === 'rejected' ? outcome.errors.map((e) => ({ ...e, path: `gpos.${e.path}` })) : [stixError('object', 'stix.correction_not_accepted')]);
      continue;
    }
    group.root.result.status = 'corrected';
    group.root.result.localType = 'report';
    group.root.result.localId = before.id;
  }
  for (const group of ready.filter((g) => g.decision === 'retract')) {
    const localId = group.existing!.local_id;
    const before = await db.selectFrom('reports').selectAll().where('id', '=', localId).where('organisation_id', '=', submitter.organisationId).executeTakeFirst();
    group.root.result.localType = 'report';
    if (!before || before.status === 'retracted') {
      group.root.result.status = 'duplicate';
      setReason(group.root.result, say('stix.already_retracted'));
      continue;
    }
    // A withdrawal carries no reason of its source's (nor anything else of the report): it says what happened.
    const from = `its source${sourceNode ? ` ${sourceNode}` : ''} (STIX ${group.root.id})`;
    const reason = group.withdrawn ? `withdrawn from this node's audience by ${from}` : (str(extensionOf(group.root.object).retraction_reason) ?? `revoked by ${from}`);
    const retracted = await db.transaction().execute(async (trx) => {
      // Retracted or corrected since it was read (the same revocation imported twice at once, say).
      if (!(await claimIfUnchanged(trx, before, now))) return false;
      await retractSightings(trx, localId);
      await trx.updateTable('reports').set({ status: 'retracted', retraction_reason: cutToUtf16Units(reason, LIMITS.description), retracted_at: now, updated_at: now, version: before.version + 1 }).where('id', '=', localId).execute();
      await recordChanges(trx, [{ report_id: localId, change: 'retracted', version: before.version + 1, at: now }]);
      await recordProvenance(trx, [row(group, localId)]);
      await appendAudit(trx, engine, context, { action: 'stix.retract', targetType: 'report', targetId: localId, summary: { stixId: group.root.id, sourceNode, ...(group.withdrawn ? { withdrawn: true } : {}) } });
      for (const hook of hooks.withinRetraction ?? []) await hook(trx, localId);
      return true;
    });
    if (!retracted) {
      const current = await db.selectFrom('reports').select('status').where('id', '=', localId).executeTakeFirst();
      if (current?.status !== 'retracted') throw coded('conflict', refusals.say('refusal.stix_corrected_meanwhile', { id: localId, object: group.root.id! }));
      group.root.result.status = 'duplicate';
      setReason(group.root.result, say('stix.already_retracted'));
      continue;
    }
    for (const listener of hooks.onRetracted ?? []) listener(localId);
    group.root.result.status = 'retracted';
    if (group.withdrawn) setReason(group.root.result, say('stix.withdrawn_by_source'));
  }
}
